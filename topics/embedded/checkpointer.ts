// WAL checkpoints of the embedded log on a worker thread. SQLite's automatic checkpoint runs
// inside the COMMIT that crosses wal_autocheckpoint pages, on the thread that produced: it copies
// the WAL into the database file and fsyncs it, blocking the event loop (measured: ~35% of the
// commit time of folder intake). A second connection may checkpoint concurrently with the writer
// (SQLite WAL mode, "Checkpointing": a PASSIVE checkpoint never blocks readers or the writer), so
// a worker does it while the event loop goes on. Durability is unchanged: a commit is durable
// once its WAL frames are synced, which still happens in the COMMIT itself.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';

/** Pages of WAL after which the worker is asked to checkpoint (SQLite's own default). */
const CHECKPOINT_EVERY_PAGES = 1000;
/**
 * The writer's own automatic checkpoint stays on as a backstop, far enough out that the worker
 * normally gets there first (the WAL cannot grow without bound if the worker lags or dies).
 */
const BACKSTOP_PAGES = 16 * CHECKPOINT_EVERY_PAGES;

// Plain CommonJS: the worker runs without the TypeScript loader.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
let wanted = false;
let running = false;
function run() {
  running = true;
  while (wanted) {
    wanted = false;
    try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
  }
  running = false;
}
parentPort.on('message', (m) => {
  if (m === 'close') { db.close(); parentPort.close(); return; }
  wanted = true;
  if (!running) run();
});
`;

export class Checkpointer {
  private worker: Worker | undefined;
  /** Off after a failure: SQLite checkpoints in the commit again. */
  private disabled = false;
  private pagesSince = 0;

  constructor(
    private readonly db: Database.Database,
    private readonly file: string,
    private readonly log: Logger | undefined,
  ) {}

  /** After a commit that wrote about `bytes` to the WAL. */
  wrote(bytes: number): void {
    if (this.disabled) return;
    this.pagesSince += Math.ceil(bytes / 4096);
    if (this.pagesSince < CHECKPOINT_EVERY_PAGES) return;
    this.pagesSince = 0;
    // Started on the first need, so short-lived buses (CLI commands, tests) never start a thread.
    this.worker ??= this.startWorker();
    this.worker?.postMessage('run');
  }

  async close(): Promise<void> {
    this.disabled = true;
    const worker = this.worker;
    if (worker === undefined) return;
    this.worker = undefined;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage('close');
    const timer = setTimeout(() => void worker.terminate(), 5_000);
    await exited;
    clearTimeout(timer);
  }

  private startWorker(): Worker | undefined {
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: this.file, driver } });
      worker.unref();
      worker.on('message', (m: { error?: string }) => {
        if (m.error !== undefined) this.log?.warn({ reason: m.error }, 'WAL checkpoint on the worker failed; will try again');
      });
      worker.on('error', (err) => this.fallBack(err));
      this.db.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
      return worker;
    } catch (err) {
      this.fallBack(err);
      return undefined;
    }
  }

  /** Without the worker, SQLite checkpoints in the commit as it does by default. */
  private fallBack(err: unknown): void {
    this.log?.warn({ err }, 'WAL checkpoint worker unavailable; checkpointing in the commit');
    this.disabled = true;
    this.worker = undefined;
    try {
      this.db.pragma(`wal_autocheckpoint = ${CHECKPOINT_EVERY_PAGES}`);
    } catch {
      // closed already
    }
  }
}
