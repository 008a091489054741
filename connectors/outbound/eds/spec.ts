// Configuration of delivery to VID EDS "Taksometri" (outbound.eds): which EDS (the test or the
// production host, or a sandbox), the credential registry (one API client per driver, secrets
// by name), and how hard to try. A config file per environment sets `environment` and the
// secrets (${env:…} / ${file:…}).
import { z } from 'zod';
import { edsCredentialsSchema } from '../../../schemas/eds/index.js';
import type { ComponentSpec } from '../../../topics/component.js';

const duration = z.union([z.string(), z.number()]);

/** EDS hosts (reference README "Essentials"). */
export const EDS_BASE_URLS = { test: 'https://edstest.vid.gov.lv', production: 'https://eds.vid.gov.lv' } as const;

export const edsDeliveryConfig = z
  .object({
    environment: z.enum(['sandbox', 'test', 'production']).default('sandbox').describe('which EDS: test (https://edstest.vid.gov.lv), production (https://eds.vid.gov.lv) or a sandbox (baseUrl required); carried in every receipt'),
    baseUrl: z.url().optional().describe('EDS base URL; default from environment. The default config points it at ${sandbox:eds}'),
    credentials: edsCredentialsSchema.describe("the credential registry: one API client per driver (client_id), secrets by name; the transformer's copy keys trips by client id (a YAML anchor keeps one copy)"),
    topics: z.array(z.string()).min(1).default(['eds.trips.valid']).describe('topics of validated trips (the exact request bodies), keyed by client id'),
    receiptsTopic: z.string().default('eds.trips.receipts').describe('where EDS acknowledgements go (status code, or duplicate-at-VID for a 409)'),
    tokenRefreshBefore: duration.default('60s').describe('a cached token is renewed this long before expires_in runs out (at most half its lifetime)'),
    refusedRecheck: duration.default('60s').describe("after EDS refused a client's credentials, its trips go to eds.dlq without asking EDS again for this long (one refusal, one alert)"),
    requestTimeout: duration.default('30s').describe('per HTTP request'),
    concurrency: z.number().int().min(1).max(256).default(16).describe('API clients (drivers) delivered at the same time; each client in order'),
    maxBatchRecords: z.number().int().min(1).max(10_000).default(200).describe('records taken from the bus per batch'),
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).default(20).describe('attempts per trip, the first included (429s count too)'),
        initialDelay: duration.default('500ms').describe('delay before the second attempt; doubles each time'),
        maxDelay: duration.default('60s').describe('longest delay between attempts (a Retry-After may ask for more)'),
      })
      .strict()
      .prefault({})
      .describe('5xx, network, 429 and token failures: exponential backoff with jitter (at least Retry-After), then the DLQ'),
  })
  .strict()
  .refine((c) => c.environment !== 'sandbox' || c.baseUrl !== undefined, { message: 'a sandbox needs baseUrl (e.g. ${sandbox:eds})', path: ['baseUrl'] });

export type EdsDeliveryConfig = z.output<typeof edsDeliveryConfig>;

export function baseUrlOf(config: Pick<EdsDeliveryConfig, 'environment' | 'baseUrl'>): string {
  const url = config.baseUrl ?? (config.environment === 'sandbox' ? undefined : EDS_BASE_URLS[config.environment]);
  if (url === undefined) throw new Error('a sandbox needs baseUrl');
  return url.replace(/\/+$/, '');
}

export const edsDeliverySpec: ComponentSpec<typeof edsDeliveryConfig> = {
  type: 'outbound.eds',
  kind: 'outbound',
  summary: 'Delivers taxi trips to VID EDS "Taksometri" with each driver\'s API client; acknowledgements to eds.trips.receipts',
  description:
    'Consumes eds.trips.valid and POSTs each trip\'s exact bytes (serialised once by the transformer, resent unchanged on every retry) to {base}/api/taxi/carriage with Authorization: Bearer <token> of the driver\'s API client (the record key). Tokens come from POST {base}/api/taxi/auth (JSON client_credentials with the client\'s secret from the credential registry), are cached per client_id until shortly before expires_in, and concurrent trips of one client share one token request. 201 puts a receipt with EDS\'s status code on eds.trips.receipts; 409 ("Ieraksts ar identiskiem datiem jau izveidots.": the same bytes were already recorded) is delivered too, marked duplicate-at-VID; 400 sends the trip to eds.dlq with EDS\'s ModelState in Latvian, verbatim, and an English gloss of each field; 401 renews the token once, and if EDS then refuses the credentials themselves (a revoked client) the trip goes to eds.dlq with EDI_ERR_EDS_CLIENT_REVOKED and an alert, while other drivers go on; 429 waits at least Retry-After, keeping the client\'s order; 5xx and network failures are retried with backoff. Deliveries are idempotent per edi-id. Token metadata (issued, expires, refused) is kept in the state store for `edi eds clients`; secrets and tokens never reach a log, an error, tracking or the DLQ.',
  config: edsDeliveryConfig,
  secrets: ['credentials.secrets'],
  examples: [
    {
      title: 'The EDS sandbox (default config)',
      config: {
        type: 'outbound.eds',
        environment: 'sandbox',
        baseUrl: '${sandbox:eds}',
        credentials: { secrets: { 'taksometri-shared': '${env:EDS_SECRET_TAKSOMETRI_SHARED:-…}' }, clients: [{ clientId: 'sbx-…', carrier: '40009999001', personCode: '…', plate: '…', secret: 'taksometri-shared' }] },
      },
    },
    {
      title: 'EDS production (secrets from files)',
      config: {
        type: 'outbound.eds',
        environment: 'production',
        credentials: { secrets: { fleet: '${file:/run/secrets/eds-fleet}' }, clients: [{ clientId: '${env:EDS_CLIENT_DRIVER_1}', carrier: '40000000000', personCode: '…', secret: 'fleet' }] },
      },
    },
  ],
};
