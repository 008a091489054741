// State that must outlive a process (seen files, idempotency keys, pending statements, token
// metadata — never secrets), behind one small interface (DESIGN.md, "State"). Embedded mode
// keeps it in SQLite beside the log; Kafka mode in a compacted topic per component.

export interface StateEntry<T = unknown> {
  value: T;
  /** Increases by one on every write; compare-and-set checks it. */
  version: number;
}

export interface StateStore {
  readonly namespace: string;
  get<T = unknown>(key: string): Promise<StateEntry<T> | undefined>;
  put(key: string, value: unknown): Promise<void>;
  /** Writes only when the entry's version is still `expectedVersion` (0 = absent). */
  compareAndSet(key: string, expectedVersion: number, value: unknown): Promise<boolean>;
  delete(key: string): Promise<void>;
  scan<T = unknown>(prefix: string): Promise<Array<[string, StateEntry<T>]>>;
}

/** A state write committed atomically with a produce (see Bus.produce). */
export interface StateWrite {
  namespace: string;
  key: string;
  /** undefined deletes the key. */
  value: unknown;
}
