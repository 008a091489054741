// Config schema and docs of HTTP delivery (outbound.http).
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { zSecret } from '../../../lib/secret.js';
import { parseDuration } from '../../../lib/duration.js';
import { routesSchema } from '../../sdk/routing.js';
import { deliveryConcurrencySchema, deliveryRetrySchema } from '../../sdk/delivery-options.js';

const url = z
  .string()
  .url()
  .refine((u) => /^https?:/.test(u), 'an http(s) URL')
  .refine((u) => {
    const p = new URL(u);
    return p.username === '' && p.password === '';
  }, 'no credentials in the URL: use bearerToken, apiKey or basicAuth');

export const httpDeliveryConfig = z
  .object({
    url: url.describe('Where records are POSTed; a route\'s `to` (another URL) replaces it.'),
    routes: routesSchema,
    bearerToken: zSecret().optional().describe('Sent as Authorization: Bearer <token>.'),
    apiKey: z
      .object({ header: z.string().min(1).describe('Header name, e.g. X-API-Key.'), value: zSecret().describe('The key.') })
      .strict()
      .optional()
      .describe('An API key sent in a header.'),
    basicAuth: z.object({ username: z.string().min(1), password: zSecret() }).strict().optional().describe('HTTP Basic credentials.'),
    headers: z.record(z.string(), z.string()).default({}).describe('More request headers (not secret; use the fields above for credentials).'),
    timeout: z
      .union([z.string(), z.number()])
      .refine((v) => {
        try {
          parseDuration(v);
          return true;
        } catch {
          return false;
        }
      }, 'a duration such as 30s')
      .default('30s')
      .describe('Time allowed per request; a timeout is retried.'),
    duplicateStatuses: z.array(z.number().int().min(200).max(599)).default([409]).describe('Statuses meaning "already have it" (the receiver\'s own duplicate check): tracked as duplicate, not as failure.'),
    retry: deliveryRetrySchema,
    concurrency: deliveryConcurrencySchema,
  })
  .strict();

export type HttpDeliveryConfig = z.output<typeof httpDeliveryConfig>;

export const httpDeliverySpec: ComponentSpec<typeof httpDeliveryConfig> = {
  type: 'outbound.http',
  kind: 'outbound',
  summary: 'POSTs records to a partner\'s HTTP endpoint with an Idempotency-Key derived from edi-id.',
  description: `
The body is the record's payload, with its content type; \`Idempotency-Key\` is the record's edi-id, so
a retry or a redelivery after a crash is recognisable by the receiver, and \`X-EDI-Id\` /
\`X-EDI-Correlation-Id\` carry the ids. 2xx is delivered; the \`duplicateStatuses\` (409) are tracked as
duplicates; 408, 425, 429 and 5xx, timeouts and network errors are retried with backoff (honouring
Retry-After); any other 4xx goes to the DLQ at once with the status and the start of the answer.`,
  config: httpDeliveryConfig,
  secrets: ['bearerToken', 'apiKey.value', 'basicAuth.password'],
  examples: [
    {
      title: 'a buyer\'s document API',
      config: {
        url: 'https://edi.buyer.example/api/documents',
        bearerToken: '${env:BUYER_API_TOKEN}',
        routes: [{ topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'SE5560000001' }],
      },
    },
  ],
};
