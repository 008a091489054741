// Configuration of the taxi-trip transformer (transformer.eds): where trips come from and go,
// the credential registry that names each driver's EDS API client (the record key of
// eds.trips.valid), the normalisations a carrier's data may need, and the schema registry of
// the Confluent wire format (optional: JSON, CSV and plain Avro need none).
import { z } from 'zod';
import { zSecret } from '../../lib/secret.js';
import { edsCredentialsSchema } from '../../schemas/eds/index.js';
import type { ComponentSpec } from '../../topics/component.js';
import { edsTripOptionsSchema } from './options.js';

const duration = z.union([z.string(), z.number()]);

export const edsTransformerConfig = edsTripOptionsSchema
  .extend({
    input: z.array(z.string()).min(1).default(['eds.trips.inbound']).describe('topics of trips as received: JSON or Avro (one trip each), CSV files of many trips'),
    output: z.string().default('eds.trips.valid').describe("topic of the validated trips (the exact EDS request body), keyed by the driver's API client id"),
    credentials: edsCredentialsSchema.describe('the credential registry: driver (person code and/or plate) → API client id → secret; the same registry the delivery connector uses (a YAML anchor keeps one copy)'),
    schemaRegistry: z
      .object({
        url: z.union([z.url(), z.literal('')]).describe('base URL of a Confluent-compatible schema registry; empty = none'),
        username: z.string().optional().describe('HTTP Basic user, when the registry asks for one'),
        password: zSecret().optional().describe('HTTP Basic password (${env:…} / ${file:…})'),
        timeout: duration.default('5s').describe('per request'),
        notFoundTtl: duration.default('30s').describe('how long an unknown schema id is remembered as unknown'),
      })
      .strict()
      .optional()
      .describe('needed only for Avro in the Confluent wire format'),
    maxBatchRecords: z.number().int().min(1).max(10_000).default(200).describe('records (trips or CSV files) handled per batch'),
  })
  .strict();

export type EdsTransformerConfig = z.output<typeof edsTransformerConfig>;

export const edsTransformerSpec: ComponentSpec<typeof edsTransformerConfig> = {
  type: 'transformer.eds',
  kind: 'transformer',
  summary: 'Taxi trips (JSON, Avro, CSV files) → validated EDS "Taksometri" request bodies, one per trip, keyed by the driver\'s API client',
  description:
    'Reads eds.trips.inbound: one trip per record as JSON or Avro of Carriage.avsc (plain, or the Confluent wire format with a schema registry), or a CSV file of many trips (a dispatch system catching up after an outage: UTF-8, ; or , delimited, a header row of EDS field names). Applies only the normalisations the config switches on (plate without dash, upper-case plate, distance in metres), checks the EDS rules (Cabinet Regulations No. 541 point 11 and No. 405 point 69.7.1: lengths, ranges, PaymentType, date-times, end after start, not in the future) and finds the driver\'s API client in the credential registry (ApiClientId, else person code, else plate). Each trip goes to eds.trips.valid as the exact request body EDS will get, serialised once, keyed by the client id so one driver\'s trips are delivered in order. A broken rule goes to eds.dlq with the field, the rule and the Latvian text EDS would answer. Each CSV row becomes its own record with an edi-id derived from the file\'s edi-id and the row number (a file read again after a crash gives the same ids, so nothing is delivered twice) and the file\'s edi-id as edi-correlation-id; a broken row goes to eds.dlq alone as a one-row CSV file and the other rows go on.',
  config: edsTransformerConfig,
  secrets: ['credentials.secrets', 'schemaRegistry.password'],
  examples: [
    {
      title: 'The default config (credentials shared with the delivery connector through a YAML anchor)',
      config: {
        type: 'transformer.eds',
        normalise: { plate: 'remove-separators', plateCase: 'upper' },
        credentials: {
          secrets: { 'fleet-a': '${env:EDS_SECRET_FLEET_A}' },
          clients: [{ clientId: 'c3f1…', carrier: '40009999001', personCode: '32000000001', plate: 'TX1001', secret: 'fleet-a' }],
        },
      },
    },
  ],
};
