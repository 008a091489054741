// StateStore over a compacted topic `edi.state.<namespace>` (DESIGN.md, "State"), as Kafka
// Connect keeps its offsets: every write is a record keyed by the state key whose value is
// {"v": version, "value": …} (a tombstone deletes), and compaction keeps the latest per key.
//
// At open the whole topic is read (read_committed, so writes of aborted transactions never
// count) into memory; reads are served from there. A put resolves once the record is acked by
// all in-sync replicas, and only then is the in-memory view updated.
//
// Limit: compare-and-set is correct for ONE writer per namespace. Versions are checked
// against this process's in-memory view, serialised per key inside the process; a second
// process writing the same namespace is not seen until it re-opens. The broker runs one
// instance of each component, and produce-with-state uses a transactional id derived from the
// namespace, so a second instance fences the first one's transactions (KIP-98 epochs), but
// plain put/CAS are not fenced. A restarted component (here or on another machine) catches up
// by opening the store again: it reads the compacted topic to its end before serving.
import type { OutgoingRecord } from '../record.js';
import type { StateEntry, StateStore } from '../state-store.js';
import { kafkaErrors } from './errors.js';
import type { KeyedLock } from './keyed-lock.js';
import type { BusRecord } from '../record.js';

interface Stored {
  version: number;
  /** JSON text, parsed on every read so callers never share (and mutate) one object. */
  json: string;
}

/** A prepared write: the record to produce, and what to do once it is durable. */
export interface PreparedStateWrite {
  record: OutgoingRecord;
  apply(): void;
}

export const stateTopicName = (namespace: string): string => `edi.state.${namespace}`;

export class KafkaStateStore implements StateStore {
  readonly topic: string;
  private readonly entries = new Map<string, Stored>();

  constructor(
    readonly namespace: string,
    private readonly lock: KeyedLock,
    private readonly produce: (records: OutgoingRecord[]) => Promise<unknown>,
  ) {
    this.topic = stateTopicName(namespace);
  }

  /** Folds one record of the state topic into the view (used while materialising). */
  load(r: BusRecord): void {
    if (r.key === null) return;
    if (r.value.length === 0) {
      this.entries.delete(r.key);
      return;
    }
    let parsed: { v?: unknown; value?: unknown };
    try {
      parsed = JSON.parse(r.value.toString('utf8')) as { v?: unknown; value?: unknown };
    } catch (err) {
      throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_STATE_RECORD', { topic: this.topic, offset: r.offset, reason: 'not JSON' }, { cause: err });
    }
    if (typeof parsed.v !== 'number' || !('value' in parsed)) {
      throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_STATE_RECORD', { topic: this.topic, offset: r.offset, reason: 'expected {"v": number, "value": …}' });
    }
    this.entries.set(r.key, { version: parsed.v, json: JSON.stringify(parsed.value) });
  }

  lockKey(key: string): string {
    return `${this.namespace}\u0000${key}`;
  }

  /** Current version of a key; 0 when absent. */
  version(key: string): number {
    return this.entries.get(key)?.version ?? 0;
  }

  /**
   * Builds the record of a write at the version after `base` (default: the current one);
   * call under the key's lock, and apply() only once the record is durable.
   */
  prepare(key: string, value: unknown, base = this.version(key)): PreparedStateWrite {
    if (value === undefined) {
      return {
        record: { topic: this.topic, key, value: null as unknown as Buffer, headers: {} },
        apply: () => void this.entries.delete(key),
      };
    }
    const version = base + 1;
    const json = JSON.stringify(value);
    return {
      record: { topic: this.topic, key, value: Buffer.from(JSON.stringify({ v: version, value })), headers: {} },
      apply: () => void this.entries.set(key, { version, json }),
    };
  }

  async get<T = unknown>(key: string): Promise<StateEntry<T> | undefined> {
    const e = this.entries.get(key);
    return e === undefined ? undefined : { value: JSON.parse(e.json) as T, version: e.version };
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.write(key, () => true, value);
  }

  async compareAndSet(key: string, expectedVersion: number, value: unknown): Promise<boolean> {
    return this.write(key, () => (this.entries.get(key)?.version ?? 0) === expectedVersion, value);
  }

  async delete(key: string): Promise<void> {
    await this.write(key, () => this.entries.has(key), undefined);
  }

  async scan<T = unknown>(prefix: string): Promise<Array<[string, StateEntry<T>]>> {
    const out: Array<[string, StateEntry<T>]> = [];
    for (const [key, e] of this.entries) if (key.startsWith(prefix)) out.push([key, { value: JSON.parse(e.json) as T, version: e.version }]);
    return out.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  }

  private async write(key: string, allowed: () => boolean, value: unknown): Promise<boolean> {
    const release = await this.lock.acquire([this.lockKey(key)]);
    try {
      if (!allowed()) return false;
      const w = this.prepare(key, value);
      await this.produce([w.record]);
      w.apply();
      return true;
    } finally {
      release();
    }
  }
}
