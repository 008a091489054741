// Binds a transform (record -> records or a typed error) to topics: consume a batch, run the
// transform on each record, produce outputs, DLQ records and tracking events in one produce,
// and only then let the bus commit. A retriable error (a schema registry that is down) fails
// the batch so it is delivered again; a permanent one sends that record to its DLQ.
import type { Component, ComponentContext } from '../topics/component.js';
import type { RecordBatch, Subscription } from '../topics/bus.js';
import type { BusRecord, OutgoingRecord } from '../topics/record.js';

import { dlqRecord } from '../topics/dlq.js';
import { H } from '../topics/headers.js';
import { toEdiError, type EdiError } from '../lib/errors.js';

export type TransformResult =
  | { ok: true; records: OutgoingRecord[]; refs?: Record<string, string>; key?: string | null }
  | { ok: false; error: EdiError };

export type Transform = (record: BusRecord) => TransformResult | Promise<TransformResult>;

export interface TransformerBinding {
  input: string[];
  /** Tracking step name: validate, map, enrich… */
  step: string;
  transform: Transform;
  /**
   * Gives a record written outside the broker (an ERP's own Kafka producer: no edi-* headers)
   * its headers before anything else, so tracking, outputs and the DLQ share one edi-id.
   * Must be deterministic: a redelivered record gets the same id.
   */
  adopt?: (record: BusRecord) => BusRecord;
  group?: string;
  dlqTopic?: (record: BusRecord) => string;
  maxBatchRecords?: number;
}

export function transformerComponent(ctx: ComponentContext, binding: TransformerBinding, describe?: () => Record<string, unknown>): Component {
  let subscription: Subscription | undefined;
  const dlqOf =
    binding.dlqTopic ??
    ((r: BusRecord) => {
      const dlq = ctx.catalogue.get(r.topic)?.dlq;
      if (dlq === undefined) throw new Error(`topic ${r.topic} declares no DLQ`);
      return dlq;
    });

  async function handle(batch: RecordBatch): Promise<void> {
    const started = Date.now();
    const out: OutgoingRecord[] = [];
    let failed = 0;
    for (const received of batch.records) {
      const record = binding.adopt ? binding.adopt(received) : received;
      const id = record.headers[H.id] ?? `${record.topic}:${record.partition}:${record.offset}`;
      let result: TransformResult;
      try {
        result = await binding.transform(record);
      } catch (err) {
        result = { ok: false, error: toEdiError(err, binding.step) };
      }
      if (result.ok) {
        out.push(...result.records);
        out.push(ctx.trackingRecord({ id, step: binding.step, status: 'ok', topic: record.topic, key: result.key ?? record.key, refs: result.refs }));
        continue;
      }
      if (result.error.retriable) throw result.error.withContext(`${binding.step} ${id}`);
      failed++;
      out.push(dlqRecord(record, dlqOf(record), result.error, binding.step));
      out.push(ctx.trackingRecord({ id, step: binding.step, status: 'error', topic: record.topic, key: record.key, errorCode: result.error.code, message: result.error.message }));
      ctx.log.info({ id, step: binding.step, code: result.error.code, msg: result.error.message }, 'record sent to the DLQ');
    }
    await ctx.bus.produce(out);
    ctx.metrics.recordsIn(batch.records.length);
    ctx.metrics.recordsOut(batch.records.length - failed);
    if (failed > 0) ctx.metrics.recordsFailed(failed);
    ctx.metrics.stepLatency((Date.now() - started) / Math.max(1, batch.records.length));
  }

  return {
    async start() {
      subscription = await ctx.bus.subscribe({
        group: binding.group ?? ctx.id,
        topics: binding.input,
        handler: handle,
        maxBatchRecords: binding.maxBatchRecords ?? 200,
      });
    },
    async stop() {
      await subscription?.close();
    },
    describe: () => ({ input: binding.input, step: binding.step, ...describe?.() }),
  };
}

