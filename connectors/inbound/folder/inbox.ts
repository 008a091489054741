// The folder inbox: scan -> read (bounded) -> commit in batches with the seen-file state ->
// archive, or refuse to error/. The order is the guarantee: a file leaves the inbox only after
// its record and its state are durable together, so a crash anywhere yields one record.
import { mkdir, stat } from 'node:fs/promises';
import type { ComponentContext } from '../../../topics/component.js';
import type { IntakeInfo } from '../../../topics/record.js';
import type { StateWrite } from '../../../topics/state-store.js';
import { intake } from '../../sdk/intake.js';
import { displayName } from '../../sdk/file-names.js';
import { retry } from '../../../lib/retry.js';
import { newId } from '../../../lib/ids.js';
import type { EdiError } from '../../../lib/errors.js';
import { folderErrors } from './errors.js';
import { contentTypeOf, type FolderOptions } from './options.js';
import { DirectoryScanner, type Candidate } from './scanner.js';
import { readCandidate, readCandidateSync, type ReadOutcome } from './reader.js';
import { createDisposer, type Disposer } from './dispose.js';
import { contentKey, contentWrite, expiredContent, sameFile, withFile, type SeenContent } from './seen-files.js';
import { watchDirectory, type Doorbell } from './watcher.js';
import { directOps, sliceClock, threadPoolOps, type FsOps } from './fs-ops.js';
import { forEachLimit } from './limit.js';

/** Header on a record whose content was taken before under another name (duplicates: accept). */
export const DUPLICATE_OF_HEADER = 'edi-duplicate-of';

/** Batches committing at once; reading goes on meanwhile, so the disk and the log overlap. */
const MAX_COMMITTING = 2;
/** Files up to this size are read with direct calls when directIo is on. */
const DIRECT_READ_MAX_BYTES = 256 * 1024;
const DISPOSE_CONCURRENCY = 16;
const RETRY_DISPOSE_MS = 30_000;
const PRUNE_EVERY_MS = 6 * 3_600_000;

type Entry = { c: Candidate; value?: Buffer; sha256?: string; error?: EdiError };

/** Test hook: EDI_TEST_CRASH_AT=inbound.folder:after-commit kills the process right after a commit. */
const crashAfterCommit = (): boolean => process.env.EDI_TEST_CRASH_AT === 'inbound.folder:after-commit';

export class FolderInbox {
  private readonly ops: FsOps;
  private readonly scanner: DirectoryScanner;
  private readonly disposer: Disposer;
  private doorbell: Doorbell | undefined;
  // A queue with a moving head: shift() on a 10,000-element array copies it every time.
  private queue: Candidate[] = [];
  private head = 0;
  private draining = false;
  private reading = 0;
  private readingBytes = 0;
  private batch: Entry[] = [];
  private batchBytes = 0;
  private committing = 0;
  /** Decisions (new, duplicate, already taken) are made one batch at a time, in produce order. */
  private deciding: Promise<void> = Promise.resolve();
  /** Content decided by batches whose commit is still in flight. */
  private readonly pendingContent = new Map<string, SeenContent>();
  private readonly inFlight = new Set<Promise<unknown>>();
  private scanning: Promise<void> | undefined;
  private rescan = false;
  /** A change event arrived that no scan has answered yet. */
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private ringTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  readonly counts = { taken: 0, archived: 0, refused: 0, recovered: 0, duplicates: 0 };

  constructor(
    private readonly options: FolderOptions,
    private readonly ctx: ComponentContext,
  ) {
    this.ops = options.directIo ? directOps : threadPoolOps;
    this.scanner = new DirectoryScanner(options, this.ops, (ready) => this.enqueue(ready));
    this.disposer = createDisposer(options.archiveDir, options.errorDir, this.ops);
  }

