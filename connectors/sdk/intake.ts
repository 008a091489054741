// Intake: the one way an inbound connector hands records to the bus. The records, their
// tracking events and the connector's state writes (e.g. "this file was taken") are committed
// together, so a crash can never leave a record without its state or the other way round.
import type { ComponentContext } from '../../topics/component.js';
import { intakeRecord, type IntakeInfo, type OutgoingRecord } from '../../topics/record.js';
import type { StateWrite } from '../../topics/state-store.js';
import { H } from '../../topics/headers.js';

export interface IntakeResult {
  /** edi-id of each record, in input order. */
  ids: string[];
}

export async function intake(
  ctx: Pick<ComponentContext, 'bus' | 'metrics' | 'trackingRecord'>,
  items: IntakeInfo[],
  state: StateWrite[] = [],
): Promise<IntakeResult> {
  const records: OutgoingRecord[] = [];
  const ids: string[] = [];
  // One clock reading per batch: the records of one commit are received at one moment.
  const now = new Date();
  for (const item of items) {
    const record = intakeRecord(item, now);
    const id = record.headers[H.id]!;
    ids.push(id);
    records.push(record);
    records.push(ctx.trackingRecord({ id, step: 'intake', status: 'ok', topic: item.topic, key: item.key, source: item.source }));
  }
  await ctx.bus.produce(records, state.length > 0 ? { state } : undefined);
  ctx.metrics.recordsIn(items.length);
  ctx.metrics.recordsOut(items.length);
  return { ids };
}
