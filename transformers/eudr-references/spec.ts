// Configuration of the EUDR reference step (transformer.eudr-references): which documents wait
// for a due diligence statement, the clients' mandates (the supplier a statement is made for),
// how long a document may wait for TRACES, and the papiNet choices it shares with
// transformer.papinet (schemas, where affirmations are read, how the numbers are written).
import { z } from 'zod';
import { parseDuration } from '../../lib/duration.js';
import type { ComponentSpec } from '../../topics/component.js';
import { statementClientSchema } from '../eudr/statement-request.js';
import { papinetTransformerConfig } from '../papinet/spec.js';

const duration = z.union([z.string(), z.number()]).refine((v) => {
  try {
    parseDuration(v);
    return true;
  } catch {
    return false;
  }
}, 'a duration such as 30s, 15m, 24h');

/** A client's mandate: the operator the data centre submits statements for (the map key is its party id). */
export const mandateSchema = statementClientSchema
  .omit({ id: true })
  .extend({
    operatorRole: z.enum(['OPERATOR', 'REPRESENTATIVE_OPERATOR']).optional().describe('OPERATOR (the client\'s own TRACES account) or REPRESENTATIVE_OPERATOR (the data centre under the mandate); the TRACES client\'s default otherwise.'),
    account: z.string().min(1).max(80).optional().describe('TRACES account (web service user) of the TRACES client\'s config to submit with; default "default".'),
  })
  .strict();

export type Mandate = z.output<typeof mandateSchema>;

const DOCUMENTS = ['DeliveryMessage', 'DeliveryInstruction', 'MeasuringTicket'] as const;

export const eudrReferencesConfig = z
  .object({
    input: z.array(z.string().min(1)).min(1).default(['papinet.valid']).describe('Topics of checked papiNet documents (with edi-papinet-* and party headers).'),
    output: z.string().min(1).default('papinet.outbound').describe('Topic of the documents ready for the receiving party, keyed by document number.'),
    requests: z.string().min(1).default('eudr.statements.requested').describe('Topic the statement requests go to.'),
    receipts: z.string().min(1).default('eudr.statements.receipts').describe('Topic of TRACES receipts (key = statement id).'),
    rejections: z.array(z.string().min(1)).default(['eudr.dlq']).describe('Topics of statements that failed (rejected by TRACES or not buildable); their documents go to the DLQ.'),
    dlq: z.string().min(1).default('papinet.dlq').describe('Where a document goes whose statement was rejected or never came.'),
    documents: z
      .array(z.enum(DOCUMENTS))
      .default(['DeliveryMessage', 'DeliveryInstruction'])
      .describe('Documents that wait for their statements; others (and documents naming no affirmation or already carrying the numbers) pass on unchanged.'),
    maxWait: duration.default('24h').describe('How long a document may wait for its statements\' receipts before it goes to the DLQ (must stay below the input topic\'s retention).'),
    sweepInterval: duration.default('30s').describe('How often waiting documents are checked against maxWait.'),
    clients: z
      .record(z.string().min(1), mandateSchema)
      .default({})
      .describe('Mandates by the supplier party\'s id (its VAT number, as edi-supplier-id carries it): the operator each statement is submitted for.'),
    eudrEncoding: z
      .enum(['references', 'additional-text'])
      .default('references')
      .describe('How the numbers are written: SafetyAndEnvironmentalReference (project XSD) or two AdditionalText lines (receivers on the official bundle).'),
    officialSchemas: papinetTransformerConfig.shape.officialSchemas,
    fellingAffirmation: papinetTransformerConfig.shape.fellingAffirmation,
    maxDocumentSize: papinetTransformerConfig.shape.maxDocumentSize,
    maxBatchRecords: z.number().int().min(1).max(10_000).default(100).describe('Records handled per batch.'),
  })
  .strict();

export type EudrReferencesConfig = z.output<typeof eudrReferencesConfig>;

export const eudrReferencesSpec: ComponentSpec<typeof eudrReferencesConfig> = {
  type: 'transformer.eudr-references',
  kind: 'transformer',
  summary: 'papiNet documents naming felling affirmations get their due diligence statements\' numbers (TRACES), then go to papinet.outbound',
  description: `
A DeliveryMessage or DeliveryInstruction on \`papinet.valid\` that names felling affirmations without
their EUDR reference numbers asks for ONE due diligence statement for the affirmations not yet
covered (a StatementRequest on \`eudr.statements.requested\`, for the supplier's mandate from
\`clients\`), and waits — parked in the state store, so a restart loses nothing — for the receipt on
\`eudr.statements.receipts\`. Then the reference and verification numbers are written into the line
items' SafetyAndEnvironmentalInformation and the document goes to \`papinet.outbound\` keyed by its
number, with the receiver headers the outbound routing tables select by. Affirmations already
requested (by an earlier document or a redelivery) are never requested twice; a statement's numbers
are reused by every later document naming its affirmations. A rejected statement (\`eudr.dlq\`) or
no receipt within \`maxWait\` sends the document to \`papinet.dlq\` with the reason. Documents that
already carry the numbers, or name no affirmation, pass on unchanged.`,
  config: eudrReferencesConfig,
  secrets: [],
  examples: [
    {
      title: 'One forestry client under a mandate, documents wait up to a day',
      config: {
        type: 'transformer.eudr-references',
        maxWait: '24h',
        clients: {
          LV40103987654: {
            name: 'SIA "Vidzemes Meža Resursi"',
            country: 'LV',
            address: { street: 'Rīgas iela 40', postalCode: 'LV-4101', city: 'Cēsis' },
            identifiers: [{ type: 'vat', value: 'LV40103987654' }],
          },
        },
      },
    },
  ],
};
