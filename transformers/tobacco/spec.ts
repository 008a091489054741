// Configuration of the tobacco transformer (transformer.tobacco): where events come from, where
// dictionary messages go, the schema registry of the Confluent wire format (optional: JSON and
// plain Avro need none) and the rule options shared with the router sandbox.
import { z } from 'zod';
import { zSecret } from '../../lib/secret.js';
import type { ComponentSpec } from '../../topics/component.js';

const duration = z.union([z.string(), z.number()]);
const intList = z.array(z.number().int());

export const tobaccoTransformerConfig = z
  .object({
    input: z.array(z.string()).min(1).default(['tobacco.events.inbound']).describe('topics of ERP events (Avro in the Confluent wire format, plain Avro named in edi-schema, or JSON)'),
    output: z.string().default('tobacco.messages').describe('topic of the EU data-dictionary messages, keyed by EO_ID'),
    schemaRegistry: z
      .object({
        url: z.union([z.url(), z.literal('')]).describe('base URL of a Confluent-compatible schema registry (Confluent, Karapace, Apicurio /apis/ccompat/v7); empty = none (for ${env:EDI_SCHEMA_REGISTRY_URL:-})'),
        username: z.string().optional().describe('HTTP Basic user, when the registry asks for one'),
        password: zSecret().optional().describe('HTTP Basic password (${env:…} / ${file:…})'),
        timeout: duration.default('5s').describe('per request'),
        notFoundTtl: duration.default('30s').describe('how long an unknown schema id is remembered as unknown'),
      })
      .strict()
      .optional()
      .describe('needed only for the Confluent wire format; without it such records go to the DLQ with EDI_ERR_SCHEMA_REGISTRY_NOT_CONFIGURED'),
    rules: z
      .object({
        valueLists: z
          .object({ Payment_Type: intList.optional(), Transport_s1: intList.optional(), P_Type: intList.optional() })
          .strict()
          .optional()
          .describe('value lists no public source fixes (Payment_Type has none by default: any integer)'),
        unknownFields: z.enum(['error', 'warn', 'ignore']).optional().describe('a key the data dictionary does not know'),
        lateAfterHours: z.number().positive().optional().describe('reported later than this after Event_Time = warning (Annex II: 24)'),
        extraCountryCodes: z.array(z.string().regex(/^[A-Z]{2}$/)).optional().describe('accepted besides ISO 3166-1 alpha-2 (e.g. EL)'),
      })
      .strict()
      .prefault({})
      .describe('the data-dictionary rule options, the same the router sandbox takes'),
    maxBatchRecords: z.number().int().min(1).max(10_000).default(500).describe('records handled per batch'),
  })
  .strict();

export type TobaccoTransformerConfig = z.output<typeof tobaccoTransformerConfig>;

export const tobaccoTransformerSpec: ComponentSpec<typeof tobaccoTransformerConfig> = {
  type: 'transformer.tobacco',
  kind: 'transformer',
  summary: 'ERP tobacco events → EU data-dictionary messages (Reg. 2018/574 Annex II), validated',
  description:
    'Reads tobacco.events.inbound: Avro in the Confluent wire format (writer schema fetched from the schema registry by id, cached), plain Avro whose schema is named in edi-schema or in the file name (Dispatch-0042.avro), and JSON — an ERP event named the same way, or a data-dictionary message carrying its own Message_Type. Maps each event to its data-dictionary message with a recall Code derived from edi-id (the same after any redelivery), validates it with the rules the router sandbox shares, and writes the exact bytes the router client will send to tobacco.messages, keyed by EO_ID. A broken rule goes to tobacco.dlq with the field path, the rule and the value in edi-error-detail. A registry that cannot be reached fails the batch, which is delivered again; nothing is sent to the DLQ for it. Records an ERP producer wrote without edi-* headers get a deterministic edi-id from their place in the log.',
  config: tobaccoTransformerConfig,
  secrets: ['schemaRegistry.password'],
  examples: [
    { title: 'JSON and plain Avro only', config: { type: 'transformer.tobacco' } },
    {
      title: 'With a schema registry (Confluent wire format)',
      config: { type: 'transformer.tobacco', schemaRegistry: { url: 'http://schema-registry:8081', username: 'edi', password: '${env:EDI_SCHEMA_REGISTRY_PASSWORD}' } },
    },
  ],
};