  async start(): Promise<void> {
    const o = this.options;
    await mkdir(o.root, { recursive: true });
    if (!(await stat(o.root)).isDirectory()) throw folderErrors.create('EDI_ERR_FOLDER_NOT_A_DIRECTORY', { path: o.root });
    await this.pruneContent();
    this.pruneTimer = setInterval(() => void this.pruneContent(), PRUNE_EVERY_MS).unref();
    this.doorbell = watchDirectory(o.root, { usePolling: o.usePolling, pollMs: Math.max(100, Math.min(1000, o.stableWindowMs / 2)) }, () => this.ring(), this.ctx.log);
    await this.requestScan();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    clearTimeout(this.ringTimer);
    clearInterval(this.pruneTimer);
    await this.doorbell?.close();
    await this.scanning;
    // Files already read are committed and archived; the rest stay for the next start.
    for (;;) {
      this.maybeFlush();
      if (this.inFlight.size === 0) break;
      await Promise.allSettled([...this.inFlight]);
    }
  }

  describe(): Record<string, unknown> {
    return { path: this.options.root, topic: this.options.topic, waiting: this.scanner.waiting, queued: this.queue.length - this.head + this.reading, ...this.counts };
  }

  // ------------------------------------------------------------------ finding files

  private ring(): void {
    this.dirty = true;
    if (this.stopping || this.ringTimer !== undefined) return;
    // While a backlog is being taken, our own archive moves ring too: list again once it drains.
    if (this.busy()) return;
    // Events come in bursts (one per file written); one scan answers a burst.
    this.ringTimer = setTimeout(() => {
      this.ringTimer = undefined;
      void this.requestScan();
    }, 25);
  }

  private busy(): boolean {
    return this.head < this.queue.length || this.reading > 0 || this.committing > 0;
  }

