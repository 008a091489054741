// The delivery loop every outbound connector shares (DESIGN.md, "Delivery guarantees"):
// consume at-least-once, skip what an idempotency key says was already delivered, retry
// transient failures with backoff, send permanent ones to the DLQ at once with the reason,
// and commit the offset only after the receipt / DLQ record and the key are durable.
import type { ComponentContext } from '../../topics/component.js';
import type { RecordBatch, Subscription } from '../../topics/bus.js';
import type { BusRecord, OutgoingRecord } from '../../topics/record.js';
import { ediId } from '../../topics/record.js';
import { dlqRecord } from '../../topics/dlq.js';
import { H } from '../../topics/headers.js';
import { retry, type RetryPolicy } from '../../lib/retry.js';
import { toEdiError, type EdiError } from '../../lib/errors.js';

export interface DeliveryOutcome {
  /** Records to produce with the success (receipts, the enriched document, …). */
  records?: OutgoingRecord[];
  /** Identifiers for the tracking event: destination path, reference number, recall Code… */
  refs?: Record<string, string>;
  /** The far side already had it (EDS 409, a resubmission found by internal reference). */
  duplicate?: boolean;
}

export interface DeliveryAttempt {
  attempt: number;
  signal: AbortSignal;
}

export interface DeliveryOptions {
  topics: string[];
  /** Consumer group; default the component id. */
  group?: string;
  /** Tracking step name, e.g. "deliver", "submit". */
  step: string;
  deliver(record: BusRecord, attempt: DeliveryAttempt): Promise<DeliveryOutcome>;
  retry?: Partial<RetryPolicy>;
  /** Ordering key: records of one key are delivered in order; different keys in parallel. */
  orderingKey?: (record: BusRecord) => string;
  /** How many ordering keys of one batch are delivered at the same time. */
  concurrency?: number;
  /** DLQ for a record; default the catalogue's DLQ of its topic. */
  dlqTopic?: (record: BusRecord) => string;
  maxBatchRecords?: number;
  /**
   * Records this destination takes (a routing table); the others are passed over with no
   * delivery, no idempotency mark and no tracking event: they are another destination's.
   */
  accept?: (record: BusRecord) => boolean;
}

interface DoneMark {
  status: 'delivered' | 'dlq';
  at: string;
  refs?: Record<string, string>;
}

const doneKey = (step: string, id: string): string => `done:${step}:${id}`;

export async function startDelivery(ctx: ComponentContext, options: DeliveryOptions): Promise<Subscription> {
  const concurrency = Math.max(1, options.concurrency ?? 8);
  const orderingKey = options.orderingKey ?? ((r: BusRecord) => r.key ?? `${r.partition}:${r.offset}`);
  const dlqOf =
    options.dlqTopic ??
    ((r: BusRecord) => {
      const dlq = ctx.catalogue.get(r.topic)?.dlq;
      if (dlq === undefined) throw new Error(`topic ${r.topic} declares no DLQ`);
      return dlq;
    });

  async function alreadyDone(record: BusRecord, id: string): Promise<boolean> {
    const mark = (await ctx.state.get<DoneMark>(doneKey(options.step, id)))?.value;
    if (mark === undefined) return false;
    if (mark.status === 'delivered') return true;
    // A DLQ'd record comes back only through `edi replay`, which stamps a newer time.
    const replayedAt = record.headers[H.replayedAt];
    return replayedAt === undefined || replayedAt <= mark.at;
  }

  async function deliverOne(record: BusRecord): Promise<void> {
    const id = ediId(record);
    if (await alreadyDone(record, id)) {
      ctx.log.debug({ id, step: options.step }, 'already handled (redelivery); skipped');
      return;
    }
    const started = Date.now();
    let attempts = 0;
    let outcome: DeliveryOutcome | undefined;
    let failure: EdiError | undefined;
    try {
      outcome = await retry(
        (attempt) => {
          attempts = attempt;
          return options.deliver(record, { attempt, signal: ctx.signal });
        },
        options.retry ?? {},
        {
          operation: `${options.step} ${id}`,
          signal: ctx.signal,
          onRetry: (err, attempt, delayMs) => {
            ctx.log.warn({ id, step: options.step, attempt, delayMs, code: err.code, msg: err.message }, 'delivery failed; retrying');
            void ctx.track([{ id, step: options.step, status: 'retry', key: record.key, errorCode: err.code, message: err.message }]).catch(() => undefined);
          },
        },
      );
    } catch (err) {
      // Shutting down mid-retry: leave the record uncommitted for the next run.
      if (ctx.signal.aborted) throw err;
      failure = toEdiError(err, options.step);
    }
    const at = new Date().toISOString();
    if (outcome !== undefined) {
      const mark: DoneMark = { status: 'delivered', at, refs: outcome.refs };
      await ctx.bus.produce(
        [
          ...(outcome.records ?? []),
          ctx.trackingRecord({ id, step: options.step, status: outcome.duplicate ? 'duplicate' : 'ok', key: record.key, topic: record.topic, refs: outcome.refs }),
        ],
        { state: [{ namespace: ctx.id, key: doneKey(options.step, id), value: mark }] },
      );
      ctx.metrics.recordsOut(1);
      ctx.metrics.stepLatency(Date.now() - started);
      return;
    }
    const err = failure!;
    ctx.log.error({ id, step: options.step, code: err.code, msg: err.message, attempts }, 'delivery failed permanently; record sent to the DLQ');
    await ctx.bus.produce(
      [
        dlqRecord(record, dlqOf(record), err, options.step, attempts),
        ctx.trackingRecord({ id, step: options.step, status: 'error', key: record.key, topic: record.topic, errorCode: err.code, message: err.message }),
      ],
      { state: [{ namespace: ctx.id, key: doneKey(options.step, id), value: { status: 'dlq', at } satisfies DoneMark }] },
    );
    ctx.metrics.recordsFailed(1);
  }

  async function handle(batch: RecordBatch): Promise<void> {
    const records = options.accept === undefined ? batch.records : batch.records.filter(options.accept);
    ctx.metrics.recordsIn(records.length);
    const lanes = new Map<string, BusRecord[]>();
    for (const r of records) {
      const k = orderingKey(r);
      const lane = lanes.get(k);
      if (lane) lane.push(r);
      else lanes.set(k, [r]);
    }
    const queue = [...lanes.values()];
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let lane = queue.shift(); lane !== undefined; lane = queue.shift()) {
        for (const record of lane) await deliverOne(record);
      }
    });
    // Wait for every lane before failing the batch, so a redelivery never overlaps a lane still running.
    const failed = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
    if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  }

  return ctx.bus.subscribe({ group: options.group ?? ctx.id, topics: options.topics, handler: handle, maxBatchRecords: options.maxBatchRecords ?? 200 });
}
