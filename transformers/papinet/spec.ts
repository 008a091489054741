// Configuration of the papiNet transformer (transformer.papinet): where documents come from and
// go, which schemas check them (the project's V2R40 XSDs, or the official papiNet bundle for
// users who have it) and where the felling-affirmation numbers are read (schemas/papinet/README.md).
import { z } from 'zod';
import { parseSize } from '../../lib/size.js';
import type { ComponentSpec } from '../../topics/component.js';

const size = z.union([z.string(), z.number()]).refine((v) => {
  try {
    parseSize(v);
    return true;
  } catch {
    return false;
  }
}, 'a size such as 512KB, 50MB');

export const papinetTransformerConfig = z
  .object({
    input: z.array(z.string().min(1)).min(1).default(['papinet.inbound']).describe('Topics of papiNet XML as received.'),
    output: z.string().min(1).default('papinet.valid').describe('Topic of the checked documents, keyed by document number, classified in edi-papinet-* headers.'),
    officialSchemas: z
      .object({
        dir: z.string().min(1).optional().describe('The unzipped official bundle; every .xsd below it is available to includes.'),
        catalog: z.string().min(1).optional().describe('Or an OASIS XML catalog mapping the bundle\'s URLs to files.'),
        main: z
          .object({ DeliveryMessage: z.string().optional(), DeliveryInstruction: z.string().optional(), MeasuringTicket: z.string().optional() })
          .strict()
          .describe('Main schema per document (path relative to dir, or a URL of the catalog). A document not named keeps the project\'s schema.'),
      })
      .strict()
      .optional()
      .describe('Validate against the official papiNet bundle instead of the project\'s own V2R40 XSDs (compiled once at start-up).'),
    fellingAffirmation: z
      .object({
        referenceType: z.string().min(1).optional().describe('@…ReferenceType of the line-item reference carrying the affirmation number (default ProductOriginIdentifier).'),
        assignedBy: z.string().min(1).nullable().optional().describe('Its @AssignedBy (default LoggingArea; null accepts any).'),
        partyIdentifierType: z.string().min(1).optional().describe('@PartyIdentifierType of the LoggingArea party\'s identifier (default AssignedByAgency).'),
      })
      .strict()
      .prefault({})
      .describe('Where a partner writes the felling affirmation numbers (papiNet has no code of its own for them).'),
    maxDocumentSize: size.default('50MB').describe('Documents above this size go to the DLQ unparsed.'),
    maxBatchRecords: z.number().int().min(1).max(10_000).default(500).describe('Records handled per batch.'),
  })
  .strict();

export type PapinetTransformerConfig = z.output<typeof papinetTransformerConfig>;

export const papinetTransformerSpec: ComponentSpec<typeof papinetTransformerConfig> = {
  type: 'transformer.papinet',
  kind: 'transformer',
  summary: 'papiNet XML (DeliveryInstruction, DeliveryMessageWood, MeasuringTicket) checked and classified → papinet.valid',
  description: `
Parses each document with the hardened XML layer (no DTD, no external entities, no network, UTF-8
only, size limit), validates it against the papiNet V2R40 schema compiled once at start-up (or the
official bundle), classifies it (document, type, Original/Replaced/Cancelled) and summarises it
(parties, felling affirmations, species, m³, EUDR references already carried). The original bytes go
on to \`papinet.valid\` keyed by the document number, with the summary in \`edi-papinet-*\` headers and
the parties in \`edi-receiver-id\`, \`edi-supplier-id\` and \`edi-buyer-id\` (routing tables select the
buyer's destination by \`edi-receiver-id\`). A document that fails goes to \`papinet.dlq\` with the code,
the message and the line, column and element path.`,
  config: papinetTransformerConfig,
  secrets: [],
  examples: [
    { title: 'The project\'s V2R40 schemas (default)', config: { type: 'transformer.papinet' } },
    {
      title: 'The official papiNet bundle for the e-waybill',
      config: { type: 'transformer.papinet', officialSchemas: { dir: '/opt/papinet/V2R40', main: { DeliveryMessage: 'DeliveryMessageWood_V2R40.xsd' } } },
    },
  ],
};