  private requestScan(): Promise<void> {
    if (this.scanning !== undefined) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      do {
        this.rescan = false;
        this.dirty = false;
        try {
          await this.scanner.scan();
        } catch (err) {
          this.ctx.log.error({ err, path: this.options.root }, 'listing the inbox failed; retrying at the next rescan');
        }
      } while (this.rescan && !this.stopping);
    })().finally(() => {
      this.scanning = undefined;
      this.schedule();
    });
    return this.scanning;
  }

  /** One timer for the whole folder: the next file due, or the safety-net rescan. */
  private schedule(): void {
    if (this.stopping) return;
    clearTimeout(this.timer);
    const delay = Math.min(Math.max(this.scanner.nextDue() - Date.now(), 10), this.options.rescanIntervalMs);
    this.timer = setTimeout(() => void this.requestScan(), delay).unref();
  }

  private enqueue(ready: Candidate[]): void {
    if (this.head > 0) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    for (const c of ready) this.queue.push(c);
    this.pump();
  }

  // ------------------------------------------------------------------ reading

  private pump(): void {
    if (this.draining || this.stopping || !this.canRead()) return;
    this.draining = true;
    this.track(
      this.drain().finally(() => {
        this.draining = false;
        if (this.canRead()) this.pump();
      }),
    );
  }

  /** Bounded memory: no reading while batches wait to commit or too many bytes are held. */
  private canRead(): boolean {
    const o = this.options;
    if (this.stopping || this.head >= this.queue.length) return false;
    if (this.committing >= MAX_COMMITTING && this.batch.length >= o.batchFiles) return false;
    const next = this.queue[this.head]!;
    if ((this.reading > 0 || this.batch.length > 0) && this.readingBytes + this.batchBytes + next.size > o.maxBufferedBytes) return false;
    return this.isDirect(next) || this.reading < o.readConcurrency;
  }

  private isDirect(c: Candidate): boolean {
    return this.ops.direct && c.size <= DIRECT_READ_MAX_BYTES;
  }

  private async drain(): Promise<void> {
    const clock = sliceClock();
    while (this.canRead()) {
      const c = this.queue[this.head++]!;
      if (this.isDirect(c)) {
        this.accept(c, readCandidateSync(c, this.options));
        if (clock.due()) {
          this.maybeFlush();
          await clock.pause();
        }
        continue;
      }
      this.reading++;
      this.readingBytes += c.size;
      this.track(
        readCandidate(c, this.options).then((outcome) => {
          this.reading--;
          this.readingBytes -= c.size;
          this.accept(c, outcome);
          this.maybeFlush();
          this.pump();
        }),
      );
    }
    if (this.head >= this.queue.length && this.head > 0) {
      this.queue = [];
      this.head = 0;
    }
    this.maybeFlush();
  }

  private accept(c: Candidate, outcome: ReadOutcome): void {
    switch (outcome.kind) {
      case 'read':
        this.batch.push({ c, value: outcome.value, sha256: outcome.sha256 });
        this.batchBytes += outcome.value.length;
        break;
      case 'refused':
        this.batch.push({ c, error: outcome.error });
        break;
      case 'changed':
        this.scanner.requeue(c, outcome.seen);
        this.schedule();
        break;
      case 'gone':
        this.scanner.release(c);
        break;
    }
  }

  // ------------------------------------------------------------------ committing

  private maybeFlush(): void {
    if (this.batch.length === 0 || this.committing >= MAX_COMMITTING) return;
    const o = this.options;
    const full = this.batch.length >= o.batchFiles || this.batchBytes >= o.batchBytes;
    // Nothing more is coming right now: commit what there is rather than wait for a full batch.
    const quiet = this.reading === 0 && this.head >= this.queue.length;
    if (!full && !quiet && !this.stopping) return;
    let batch: Entry[];
    if (this.batch.length > o.batchFiles) {
      batch = this.batch.splice(0, o.batchFiles);
      this.batchBytes = this.batch.reduce((n, e) => n + (e.value?.length ?? 0), 0);
    } else {
      batch = this.batch;
      this.batch = [];
      this.batchBytes = 0;
    }
    this.committing++;
    this.track(
      this.commit(batch)
        .catch((err: unknown) => {
          this.ctx.log.error({ err, files: batch.length }, 'committing a batch of files failed; they stay in the inbox for the next scan');
          for (const e of batch) this.scanner.release(e.c);
        })
        .finally(() => {
          this.committing--;
          this.maybeFlush();
          this.pump();
          if (this.dirty && !this.busy()) this.ring();
        }),
    );
  }

  private track(p: Promise<unknown>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async commit(batch: Entry[]): Promise<void> {
    const { ctx, options: o } = this;
    const now = new Date();
    const toArchive: Array<{ c: Candidate; id: string }> = [];
    const refused: Array<{ c: Candidate; error: EdiError }> = [];
    const decided = new Map<string, SeenContent>();
    let committed: Promise<unknown> | undefined;

    const turn = this.deciding;
    let done!: () => void;
    this.deciding = new Promise((resolve) => (done = resolve));
    await turn;
    try {
      const items: IntakeInfo[] = [];
      const at = now.toISOString();
      for (const e of batch) {
        if (e.error !== undefined) {
          refused.push({ c: e.c, error: e.error });
          continue;
        }
        const { c } = e;
        const sha256 = e.sha256!;
        const seen = decided.get(sha256) ?? this.pendingContent.get(sha256) ?? (await ctx.state.get<SeenContent>(contentKey(sha256)))?.value;
        // Committed before, then the process died before the archive: archive it, no second record.
        const before = seen?.files.find((f) => sameFile(f, c));
        if (before !== undefined) {
          toArchive.push({ c, id: before.id });
          this.counts.recovered++;
          continue;
        }
        let extraHeaders: Record<string, string> | undefined;
        if (seen !== undefined && now.getTime() - Date.parse(seen.lastAt) <= o.duplicateWindowMs) {
          this.counts.duplicates++;
          if (o.duplicates === 'reject') {
            refused.push({ c, error: folderErrors.create('EDI_ERR_FOLDER_DUPLICATE_CONTENT', { file: c.name, sha256, original: seen.name, originalId: seen.id }) });
            continue;
          }
          extraHeaders = { [DUPLICATE_OF_HEADER]: seen.id };
        }
        const id = newId();
        items.push({
          topic: o.topic,
          key: o.keyByName ? c.name : null,
          value: e.value!,
          sha256,
          source: `${ctx.id}:${c.name}`,
          contentType: contentTypeOf(c.name, o),
          ...(o.schema !== undefined ? { schema: o.schema } : {}),
          ...(extraHeaders !== undefined ? { extraHeaders } : {}),
          id,
        });
        const expired = seen !== undefined && extraHeaders === undefined;
        decided.set(sha256, withFile(expired ? undefined : seen, { name: c.name, size: c.size, mtimeMs: c.mtimeMs, id }, at));
        toArchive.push({ c, id });
      }
      if (items.length > 0) {
        const writes: StateWrite[] = [];
        for (const [sha256, seen] of decided) {
          writes.push(contentWrite(ctx.id, sha256, seen));
          this.pendingContent.set(sha256, seen);
        }
        // Called before the turn passes on, so batches reach the log in the order they decided.
        committed = retry(() => intake(ctx, items, writes), { maxAttempts: 5, initialDelayMs: 200 }, { operation: `committing ${items.length} files from ${o.root}`, signal: ctx.signal });
        this.counts.taken += items.length;
      }
    } finally {
      done();
    }
    try {
      await committed;
    } finally {
      for (const [sha256, seen] of decided) if (this.pendingContent.get(sha256) === seen) this.pendingContent.delete(sha256);
    }
    if (committed !== undefined && crashAfterCommit()) process.kill(process.pid, 'SIGKILL');

    // Only now may the files leave the inbox.
    await this.each(toArchive, async ({ c, id }) => {
      try {
        if (o.after === 'archive') await this.disposer.archive(c.path, c.raw, id, now);
        else await this.disposer.remove(c.path);
        this.counts.archived++;
        await this.removeMarkers(c);
        this.scanner.release(c);
      } catch (err) {
        // The record is durable and the state remembers the file: a later attempt archives it, never re-takes it.
        ctx.log.error({ err, file: c.name, id }, `could not ${o.after} a taken file; trying again in ${RETRY_DISPOSE_MS / 1000} s`);
        this.scanner.requeue(c, c);
        this.scanner.postpone(c, RETRY_DISPOSE_MS);
      }
    });
    if (refused.length > 0) await this.refuse(refused);
  }

  private async refuse(refused: Array<{ c: Candidate; error: EdiError }>): Promise<void> {
    const { ctx, options: o } = this;
    const events = [];
    for (const { c, error } of refused) {
      const trackingId = newId();
      const file = displayName(c.raw);
      try {
        await this.disposer.refuse(c.path, c.raw, error, { file, size: c.size, trackingId });
        await this.removeMarkers(c);
      } catch (err) {
        ctx.log.error({ err, file }, 'could not move a refused file to the error directory');
      }
      ctx.log.warn({ file, code: error.code, trackingId }, `file refused: ${error.message}`);
      events.push(ctx.trackingRecord({ id: trackingId, step: 'intake', status: 'error', topic: o.topic, source: `${ctx.id}:${file}`, errorCode: error.code, message: error.message }));
      this.scanner.release(c);
    }
    this.counts.refused += refused.length;
    ctx.metrics.recordsFailed(refused.length);
    await ctx.bus.produce(events);
  }

  /** Per-file work: in slices on the event loop with direct calls, else through the thread pool. */
  private async each<T>(items: T[], fn: (item: T) => Promise<void>): Promise<void> {
    if (!this.ops.direct) return forEachLimit(items, DISPOSE_CONCURRENCY, fn);
    const clock = sliceClock();
    for (const item of items) {
      await fn(item);
      if (clock.due()) await clock.pause();
    }
  }

  private async removeMarkers(c: Candidate): Promise<void> {
    for (const suffix of this.options.doneMarkers) {
      await this.disposer.remove(Buffer.concat([c.path, Buffer.from(suffix)])).catch(() => undefined);
    }
  }

  // ------------------------------------------------------------------ state housekeeping

  private async pruneContent(): Promise<void> {
    try {
      const expired = await expiredContent(this.ctx.state, this.options.duplicateWindowMs);
      for (let i = 0; i < expired.length; i += 5000) {
        await this.ctx.bus.produce([], { state: expired.slice(i, i + 5000).map((key) => ({ namespace: this.ctx.id, key, value: undefined })) });
      }
    } catch (err) {
      this.ctx.log.warn({ err }, 'pruning remembered content hashes failed; will try again');
    }
  }
}

