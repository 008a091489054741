// `edi replay`: put DLQ records back on the topic they came from, keeping edi-id, so the step
// that failed runs again. A DLQ record is replayed once unless asked again (state store).
import type { Bus } from '../topics/bus.js';
import type { BusRecord, OutgoingRecord } from '../topics/record.js';
import { DLQ_ONLY_HEADERS } from '../topics/dlq.js';
import { H } from '../topics/headers.js';
import { trackingRecord } from '../topics/tracking.js';
import { coreErrors } from '../lib/errors.js';

export interface ReplayOptions {
  ids?: string[];
  all?: boolean;
  /** Replay records replayed before as well. */
  again?: boolean;
}

export interface ReplayResult {
  replayed: Array<{ id: string; to: string }>;
  skipped: Array<{ id: string; reason: string }>;
}

export async function replayDlq(bus: Bus, dlqTopic: string, options: ReplayOptions): Promise<ReplayResult> {
  if (!options.all && (options.ids === undefined || options.ids.length === 0)) throw new Error('name records with --id or replay every record with --all');
  const state = await bus.openState('edi-replay');
  const wanted = new Set(options.ids ?? []);
  const result: ReplayResult = { replayed: [], skipped: [] };
  const now = new Date().toISOString();
  for await (const record of bus.scan(dlqTopic)) {
    const id = record.headers[H.id] ?? `${record.partition}:${record.offset}`;
    if (!options.all && !wanted.has(id)) continue;
    const mark = `${dlqTopic}:${record.partition}:${record.offset}`;
    if (!options.again && (await state.get(mark)) !== undefined) {
      result.skipped.push({ id, reason: 'already replayed (use --again)' });
      continue;
    }
    const origin = record.headers[H.originTopic];
    if (origin === undefined) {
      result.skipped.push({ id, reason: coreErrors.create('EDI_ERR_REPLAY_NO_ORIGIN', { id }).message });
      continue;
    }
    await bus.produce([backToOrigin(record, origin, now), trackingRecord({ id, step: 'replay', status: 'replayed', component: 'edi-replay', topic: origin, key: record.key, refs: { from: dlqTopic } })], {
      state: [{ namespace: 'edi-replay', key: mark, value: { at: now } }],
    });
    result.replayed.push({ id, to: origin });
  }
  for (const id of wanted) {
    if (!result.replayed.some((r) => r.id === id) && !result.skipped.some((r) => r.id === id)) result.skipped.push({ id, reason: `not found in ${dlqTopic}` });
  }
  return result;
}

function backToOrigin(record: BusRecord, origin: string, now: string): OutgoingRecord {
  const headers: Record<string, string> = { ...record.headers, [H.replayedAt]: now };
  for (const h of DLQ_ONLY_HEADERS) delete headers[h];
  return { topic: origin, key: record.key, value: record.value, headers };
}
