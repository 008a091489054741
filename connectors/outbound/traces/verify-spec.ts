// Configuration of Verify at the mill (verify.traces): which papiNet documents are checked, with
// which TRACES web service user (a downstream operator or trader needs no submitting role), and
// where documents whose statements are usable go.
import { z } from 'zod';
import type { ComponentSpec } from '../../../topics/component.js';
import { deliveryConcurrencySchema, deliveryRetrySchema } from '../../sdk/delivery-options.js';
import { tracesEndpointSchema } from './spec.js';

export const tracesVerifyConfig = z
  .object({
    ...tracesEndpointSchema,
    topics: z.array(z.string()).min(1).default(['papinet.valid']).describe('Topics of checked papiNet documents (transformer.papinet output with edi-papinet-* headers).'),
    outputTopic: z.string().default('papinet.verified').describe('Where documents whose every EUDR statement is EXISTING_USABLE go, unchanged, with edi-eudr-verified.'),
    documents: z
      .array(z.enum(['DeliveryMessage', 'DeliveryInstruction', 'MeasuringTicket']))
      .min(1)
      .default(['DeliveryMessage', 'MeasuringTicket'])
      .describe('Document kinds checked; others, and documents that carry no EUDR reference, are passed over.'),
    retry: deliveryRetrySchema,
    concurrency: deliveryConcurrencySchema,
  })
  .strict();

export type TracesVerifyConfig = z.output<typeof tracesVerifyConfig>;

export const tracesVerifySpec: ComponentSpec<typeof tracesVerifyConfig> = {
  type: 'verify.traces',
  kind: 'outbound',
  summary: 'At the mill: checks the EUDR reference and verification numbers a DeliveryMessage or MeasuringTicket carries with TRACES Verify V3.',
  description: `
Consumes checked papiNet documents (papinet.valid) that carry EUDR references (edi-papinet-eudr
complete or partial) and asks TRACES' Verify service (EUDRVerifyDeclarationServiceV3,
verifyDeclaration) about every distinct reference / verification number pair in the document. When
every pair is EXISTING_USABLE the document goes on unchanged to papinet.verified with the answers in
the edi-eudr-verified header; EXISTING_NON_USABLE (withdrawn, archived…) or NON_EXISTENT sends it to
papinet.dlq at once with the reference and the answer, as does a reference without its verification
number. Faults and retries as for outbound.traces (Verify needs no submitting role: a sawmill's web
service user will do). At most rateLimitPerSecond calls per web service user.`,
  config: tracesVerifyConfig,
  secrets: ['accounts.authKey'],
  examples: [
    {
      title: 'The TRACES sandbox as the sawmill',
      config: { type: 'verify.traces', baseUrl: '${sandbox:traces}/tracesnt/', accounts: [{ username: 'edi-sawmill', authKey: '${env:EDI_TRACES_VERIFY_KEY:-sandbox-auth-key-sawmill-0003}' }] },
    },
  ],
};
