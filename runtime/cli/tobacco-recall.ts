// `edi tobacco recall`: an RCL (Reg. 2018/574 Annex II 5) for a message the router accepted.
// It goes through the bus like any ERP event — intake on tobacco.events.inbound, the
// transformer, the router client — so it is tracked, retried on 5xx and sent to tobacco.dlq
// with the router's errors when refused (e.g. RECALL_NOT_LAST_EVENT), and it waits for the
// broker when the router is down. Sending it directly from the CLI would bypass all of that
// and keep a second copy of the delivery rules. The EO_ID is the recalled message's own, read
// from its receipt on tobacco.receipts.
import type { Bus } from '../../topics/bus.js';
import type { BusRecord } from '../../topics/record.js';
import { H } from '../../topics/headers.js';
import { trackingRecord } from '../../topics/tracking.js';
import { newId } from '../../lib/ids.js';
import { intake } from '../../connectors/sdk/intake.js';
import type { TobaccoReceipt } from '../../connectors/outbound/tobacco/index.js';
import { recallCodeFor, transformTobaccoEvent, type ViolationDetail } from '../../transformers/tobacco/index.js';

export const RECALL_SOURCE = 'edi-cli';

export interface RecallRequest {
  code: string;
  reason: 1 | 2 | 3;
  text?: string;
  /** EO_ID of the recalled message; looked up in its receipt when absent. */
  eoId?: string;
}

export type RecallOutcome =
  | { status: 'queued'; id: string; recallCode: string; message: Record<string, unknown> }
  | { status: 'accepted'; id: string; recallCode: string; message: Record<string, unknown>; receipt: TobaccoReceipt }
  | { status: 'refused'; id: string; recallCode: string; message: Record<string, unknown>; errorCode: string; reason: string; routerCodes: string[] }
  | { status: 'invalid'; message: Record<string, unknown>; violations: ViolationDetail[]; reason: string }
  | { status: 'unknown-code'; reason: string };

async function endOffsets(bus: Bus, topic: string): Promise<Record<number, string>> {
  const [info] = await bus.describeTopics([topic]);
  return Object.fromEntries((info?.partitions ?? []).map((p) => [p.partition, p.endOffset]));
}

async function find(bus: Bus, topic: string, match: (r: BusRecord) => boolean, fromOffsets?: Record<number, string>): Promise<BusRecord | undefined> {
  let hit: BusRecord | undefined;
  for await (const r of bus.scan(topic, fromOffsets ? { fromOffsets } : {})) if (match(r)) hit = r;
  return hit;
}

/** The receipt of an accepted message (the last one, should it have been delivered twice). */
export async function findReceipt(bus: Bus, code: string): Promise<TobaccoReceipt | undefined> {
  const r = await find(bus, 'tobacco.receipts', (rec) => rec.key === code);
  return r === undefined ? undefined : (JSON.parse(r.value.toString('utf8')) as TobaccoReceipt);
}

export function recallMessage(req: RecallRequest & { eoId: string }): Record<string, unknown> {
  const m: Record<string, unknown> = { Message_Type: 'RCL', EO_ID: req.eoId, Recall_CODE: req.code, Recall_Reason1: req.reason };
  // Recall_Reason2 explains "3 = other"; Recall_Reason3 is a free comment (Annex II 5).
  if (req.text !== undefined) m[req.reason === 3 ? 'Recall_Reason2' : 'Recall_Reason3'] = req.text;
  return m;
}

export async function requestRecall(bus: Bus, req: RecallRequest, wait: { timeoutMs: number; pollMs?: number }): Promise<RecallOutcome> {
  let eoId = req.eoId;
  if (eoId === undefined) {
    const receipt = await findReceipt(bus, req.code);
    if (receipt === undefined) return { status: 'unknown-code', reason: `no receipt with Code ${req.code} on tobacco.receipts; give the operator with --eo-id` };
    if (receipt.Message_Type === 'RCL') return { status: 'unknown-code', reason: `${req.code} is itself a recall; a recall cannot be recalled` };
    eoId = receipt.EO_ID ?? undefined;
    if (eoId === undefined) return { status: 'unknown-code', reason: `the receipt of ${req.code} names no EO_ID; give it with --eo-id` };
  }
  const message = recallMessage({ ...req, eoId });
  const value = Buffer.from(JSON.stringify(message));
  const id = newId();
  // The same checks the transformer will run, so a bad request is refused here, at once.
  const checked = transformTobaccoEvent({ value, contentType: 'application/json', ediId: id });
  if (!checked.ok) return { status: 'invalid', message, violations: checked.violations ?? [], reason: checked.error.message };
  const recallCode = recallCodeFor(id);
  const receiptsFrom = await endOffsets(bus, 'tobacco.receipts');
  const dlqFrom = await endOffsets(bus, 'tobacco.dlq');
  await intake(
    { bus, metrics: { recordsIn: () => undefined, recordsOut: () => undefined, recordsFailed: () => undefined, stepLatency: () => undefined }, trackingRecord: (e) => trackingRecord({ ...e, component: RECALL_SOURCE }) },
    [{ id, topic: 'tobacco.events.inbound', key: eoId, value, source: `${RECALL_SOURCE}:recall ${req.code}`, contentType: 'application/json' }],
  );
  const deadline = Date.now() + wait.timeoutMs;
  while (wait.timeoutMs > 0 && Date.now() < deadline) {
    const receipt = await find(bus, 'tobacco.receipts', (r) => r.key === recallCode, receiptsFrom);
    if (receipt) return { status: 'accepted', id, recallCode, message, receipt: JSON.parse(receipt.value.toString('utf8')) as TobaccoReceipt };
    const dlq = await find(bus, 'tobacco.dlq', (r) => r.headers[H.id] === id, dlqFrom);
    if (dlq) {
      let detail: { routerCodes?: string[] } = {};
      try {
        detail = JSON.parse(dlq.headers[H.errorDetail] ?? '{}') as typeof detail;
      } catch {
        // a detail cut short by the header limit: the code and message still tell
      }
      return { status: 'refused', id, recallCode, message, errorCode: dlq.headers[H.errorCode] ?? '', reason: dlq.headers[H.errorMessage] ?? '', routerCodes: detail.routerCodes ?? [] };
    }
    await new Promise((r) => setTimeout(r, wait.pollMs ?? 250));
  }
  return { status: 'queued', id, recallCode, message };
}
