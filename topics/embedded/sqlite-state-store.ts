// StateStore on the embedded log's SQLite file (DESIGN.md, "State").
import type Database from 'better-sqlite3';
import type { StateEntry, StateStore, StateWrite } from '../state-store.js';

export class SqliteStateStore implements StateStore {
  private readonly getStmt: Database.Statement<[string, string], { value: string; version: number }>;
  private readonly scanStmt: Database.Statement<[string, string, string], { key: string; value: string; version: number }>;
  private readonly casInsert: Database.Statement<[string, string, string]>;
  private readonly casUpdate: Database.Statement<[string, string, string, number]>;

  constructor(
    private readonly db: Database.Database,
    readonly namespace: string,
  ) {
    this.getStmt = db.prepare('SELECT value, version FROM state WHERE ns = ? AND key = ?');
    this.scanStmt = db.prepare('SELECT key, value, version FROM state WHERE ns = ? AND key >= ? AND key < ? ORDER BY key');
    this.casInsert = db.prepare('INSERT OR IGNORE INTO state (ns, key, value, version) VALUES (?, ?, ?, 1)');
    this.casUpdate = db.prepare('UPDATE state SET value = ?, version = version + 1 WHERE ns = ? AND key = ? AND version = ?');
  }

  async get<T = unknown>(key: string): Promise<StateEntry<T> | undefined> {
    const row = this.getStmt.get(this.namespace, key);
    return row === undefined ? undefined : { value: JSON.parse(row.value) as T, version: row.version };
  }

  async put(key: string, value: unknown): Promise<void> {
    applyStateWrites(this.db, [{ namespace: this.namespace, key, value }]);
  }

  async compareAndSet(key: string, expectedVersion: number, value: unknown): Promise<boolean> {
    const json = JSON.stringify(value);
    const result =
      expectedVersion === 0
        ? this.casInsert.run(this.namespace, key, json)
        : this.casUpdate.run(json, this.namespace, key, expectedVersion);
    return result.changes === 1;
  }

  async delete(key: string): Promise<void> {
    applyStateWrites(this.db, [{ namespace: this.namespace, key, value: undefined }]);
  }

  async scan<T = unknown>(prefix: string): Promise<Array<[string, StateEntry<T>]>> {
    // key >= prefix AND key < prefix + U+FFFF: a range scan on the primary key.
    return this.scanStmt
      .all(this.namespace, prefix, `${prefix}\uffff`)
      .map((r) => [r.key, { value: JSON.parse(r.value) as T, version: r.version }]);
  }
}

const statements = new WeakMap<Database.Database, { upsert: Database.Statement; remove: Database.Statement }>();

/** Applies state writes; called inside the produce transaction for atomic intake. */
export function applyStateWrites(db: Database.Database, writes: readonly StateWrite[]): void {
  let s = statements.get(db);
  if (s === undefined) {
    s = {
      upsert: db.prepare(
        'INSERT INTO state (ns, key, value, version) VALUES (?, ?, ?, 1) ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value, version = state.version + 1',
      ),
      remove: db.prepare('DELETE FROM state WHERE ns = ? AND key = ?'),
    };
    statements.set(db, s);
  }
  for (const w of writes) {
    if (w.value === undefined) s.remove.run(w.namespace, w.key);
    else s.upsert.run(w.namespace, w.key, JSON.stringify(w.value));
  }
}
