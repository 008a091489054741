// Retention on the embedded log, as Kafka applies it: `delete` topics drop records older than
// retention.ms; `compact` topics keep only the latest record of each key.
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { TopicRow } from './log-db.js';

export class Retention {
  private timer: NodeJS.Timeout | undefined;
  private readonly deleteOld: Database.Statement<[number, number]>;
  private readonly keysNewestFirst: Database.Statement<[number], { partition: number; offset: number; key: string | null }>;
  private readonly deleteOne: Database.Statement<[number, number, number]>;

  constructor(
    private readonly db: Database.Database,
    private readonly log: Logger | undefined,
  ) {
    this.deleteOld = db.prepare('DELETE FROM records WHERE topic_id = ? AND ts < ?');
    this.keysNewestFirst = db.prepare('SELECT partition, offset, key FROM records WHERE topic_id = ? ORDER BY partition, offset DESC');
    this.deleteOne = db.prepare('DELETE FROM records WHERE topic_id = ? AND partition = ? AND offset = ?');
  }

  schedule(topics: () => TopicRow[], intervalMs: number): void {
    this.timer = setInterval(() => {
      try {
        const { deleted } = this.run(topics(), Date.now());
        if (deleted > 0) this.log?.info({ deleted }, 'retention removed expired or superseded records');
      } catch (err) {
        this.log?.warn({ err }, 'retention run failed; will try again');
      }
    }, intervalMs);
    this.timer.unref();
  }

  run(topics: TopicRow[], now: number): { deleted: number } {
    let deleted = 0;
    for (const t of topics) {
      if (t.cleanup === 'delete' && t.retention_ms > 0) {
        deleted += this.deleteOld.run(t.id, now - t.retention_ms).changes;
      } else if (t.cleanup === 'compact') {
        deleted += this.compact(t);
      }
    }
    return { deleted };
  }

  private compact(t: TopicRow): number {
    const stale: Array<[number, number]> = [];
    const seen = new Set<string>();
    let partition = -1;
    for (const row of this.keysNewestFirst.iterate(t.id)) {
      if (row.partition !== partition) {
        partition = row.partition;
        seen.clear();
      }
      if (row.key === null) continue;
      if (seen.has(row.key)) stale.push([row.partition, row.offset]);
      else seen.add(row.key);
    }
    this.db.transaction(() => {
      for (const [p, o] of stale) this.deleteOne.run(t.id, p, o);
    })();
    return stale.length;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
