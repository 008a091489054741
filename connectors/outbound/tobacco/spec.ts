// Configuration of the EU tobacco router client (outbound.tobacco-router). The router's
// message sub-paths are not public (reference README), so every URL is configurable, per
// message type where needed; a config file per environment (sandbox, acceptance, production)
// sets the URLs, the client id and the secret (${env:…} / ${file:…}).
import { z } from 'zod';
import { zSecret } from '../../../lib/secret.js';
import { MESSAGE_TYPES, type MessageType } from '../../../schemas/tobacco/index.js';
import type { ComponentSpec } from '../../../topics/component.js';

const duration = z.union([z.string(), z.number()]);

export const tobaccoRouterConfig = z
  .object({
    environment: z.string().regex(/^[a-z0-9-]+$/).default('sandbox').describe('name of the router environment (sandbox, acceptance, production): carried in every receipt and log line'),
    tokenUrl: z.url().describe('OAuth2 token endpoint; POSTed with ?grant_type=client_credentials and HTTP Basic client_id:secret'),
    messageUrl: z.url().describe('where messages are POSTed'),
    messageUrls: z
      .partialRecord(z.enum(MESSAGE_TYPES as [MessageType, ...MessageType[]]), z.url())
      .default({})
      .describe('another URL for some message types (e.g. RCL: …/v1/recall); the router sub-paths are not public'),
    clientId: z.string().min(1).describe('OAuth2 client id issued to the economic operator'),
    clientSecret: zSecret().describe('OAuth2 client secret (${env:…} / ${file:…}); never logged'),
    topics: z.array(z.string()).min(1).default(['tobacco.messages']).describe('topics of data-dictionary messages to deliver'),
    receiptsTopic: z.string().default('tobacco.receipts').describe('where the router answers (Code, warnings) go'),
    tokenRefreshBefore: duration.default('60s').describe('a cached token is renewed this long before expires_in runs out'),
    requestTimeout: duration.default('30s').describe('per HTTP request'),
    concurrency: z.number().int().min(1).max(64).default(8).describe('EO_IDs delivered at the same time (each EO_ID in order)'),
    maxBatchRecords: z.number().int().min(1).max(10_000).default(200).describe('records taken from the bus per batch'),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).default(12).describe('attempts per message, the first included'),
        initialDelay: duration.default('500ms').describe('delay before the second attempt; doubles each time'),
        maxDelay: duration.default('60s').describe('longest delay between attempts (a Retry-After may ask for more)'),
      })
      .strict()
      .prefault({})
      .describe('5xx, network and token failures: exponential backoff with jitter, then the DLQ'),
    archive: z
      .object({
        enabled: z.boolean().default(true).describe('write the archive'),
        dir: z.string().optional().describe('default <dataDir>/archive/tobacco'),
      })
      .strict()
      .prefault({})
      .describe('keeps the exact bytes sent, <dir>/<YYYY-MM-DD>/<Code>.json'),
  })
  .strict();

export type TobaccoRouterConfig = z.output<typeof tobaccoRouterConfig>;

export const tobaccoRouterSpec: ComponentSpec<typeof tobaccoRouterConfig> = {
  type: 'outbound.tobacco-router',
  kind: 'outbound',
  summary: 'Delivers EU tobacco data-dictionary messages to the repository router; receipts to tobacco.receipts',
  description:
    'Consumes tobacco.messages and POSTs each message\'s exact bytes (serialised once by the transformer; the same bytes are hashed, sent and archived) with Authorization: <token>, X-OriginalHash: <lower-case hex MD5 of the bytes> and Content-Type: application/json; charset=utf-8 (Reg. 2018/574; the router protocol in the reference README). The token comes from the OAuth2 client-credentials endpoint (HTTP Basic client_id:secret), is cached until shortly before expires_in, and is renewed once when the router answers 401 INVALID_OR_EXPIRED_TOKEN. 202 and 299 (accepted with a warning) put a receipt with the recall Code and the warnings on tobacco.receipts; 400 sends the record to tobacco.dlq with the router\'s Errors[]; 5xx and network failures are retried with backoff. Every message carries its recall Code, the same on every retry and redelivery, and deliveries are idempotent per edi-id, so the router never records a message twice.',
  config: tobaccoRouterConfig,
  secrets: ['clientSecret'],
  examples: [
    {
      title: 'The router sandbox (default config)',
      config: { type: 'outbound.tobacco-router', environment: 'sandbox', tokenUrl: '${sandbox:tobacco}/token', messageUrl: '${sandbox:tobacco}/v1', clientId: 'edi-sandbox-client', clientSecret: '${env:EDI_TOBACCO_CLIENT_SECRET:-edi-sandbox-secret}' },
    },
    {
      title: 'Production (URLs and credentials from the environment)',
      config: {
        type: 'outbound.tobacco-router',
        environment: 'production',
        tokenUrl: '${env:EDI_TOBACCO_TOKEN_URL}',
        messageUrl: 'https://prod.router.eu.tobaccotracing.com/v1',
        clientId: '${env:EDI_TOBACCO_CLIENT_ID}',
        clientSecret: '${file:/run/secrets/tobacco-client-secret}',
      },
    },
  ],
};
