// Records and state writes committed atomically (Bus.produce with `state`): one Kafka
// transaction (KIP-98) holds the records and the `edi.state.<ns>` writes, as Kafka Connect's
// exactly-once source connectors commit records and their offsets together (KIP-618). Readers
// use read_committed, so an aborted transaction leaves neither behind.
//
// The transactional id is `<prefix>.<namespaces>`: stable across restarts, so a restarted
// component's producer fences the old instance's (a zombie's commit then fails, KIP-98
// epochs). Produces waiting while a transaction runs are committed together in the next one
// (group commit); if a shared transaction fails, each is retried alone so that only the
// faulty one fails.
import type { KafkaJS } from '@confluentinc/kafka-javascript';
import type { EdiError } from '../../lib/errors.js';
import { retry } from '../../lib/retry.js';
import type { ProducedRecord } from '../record.js';
import type { CompiledKafkaOptions } from './options.js';
import { type Placed, producerConfig, sendRecords } from './kafka-producer.js';
import { isFencedOrFatal, toBusError } from './client-errors.js';
import { kafkaErrors } from './errors.js';

interface Pending {
  records: Placed[];
  state: Placed[];
  alone: boolean;
  resolve: (r: ProducedRecord[]) => void;
  reject: (e: unknown) => void;
}

export class TransactionalWriter {
  private producer: KafkaJS.Producer | undefined;
  private connecting: Promise<KafkaJS.Producer> | undefined;
  private queue: Pending[] = [];
  private running = false;
  private fenced: EdiError | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => {};

  constructor(
    private readonly kafka: KafkaJS.Kafka,
    private readonly o: CompiledKafkaOptions,
    readonly transactionalId: string,
    private readonly namespaces: readonly string[],
  ) {}

  /** Resolves with the offsets of `records` once they and `state` are committed together. */
  submit(records: Placed[], state: Placed[]): Promise<ProducedRecord[]> {
    if (this.fenced !== undefined) return Promise.reject(this.fenced);
    return new Promise((resolve, reject) => {
      this.queue.push({ records, state, alone: false, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private ready(): Promise<KafkaJS.Producer> {
    this.connecting ??= (async () => {
      const p = this.kafka.producer(producerConfig(this.o, { transactionalId: this.transactionalId }, `tx:${this.transactionalId}`));
      try {
        await p.connect(); // initialises transactions: fences older instances of this id
      } catch (err) {
        this.connecting = undefined;
        throw toBusError(err, `starting transactional producer ${this.transactionalId}`);
      }
      this.producer = p;
      return p;
    })();
    return this.connecting;
  }

  private async drain(): Promise<void> {
    this.running = true;
    this.idle = new Promise((r) => (this.markIdle = r));
    try {
      while (this.queue.length > 0) {
        const first = this.queue[0]!;
        const group = first.alone ? this.queue.splice(0, 1) : this.takeShareable();
        await this.commitGroup(group);
      }
    } finally {
      this.running = false;
      this.markIdle();
    }
  }

  private takeShareable(): Pending[] {
    const group: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of this.queue) (p.alone ? rest : group).push(p);
    this.queue = rest;
    return group;
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    let producer: KafkaJS.Producer;
    try {
      producer = await this.ready();
    } catch (err) {
      for (const p of group) p.reject(err);
      return;
    }
    try {
      const tx = await producer.transaction();
      const produced = await sendRecords(tx, group.flatMap((p) => [...p.records, ...p.state]));
      await retry(
        () => tx.commit().catch((e: unknown) => Promise.reject(toBusError(e, 'committing a transaction'))),
        { maxAttempts: 3, initialDelayMs: 100, maxDelayMs: 1_000 },
        { operation: `committing transaction of ${this.transactionalId}` },
      );
      let i = 0;
      for (const p of group) {
        p.resolve(produced.slice(i, i + p.records.length));
        i += p.records.length + p.state.length;
      }
    } catch (err) {
      // A fenced producer fails its sends with "purged" first; abort() then names the cause.
      const abortError = isFencedOrFatal(err) ? undefined : await this.abort(producer);
      if (isFencedOrFatal(err) || (abortError !== undefined && isFencedOrFatal(abortError))) {
        this.fenced = kafkaErrors.create('EDI_ERR_BUS_KAFKA_FENCED', { transactionalId: this.transactionalId, namespaces: this.namespaces.join(', ') }, { cause: err });
        for (const p of [...group, ...this.queue.splice(0)]) p.reject(this.fenced);
        this.producer = undefined;
        await producer.disconnect().catch(() => undefined);
        return;
      }
      if (group.length > 1) {
        // One of them may be at fault: try each alone, in the original order, before the rest.
        this.queue.unshift(...group.map((p) => ({ ...p, alone: true })));
        return;
      }
      for (const p of group) p.reject(toBusError(err, `transaction of ${this.transactionalId}`));
    }
  }

  /** Aborts the open transaction; returns the error when that fails (the producer is then replaced). */
  private async abort(producer: KafkaJS.Producer): Promise<unknown> {
    if (!producer.isActive()) return undefined;
    try {
      await producer.abort();
      return undefined;
    } catch (err) {
      if (!isFencedOrFatal(err)) {
        this.o.log?.warn({ err: toBusError(err, 'aborting a transaction'), transactionalId: this.transactionalId }, 'abort failed; restarting the transactional producer');
      }
      this.producer = undefined;
      this.connecting = undefined;
      await producer.disconnect().catch(() => undefined);
      return err;
    }
  }

  async close(): Promise<void> {
    await this.idle;
    const p = this.producer;
    this.producer = undefined;
    this.connecting = undefined;
    if (p !== undefined) await p.disconnect().catch(() => undefined);
  }
}
