// The embedded log's SQLite schema. One file holds topics, records, consumer-group offsets
// and leases, and component state, so a produce and its state writes share one transaction.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export type Synchronous = 'full' | 'normal';

export function openLogDb(dir: string, synchronous: Synchronous): Database.Database {
  mkdirSync(dir, { recursive: true });
  const db = new Database(join(dir, 'bus.sqlite'));
  // WAL: readers never block the writer. synchronous=FULL fsyncs the WAL on every commit, so a
  // produce that resolved survives power loss as well as kill -9 ("durable before acknowledged").
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = OFF');
  migrate(db);
  return db;
}

function migrate(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS topics (
      id INTEGER PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      partitions INTEGER NOT NULL,
      cleanup TEXT NOT NULL,
      retention_ms INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS partitions (
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      next_offset INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (topic_id, partition)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS records (
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      offset INTEGER NOT NULL,
      key TEXT,
      value BLOB NOT NULL,
      headers TEXT NOT NULL,
      ts INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX IF NOT EXISTS records_position ON records (topic_id, partition, offset);
    CREATE TABLE IF NOT EXISTS group_offsets (
      grp TEXT NOT NULL,
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      offset INTEGER NOT NULL,
      PRIMARY KEY (grp, topic_id, partition)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS group_members (
      grp TEXT NOT NULL,
      member TEXT NOT NULL,
      heartbeat INTEGER NOT NULL,
      PRIMARY KEY (grp, member)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS group_leases (
      grp TEXT NOT NULL,
      topic_id INTEGER NOT NULL,
      partition INTEGER NOT NULL,
      owner TEXT NOT NULL,
      expires INTEGER NOT NULL,
      PRIMARY KEY (grp, topic_id, partition)
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS state (
      ns TEXT NOT NULL,
      key TEXT NOT NULL,
      value TEXT NOT NULL,
      version INTEGER NOT NULL,
      PRIMARY KEY (ns, key)
    ) WITHOUT ROWID;
  `);
}

export interface TopicRow {
  id: number;
  name: string;
  partitions: number;
  cleanup: string;
  retention_ms: number;
}
