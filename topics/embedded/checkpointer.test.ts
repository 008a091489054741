// The WAL checkpoint runs on a worker thread: the log's records reach the database file without
// the writer checkpointing in its commits, and nothing is lost across a reopen.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from './index.js';
import { openLogDb } from './log-db.js';
import { Checkpointer } from './checkpointer.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const topic = { name: 'ckpt.test', description: 'checkpoint test', key: 'n', contentType: 'application/octet-stream', partitions: 2, cleanup: 'delete' as const, retentionMs: 3_600_000 };

describe('embedded log WAL checkpoints on a worker thread', () => {
  it('the worker, not the writer, moves WAL pages into the database file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edi-ckpt-'));
    dirs.push(dir);
    const db = openLogDb(dir, 'full');
    // The writer never checkpoints by itself here (until the checkpointer sets its far backstop).
    db.pragma('wal_autocheckpoint = 0');
    db.exec('CREATE TABLE blobs (v BLOB NOT NULL)');
    const dbFile = path.join(dir, 'bus.sqlite');
    const sizeBefore = statSync(dbFile).size;
    const cp = new Checkpointer(db, dbFile, undefined);
    const insert = db.prepare('INSERT INTO blobs (v) VALUES (?)');
    const value = Buffer.alloc(4000, 0x62);
    for (let b = 0; b < 12; b++) {
      db.transaction(() => {
        for (let i = 0; i < 256; i++) insert.run(value);
      })();
      cp.wrote(256 * value.length);
    }
    const deadline = Date.now() + 20_000;
    while (statSync(dbFile).size < sizeBefore + 4 * 2 ** 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(dbFile).size).toBeGreaterThan(sizeBefore + 4 * 2 ** 20);
    await cp.close();
    expect(db.prepare('SELECT COUNT(*) AS n FROM blobs').get()).toEqual({ n: 12 * 256 });
    db.close();
  }, 60_000);

  it('keeps every record produced across worker checkpoints, after a reopen', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'edi-ckpt-'));
    dirs.push(dir);
    const bus = await createEmbeddedBus({ dir, retentionIntervalMs: 0 });
    await bus.ensureTopics([topic]);
    const dbFile = path.join(dir, 'bus.sqlite');
    const sizeBefore = statSync(dbFile).size;
    // 12 MB in batches of 1 MB: three times the 1000-page threshold, so the worker checkpoints while produces go on.
    const value = Buffer.alloc(4000, 0x61);
    for (let b = 0; b < 12; b++) {
      await bus.produce(Array.from({ length: 256 }, (_, i) => ({ topic: topic.name, key: `k${b}-${i}`, value, headers: { n: String(b * 256 + i) } })));
    }
    const deadline = Date.now() + 20_000;
    while (statSync(dbFile).size < sizeBefore + 4 * 2 ** 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(statSync(dbFile).size).toBeGreaterThan(sizeBefore + 4 * 2 ** 20);
    await bus.close();

    const reopened = await createEmbeddedBus({ dir, retentionIntervalMs: 0 });
    let n = 0;
    for await (const r of reopened.scan(topic.name)) {
      expect(r.value.equals(value)).toBe(true);
      n++;
    }
    expect(n).toBe(12 * 256);
    await reopened.close();
  }, 60_000);
});
