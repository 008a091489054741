// The queryable index of edi.tracking (SQLite under the data dir) behind `edi track` and
// GET /v1/messages/{id}. It reads the topic with its own stored offsets rather than a
// consumer group, so the CLI can catch it up while the broker is running.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Bus } from '../topics/bus.js';
import { TRACKING_TOPIC, type TrackingEvent } from '../topics/tracking.js';

export class TrackingIndex {
  private readonly db: Database.Database;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly s;

  constructor(
    dataDir: string,
    private readonly bus: Bus,
    private readonly log?: Logger,
  ) {
    mkdirSync(dataDir, { recursive: true });
    this.db = new Database(join(dataDir, 'tracking.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL'); // rebuildable from edi.tracking
    this.db.pragma('busy_timeout = 10000');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS events (
        id TEXT NOT NULL, step TEXT NOT NULL, status TEXT NOT NULL, at TEXT NOT NULL,
        component TEXT, topic TEXT, key TEXT, source TEXT, error_code TEXT, message TEXT, refs TEXT,
        partition INTEGER NOT NULL, offset INTEGER NOT NULL,
        PRIMARY KEY (partition, offset)
      );
      CREATE INDEX IF NOT EXISTS events_id ON events (id, at);
      CREATE INDEX IF NOT EXISTS events_key ON events (key);
      CREATE INDEX IF NOT EXISTS events_source ON events (source);
      CREATE TABLE IF NOT EXISTS positions (partition INTEGER PRIMARY KEY, next_offset INTEGER NOT NULL);
    `);
    this.s = {
      insert: this.db.prepare(
        'INSERT OR IGNORE INTO events (id, step, status, at, component, topic, key, source, error_code, message, refs, partition, offset) VALUES (@id, @step, @status, @at, @component, @topic, @key, @source, @errorCode, @message, @refs, @partition, @offset)',
      ),
      positions: this.db.prepare<[], { partition: number; next_offset: number }>('SELECT partition, next_offset FROM positions'),
      setPosition: this.db.prepare('INSERT INTO positions (partition, next_offset) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET next_offset = excluded.next_offset'),
      byId: this.db.prepare<[string], EventRow>('SELECT * FROM events WHERE id = ? ORDER BY at, offset'),
      idsByKeyOrSource: this.db.prepare<[string, string, string], { id: string }>(
        "SELECT DISTINCT id FROM events WHERE key = ? OR source = ? OR source LIKE ? ESCAPE '\\' LIMIT 100",
      ),
    };
  }

  /** Reads edi.tracking up to its current end into the index. */
  async catchUp(): Promise<number> {
    const fromOffsets: Record<number, string> = {};
    for (const p of this.s.positions.all()) fromOffsets[p.partition] = String(p.next_offset);
    let batch: Array<{ e: TrackingEvent; partition: number; offset: number }> = [];
    let count = 0;
    const flush = (): void => {
      const rows = batch;
      batch = [];
      this.db.transaction(() => {
        const next = new Map<number, number>();
        for (const { e, partition, offset } of rows) {
          this.s.insert.run({
            id: e.id,
            step: e.step,
            status: e.status,
            at: e.at,
            component: e.component ?? null,
            topic: e.topic ?? null,
            key: e.key ?? null,
            source: e.source ?? null,
            errorCode: e.errorCode ?? null,
            message: e.message ?? null,
            refs: e.refs ? JSON.stringify(e.refs) : null,
            partition,
            offset,
          });
          next.set(partition, offset + 1);
        }
        for (const [p, o] of next) this.s.setPosition.run(p, o);
      })();
    };
    for await (const r of this.bus.scan(TRACKING_TOPIC, { fromOffsets })) {
      try {
        batch.push({ e: JSON.parse(r.value.toString('utf8')) as TrackingEvent, partition: r.partition, offset: Number(r.offset) });
      } catch {
        this.log?.warn({ partition: r.partition, offset: r.offset }, 'unreadable tracking event skipped');
        continue;
      }
      count++;
      if (batch.length >= 1000) flush();
    }
    if (batch.length > 0) flush();
    return count;
  }

  /** Keeps the index current while the broker runs. */
  follow(intervalMs = 500): void {
    const tick = async (): Promise<void> => {
      try {
        await this.catchUp();
      } catch (err) {
        this.log?.warn({ err }, 'tracking index could not read edi.tracking; will retry');
      }
    };
    this.timer = setInterval(() => {
      if (this.running === undefined) this.running = tick().finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  /** The timeline of one edi-id. */
  timeline(id: string): TrackingEvent[] {
    return this.s.byId.all(id).map(toEvent);
  }

  /** Timelines matching an edi-id, a business key or a source (file) name. */
  find(query: string): Array<{ id: string; events: TrackingEvent[] }> {
    const direct = this.timeline(query);
    if (direct.length > 0) return [{ id: query, events: direct }];
    const like = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}`;
    return this.s.idsByKeyOrSource.all(query, query, like).map(({ id }) => ({ id, events: this.timeline(id) }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
    this.db.close();
  }
}

interface EventRow {
  id: string;
  step: string;
  status: TrackingEvent['status'];
  at: string;
  component: string;
  topic: string | null;
  key: string | null;
  source: string | null;
  error_code: string | null;
  message: string | null;
  refs: string | null;
}

function toEvent(r: EventRow): TrackingEvent {
  const e: TrackingEvent = { id: r.id, step: r.step, status: r.status, at: r.at, component: r.component };
  if (r.topic !== null) e.topic = r.topic;
  if (r.key !== null) e.key = r.key;
  if (r.source !== null) e.source = r.source;
  if (r.error_code !== null) e.errorCode = r.error_code;
  if (r.message !== null) e.message = r.message;
  if (r.refs !== null) e.refs = JSON.parse(r.refs) as Record<string, string>;
  return e;
}
