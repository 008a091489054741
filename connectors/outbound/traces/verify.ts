// Verify at the mill (verify.traces): a DeliveryMessage or MeasuringTicket carrying EUDR
// reference and verification numbers is checked with TRACES Verify V3 (Downstream Operator and
// Trader API Reference v1.0 §5): EXISTING_USABLE for every pair → papinet.verified; anything
// else → papinet.dlq with the reason. On the shared delivery loop (idempotent per edi-id).
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { derivedRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import { parseDuration } from '../../../lib/duration.js';
import { toEdiError } from '../../../lib/errors.js';
import { PH } from '../../../transformers/papinet/headers.js';
import type { PapinetSummary } from '../../../transformers/papinet/summary.js';
import type { VerifyDeclarationAnswer } from '../../../schemas/traces/v3/model.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { startDelivery, type DeliveryOutcome } from '../../sdk/delivery.js';
import { TracesAccounts } from './accounts.js';
import { callTraces } from './client.js';
import { tracesConnectorErrors } from './errors.js';
import { authenticationAlerter } from './alerts.js';
import { parseVerifyDeclarationResponse, verifyDeclarationRequest } from './v3/index.js';
import { tracesVerifySpec } from './verify-spec.js';

export const EUDR_VERIFIED_HEADER = 'edi-eudr-verified';

interface Pair {
  referenceNumber: string;
  verificationNumber?: string;
}

/** Distinct reference/verification pairs named by the document (from its summary header). */
export function pairsOf(record: BusRecord): Pair[] {
  let summary: Pick<PapinetSummary, 'eudrReferences'>;
  try {
    summary = JSON.parse(record.headers[PH.summary] ?? '{}') as PapinetSummary;
  } catch {
    return [];
  }
  const seen = new Map<string, Pair>();
  for (const r of summary.eudrReferences ?? []) {
    const key = `${r.referenceNumber}/${r.verificationNumber ?? ''}`;
    if (!seen.has(key)) seen.set(key, r.verificationNumber === undefined ? { referenceNumber: r.referenceNumber } : { referenceNumber: r.referenceNumber, verificationNumber: r.verificationNumber });
  }
  return [...seen.values()];
}

export const tracesVerify = defineComponent({
  spec: tracesVerifySpec,
  create(config, ctx) {
    const accounts = new TracesAccounts(config.accounts, config.rateLimitPerSecond);
    const endpoint = { baseUrl: config.baseUrl, timeoutMs: parseDuration(config.requestTimeout) };
    const alertIfAuthentication = authenticationAlerter(ctx);
    const kinds = new Set<string>(config.documents);
    let subscription: Subscription | undefined;
    const counts = { usable: 0, refused: 0 };

    const accept = (r: BusRecord): boolean => kinds.has(r.headers[PH.document] ?? '') && (r.headers[PH.eudr] === 'complete' || r.headers[PH.eudr] === 'partial');

    async function deliver(record: BusRecord, attempt: { signal: AbortSignal }): Promise<DeliveryOutcome> {
      const document = record.headers[PH.document] ?? 'document';
      const number = record.headers[PH.number] ?? record.key ?? '?';
      const pairs = pairsOf(record);
      if (pairs.length === 0) throw tracesConnectorErrors.create('EDI_ERR_TRACES_VERIFY_NO_REFERENCES', { document, number });
      const account = accounts.pick(undefined, record.headers[H.id] ?? number);
      const answers: Array<Pair & VerifyDeclarationAnswer> = [];
      for (const p of pairs) {
        if (p.verificationNumber === undefined) {
          throw tracesConnectorErrors.create('EDI_ERR_TRACES_DECLARATION_NOT_USABLE', { document, number, result: 'no verification number', referenceNumber: p.referenceNumber, verificationNumber: '—', status: '' });
        }
        let answer: VerifyDeclarationAnswer;
        try {
          answer = await callTraces(endpoint, account.throttle, account.credentials.username, verifyDeclarationRequest(account.credentials, p.referenceNumber, p.verificationNumber), parseVerifyDeclarationResponse, attempt.signal);
        } catch (err) {
          const e = toEdiError(err, 'verifying EUDR references with TRACES');
          await alertIfAuthentication(e, account.credentials.username, account.credentials.webServiceClientId);
          throw e;
        }
        if (answer.result !== 'EXISTING_USABLE') {
          counts.refused++;
          throw tracesConnectorErrors.create(
            'EDI_ERR_TRACES_DECLARATION_NOT_USABLE',
            { document, number, result: answer.result, referenceNumber: p.referenceNumber, verificationNumber: p.verificationNumber, status: answer.status !== undefined ? ` (status ${answer.status})` : '' },
            { detail: { referenceNumber: p.referenceNumber, verificationNumber: p.verificationNumber, result: answer.result, status: answer.status ?? null } },
          );
        }
        answers.push({ ...p, ...answer });
      }
      counts.usable++;
      const verified = JSON.stringify(answers.map((a) => ({ referenceNumber: a.referenceNumber, verificationNumber: a.verificationNumber, result: a.result, status: a.status ?? null, at: a.dateTime })));
      const contentType = record.headers[H.contentType] ?? 'application/xml';
      return {
        refs: { references: pairs.map((p) => p.referenceNumber).join(','), result: 'EXISTING_USABLE' },
        records: [
          derivedRecord(record, {
            topic: config.outputTopic,
            key: record.key,
            value: record.value,
            contentType,
            ...(record.headers[H.schema] !== undefined ? { schema: record.headers[H.schema] } : {}),
            headers: { ...Object.fromEntries(Object.entries(record.headers).filter(([k]) => k.startsWith('edi-papinet-') || k.startsWith('edi-receiver') || k.startsWith('edi-supplier') || k.startsWith('edi-buyer'))), [EUDR_VERIFIED_HEADER]: verified },
          }),
        ],
      };
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, { topics: config.topics, step: 'verify', deliver, accept, retry: compileDeliveryRetry(config.retry), concurrency: config.concurrency });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({ baseUrl: config.baseUrl, accounts: accounts.names(), topics: config.topics, outputTopic: config.outputTopic, documents: config.documents, ...counts }),
    };
  },
});

export { tracesVerifyConfig, tracesVerifySpec, type TracesVerifyConfig } from './verify-spec.js';
