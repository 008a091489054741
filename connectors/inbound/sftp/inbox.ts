// The SFTP inbox: poll -> list -> fetch (bounded) -> commit with the per-file state -> move or
// delete the remote file. Every step can be interrupted (crash, dropped connection) and redone:
// the state says which files are committed and only await their move.
import { mkdir, rm } from 'node:fs/promises';
import { posix } from 'node:path';
import type { ComponentContext } from '../../../topics/component.js';
import type { IntakeInfo, OutgoingRecord } from '../../../topics/record.js';
import type { StateWrite } from '../../../topics/state-store.js';
import { intake } from '../../sdk/intake.js';
import { displayName, isUploadInProgressName, nameProblem, nameWithTag, NAME_PROBLEM_TEXT } from '../../sdk/file-names.js';
import { openSftpSession, sftpStatus, SFTP_NO_SUCH_FILE, type RemoteEntry, type SftpSession } from '../../sdk/sftp/session.js';
import { retry } from '../../../lib/retry.js';
import { newId } from '../../../lib/ids.js';
import { toEdiError, type EdiError } from '../../../lib/errors.js';
import { sftpInboundErrors } from './errors.js';
import { contentTypeOf, type SftpInboundOptions } from './options.js';
import { fetchRemoteFile, type Fetched } from './fetch.js';
import { checkManifest } from './manifest.js';
import { batchKey, contentKey, remoteKey, type BatchState, type RemoteFileState, type SeenContent } from './remote-state.js';
import { schedulePolls, type Schedule } from './schedule.js';

export const DUPLICATE_OF_HEADER = 'edi-duplicate-of';
const MANIFEST_MAX_BYTES = 1024 * 1024;
const ALERT_AFTER_MOVE_FAILURES = 3;

/** Test hook: EDI_TEST_CRASH_AT=inbound.sftp:after-commit kills the process right after a commit. */
const crashAfterCommit = (): boolean => process.env.EDI_TEST_CRASH_AT === 'inbound.sftp:after-commit';

const isConnectionLoss = (err: unknown): boolean => toEdiError(err).retriable;

async function forEachLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  }));
}

interface Pass {
  session: SftpSession;
  madeDirs: Set<string>;
  /** Names that left remoteDir in this pass. */
  disposed: Set<string>;
}

export class SftpInbox {
  private schedule: Schedule | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private readonly moveFailures = new Map<string, number>();
  private readonly alerted = new Set<string>();
  private lastPoll: { at: string; ok: boolean; error?: string } | undefined;
  readonly counts = { polls: 0, taken: 0, refused: 0, moved: 0, reconnects: 0 };

  constructor(
    private readonly o: SftpInboundOptions,
    private readonly ctx: ComponentContext,
  ) {}

  async start(): Promise<void> {
    // Temp files of a previous run are partial downloads; nothing in them was committed.
    await rm(this.o.tempDir, { recursive: true, force: true });
    await mkdir(this.o.tempDir, { recursive: true });
    this.schedule = schedulePolls({ cron: this.o.cron, timeZone: this.o.timeZone, intervalMs: this.o.intervalMs }, () => this.poll());
    if (this.o.pollOnStart) void this.poll();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.schedule?.stop();
    await this.running;
  }

  describe(): Record<string, unknown> {
    const { server, remoteDir } = this.o;
    return { remote: `sftp://${server.username}@${server.host}:${server.port}${remoteDir.startsWith('/') ? '' : '/'}${remoteDir}`, topic: this.o.topic, lastPoll: this.lastPoll, nextPoll: this.schedule?.next()?.toISOString(), ...this.counts };
  }

  /** One poll; a poll already running is joined, not doubled. */
  poll(): Promise<void> {
    if (this.stopping) return Promise.resolve();
    this.running ??= this.pollOnce().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pollOnce(): Promise<void> {
    const { o, ctx } = this;
    const at = new Date().toISOString();
    this.counts.polls++;
    try {
      await retry(
        async (attempt) => {
          if (attempt > 1) this.counts.reconnects++;
          const session = await openSftpSession(o.server, { log: ctx.log });
          try {
            await this.pass({ session, madeDirs: new Set(), disposed: new Set() });
          } finally {
            await session.close();
          }
        },
        { maxAttempts: o.reconnectAttempts, initialDelayMs: 500, maxDelayMs: 15_000 },
        {
          operation: `polling ${o.server.host}:${o.server.port}${o.remoteDir}`,
          onRetry: (err, attempt, delayMs) => ctx.log.warn({ code: err.code, attempt, delayMs, msg: err.message }, 'SFTP poll interrupted; reconnecting'),
        },
      );
      this.lastPoll = { at, ok: true };
    } catch (thrown) {
      const err = toEdiError(thrown, 'SFTP poll');
      this.lastPoll = { at, ok: false, error: `${err.code}: ${err.message}` };
      ctx.log.error({ code: err.code, msg: err.message }, 'SFTP poll failed; the next poll tries again');
      if (err.code === 'EDI_ERR_SFTP_AUTH') await this.alertOnce(`auth:${o.server.username}`, { code: err.code, message: err.message });
      if (err.code === 'EDI_ERR_SFTP_HOST_KEY_MISMATCH') await this.hostKeyAlert(String(err.detail?.presented), err.message);
    }
  }

  // ------------------------------------------------------------------ one pass over the directory

  private async pass(p: Pass): Promise<void> {
    const { o, ctx } = this;
    const listing = await p.session.list(o.remoteDir);
    const states = new Map<string, RemoteFileState>();
    for (const [key, entry] of await ctx.state.scan<RemoteFileState>('remote:')) states.set(key.slice('remote:'.length), entry.value);
    const listed = new Set(listing.map((e) => e.name));
    const present = new Map<string, RemoteEntry>();
    const unsafe: RemoteEntry[] = [];
    for (const e of listing) {
      if (!e.isFile || e.name === o.manifest) continue;
      if (nameProblem(e.name) !== undefined) {
        if (states.get(e.name)?.phase !== 'unsafe') unsafe.push(e);
        continue;
      }
      if (isUploadInProgressName(e.name) || !o.isIncluded(e.name)) continue;
      present.set(e.name, e);
    }
    await this.reportUnsafe(unsafe);
    // Entries of files no longer there: moved just before a crash, or removed by the partner.
    const forgotten: StateWrite[] = [...states.keys()].filter((n) => !listed.has(n)).map((n) => ({ namespace: ctx.id, key: remoteKey(n), value: undefined }));
    if (forgotten.length > 0) await ctx.bus.produce([], { state: forgotten });

    const batch = await this.releasedByManifest(p, listing, present, states);
    const released = batch?.names;
    const now = Date.now();
    const toMove: Array<{ name: string; id: string }> = [];
    const toRefuse: Array<{ name: string; st: RemoteFileState }> = [];
    const toFetch: RemoteEntry[] = [];
    for (const [name, e] of present) {
      const st = states.get(name);
      const unchanged = st !== undefined && st.size === e.size && st.mtimeMs === e.mtimeMs;
      if (unchanged && st.phase === 'committed') toMove.push({ name, id: st.id });
      else if (unchanged && st.phase === 'refused') toRefuse.push({ name, st });
      else if (released !== undefined ? released.has(name) : now - e.mtimeMs >= o.minAgeMs) toFetch.push(e);
    }
    // First what was committed before (a crash, a dropped connection): only moved, never taken again.
    await this.dispose(p, toMove);
    await this.moveRefused(p, toRefuse);
    toFetch.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : 1));
    for (let i = 0; i < toFetch.length && !this.stopping; i += o.batchFiles) {
      await this.takeChunk(p, toFetch.slice(i, i + o.batchFiles), states);
    }
    if (batch?.complete === true && !this.stopping) {
      const left = [...batch.names].filter((n) => present.has(n) && !p.disposed.has(n));
      if (left.length === 0) await this.disposeManifest(p);
    }
  }

  /**
   * With a manifest: the names it releases (none while it is absent or does not match; then
   * `complete` is false and the manifest stays); undefined without a manifest configured.
   */
  private async releasedByManifest(
    p: Pass,
    listing: RemoteEntry[],
    present: Map<string, RemoteEntry>,
    states: Map<string, RemoteFileState>,
  ): Promise<{ names: Set<string>; complete: boolean } | undefined> {
    const { o, ctx } = this;
    if (o.manifest === undefined) return undefined;
    const m = listing.find((e) => e.isFile && e.name === o.manifest);
    const batch = (await ctx.state.get<BatchState>(batchKey(o.manifest)))?.value;
    if (m === undefined) {
      if (batch !== undefined) await ctx.state.delete(batchKey(o.manifest));
      ctx.log.debug({ manifest: o.manifest }, 'no manifest yet; batch not released');
      return { names: new Set(), complete: false };
    }
    if (batch !== undefined && batch.manifestSize === m.size && batch.manifestMtimeMs === m.mtimeMs) return { names: new Set(batch.names), complete: true };
    const content = (await p.session.readSmall(posix.join(o.remoteDir, m.name), MANIFEST_MAX_BYTES)).toString('utf8');
    const candidates = [...present.keys()].filter((n) => states.get(n)?.phase !== 'refused');
    const verdict = checkManifest(content, candidates);
    if (!verdict.ok) {
      const err = sftpInboundErrors.create('EDI_ERR_SFTP_MANIFEST_MISMATCH', { manifest: o.manifest, reason: verdict.reason });
      ctx.log.warn({ code: err.code }, err.message);
      await this.alertOnce(`manifest:${m.size}:${m.mtimeMs}`, { code: err.code, message: err.message });
      return { names: new Set(), complete: false };
    }
    // Remembered before anything moves, so a batch interrupted half way is not re-counted.
    await ctx.state.put(batchKey(o.manifest), { manifestSize: m.size, manifestMtimeMs: m.mtimeMs, names: verdict.names } satisfies BatchState);
    return { names: new Set(verdict.names), complete: true };
  }

  private async takeChunk(p: Pass, entries: RemoteEntry[], states: Map<string, RemoteFileState>): Promise<void> {
    const { o, ctx } = this;
    const fetched: Fetched[] = [];
    let lost: unknown;
    await forEachLimit(entries, o.downloadConcurrency, async (e) => {
      if (lost !== undefined || this.stopping) return;
      try {
        fetched.push(await fetchRemoteFile(p.session, e, o));
      } catch (err) {
        if (isConnectionLoss(err)) lost = err;
        else fetched.push({ kind: 'refused', e, error: toEdiError(err, `downloading ${e.name}`) });
      }
    });
    // What arrived whole is committed even when the connection dropped meanwhile.
    const now = new Date();
    const at = now.toISOString();
    const items: IntakeInfo[] = [];
    const writes: StateWrite[] = [];
    const committed: Array<{ name: string; id: string }> = [];
    const refused: Array<{ e: RemoteEntry; error: EdiError }> = [];
    const inChunk = new Map<string, SeenContent>();
    for (const f of fetched) {
      if (f.kind === 'vanished') continue;
      if (f.kind === 'refused') {
        refused.push(f);
        continue;
      }
      const before = states.get(f.e.name);
      // Re-uploaded with the same content after we took it (new mtime): move it, no second record.
      if (before?.phase === 'committed' && before.sha256 === f.sha256) {
        writes.push({ namespace: ctx.id, key: remoteKey(f.e.name), value: { ...before, size: f.e.size, mtimeMs: f.e.mtimeMs } satisfies RemoteFileState });
        committed.push({ name: f.e.name, id: before.id });
        continue;
      }
      const seen = inChunk.get(f.sha256) ?? (await ctx.state.get<SeenContent>(contentKey(f.sha256)))?.value;
      let extraHeaders: Record<string, string> | undefined;
      if (seen !== undefined && now.getTime() - Date.parse(seen.at) <= o.duplicateWindowMs) {
        if (o.duplicates === 'reject') {
          refused.push({ e: f.e, error: sftpInboundErrors.create('EDI_ERR_SFTP_DUPLICATE_CONTENT', { file: f.e.name, sha256: f.sha256, original: seen.name, originalId: seen.id }) });
          continue;
        }
        extraHeaders = { [DUPLICATE_OF_HEADER]: seen.id };
      }
      const id = newId();
      items.push({
        topic: o.topic,
        key: o.keyByName ? f.e.name : null,
        value: f.value,
        source: `${ctx.id}:${posix.join(o.remoteDir, f.e.name)}`,
        contentType: contentTypeOf(f.e.name, o),
        ...(o.schema !== undefined ? { schema: o.schema } : {}),
        ...(extraHeaders !== undefined ? { extraHeaders } : {}),
        id,
      });
      writes.push({ namespace: ctx.id, key: remoteKey(f.e.name), value: { phase: 'committed', size: f.e.size, mtimeMs: f.e.mtimeMs, sha256: f.sha256, id, at } satisfies RemoteFileState });
      if (seen === undefined || extraHeaders === undefined) {
        const content: SeenContent = { id, name: f.e.name, at };
        inChunk.set(f.sha256, content);
        writes.push({ namespace: ctx.id, key: contentKey(f.sha256), value: content });
      }
      committed.push({ name: f.e.name, id });
    }
    if (items.length > 0) {
      await intake(ctx, items, writes);
      this.counts.taken += items.length;
      if (crashAfterCommit()) process.kill(process.pid, 'SIGKILL');
    } else if (writes.length > 0) {
      await ctx.bus.produce([], { state: writes });
    }
    const toRefuse = await this.recordRefusals(refused, at);
    if (lost !== undefined) throw lost;
    await this.dispose(p, committed);
    await this.moveRefused(p, toRefuse);
  }

  // ------------------------------------------------------------------ leaving remoteDir

  /** Moves (or deletes) committed files; the state entry goes once the file has left. */
  private async dispose(p: Pass, files: Array<{ name: string; id: string }>): Promise<void> {
    const { o, ctx } = this;
    const done: StateWrite[] = [];
    let lost: unknown;
    try {
      for (const { name, id } of files) {
        try {
          if (o.after === 'delete') await this.removeRemote(p, name);
          else await this.moveRemote(p, name, o.processedDir, id);
          done.push({ namespace: ctx.id, key: remoteKey(name), value: undefined });
          p.disposed.add(name);
          this.moveFailures.delete(name);
          this.counts.moved++;
        } catch (err) {
          if (isConnectionLoss(err)) {
            lost = err;
            break;
          }
          await this.moveFailed(name, id, err);
        }
      }
    } finally {
      if (done.length > 0) await ctx.bus.produce([], { state: done });
    }
    if (lost !== undefined) throw lost;
  }

  private async moveFailed(name: string, id: string, err: unknown): Promise<void> {
    const failures = (this.moveFailures.get(name) ?? 0) + 1;
    this.moveFailures.set(name, failures);
    const e = sftpInboundErrors.create('EDI_ERR_SFTP_MOVE_FAILED', { file: name, id, action: this.o.after === 'delete' ? 'deleted' : 'moved', attempts: failures, reason: toEdiError(err).message });
    this.ctx.log.warn({ code: e.code, file: name, id }, e.message);
    if (failures === ALERT_AFTER_MOVE_FAILURES) await this.ctx.alert({ code: e.code, message: e.message, detail: { file: name, id } });
  }

  private async removeRemote(p: Pass, name: string): Promise<void> {
    try {
      await p.session.remove(posix.join(this.o.remoteDir, name));
    } catch (err) {
      if (sftpStatus(err) !== SFTP_NO_SUCH_FILE) throw err;
    }
  }

  /** Renames into dir without overwriting; a reply lost after a successful rename counts as moved. */
  private async moveRemote(p: Pass, name: string, dir: string, tag: string): Promise<string> {
    const { session } = p;
    if (!p.madeDirs.has(dir)) {
      await session.mkdirp(dir);
      p.madeDirs.add(dir);
    }
    const from = posix.join(this.o.remoteDir, name);
    let to = posix.join(dir, name);
    try {
      await session.rename(from, to);
      return to;
    } catch (err) {
      if (isConnectionLoss(err)) throw err;
      if ((await session.stat(from)) === undefined) return to;
      if ((await session.stat(to)) === undefined) throw err;
      to = posix.join(dir, nameWithTag(name, tag));
      await session.rename(from, to);
      return to;
    }
  }

  // ------------------------------------------------------------------ refusals

  /** A refused file is tracked and remembered once; then only its move into errorDir is retried. */
  private async recordRefusals(refused: Array<{ e: RemoteEntry; error: EdiError }>, at: string): Promise<Array<{ name: string; st: RemoteFileState }>> {
    const { o, ctx } = this;
    if (refused.length === 0) return [];
    const events: OutgoingRecord[] = [];
    const writes: StateWrite[] = [];
    const out: Array<{ name: string; st: RemoteFileState }> = [];
    for (const { e, error } of refused) {
      const id = newId();
      const st: RemoteFileState = { phase: 'refused', size: e.size, mtimeMs: e.mtimeMs, id, at, code: error.code, message: error.message };
      ctx.log.warn({ file: e.name, code: error.code, trackingId: id }, `remote file refused: ${error.message}`);
      events.push(ctx.trackingRecord({ id, step: 'intake', status: 'error', topic: o.topic, source: `${ctx.id}:${posix.join(o.remoteDir, e.name)}`, errorCode: error.code, message: error.message }));
      writes.push({ namespace: ctx.id, key: remoteKey(e.name), value: st });
      out.push({ name: e.name, st });
    }
    await ctx.bus.produce(events, { state: writes });
    this.counts.refused += refused.length;
    ctx.metrics.recordsFailed(refused.length);
    return out;
  }

  private async moveRefused(p: Pass, files: Array<{ name: string; st: RemoteFileState }>): Promise<void> {
    const { o, ctx } = this;
    const done: StateWrite[] = [];
    let lost: unknown;
    try {
      for (const { name, st } of files) {
        try {
          const to = await this.moveRemote(p, name, o.errorDir, st.id);
          const report = { code: st.code, message: st.message, at: st.at, file: name, size: st.size, trackingId: st.id };
          await p.session.upload(Buffer.from(`${JSON.stringify(report, null, 2)}\n`), `${to}.error.json`).catch((err: unknown) => {
            if (isConnectionLoss(err)) throw err;
            ctx.log.warn({ file: name, msg: toEdiError(err).message }, 'could not write the error report beside a refused file');
          });
          done.push({ namespace: ctx.id, key: remoteKey(name), value: undefined });
          p.disposed.add(name);
        } catch (err) {
          if (isConnectionLoss(err)) {
            lost = err;
            break;
          }
          await this.moveFailed(name, st.id, err);
        }
      }
    } finally {
      if (done.length > 0) await ctx.bus.produce([], { state: done });
    }
    if (lost !== undefined) throw lost;
  }

  /** Names that cannot be addressed safely are never touched: reported once, with an alert. */
  private async reportUnsafe(entries: RemoteEntry[]): Promise<void> {
    const { o, ctx } = this;
    if (entries.length === 0) return;
    const at = new Date().toISOString();
    const events: OutgoingRecord[] = [];
    const writes: StateWrite[] = [];
    for (const e of entries) {
      const problem = nameProblem(e.name)!;
      const file = JSON.stringify(displayName(e.name));
      const error = sftpInboundErrors.create('EDI_ERR_SFTP_FILE_NAME_UNSAFE', { file, reason: NAME_PROBLEM_TEXT[problem] });
      const id = newId();
      events.push(ctx.trackingRecord({ id, step: 'intake', status: 'error', topic: o.topic, source: `${ctx.id}:${displayName(e.name)}`, errorCode: error.code, message: error.message }));
      writes.push({ namespace: ctx.id, key: remoteKey(e.name), value: { phase: 'unsafe', size: e.size, mtimeMs: e.mtimeMs, id, at, code: error.code } satisfies RemoteFileState });
      await ctx.alert({ code: error.code, message: error.message, detail: { file: displayName(e.name), remoteDir: o.remoteDir } });
    }
    await ctx.bus.produce(events, { state: writes });
    this.counts.refused += entries.length;
  }

  private async disposeManifest(p: Pass): Promise<void> {
    const { o, ctx } = this;
    const name = o.manifest!;
    try {
      if (o.after === 'delete') await this.removeRemote(p, name);
      else await this.moveRemote(p, name, o.processedDir, newId());
      await ctx.state.delete(batchKey(name));
    } catch (err) {
      if (isConnectionLoss(err)) throw err;
      ctx.log.warn({ manifest: name, msg: toEdiError(err).message }, 'could not move the batch manifest; trying again at the next poll');
    }
  }

  // ------------------------------------------------------------------ alerts

  private async hostKeyAlert(presented: string, message: string): Promise<void> {
    const { server } = this.o;
    await this.alertOnce(`hostkey:${presented}`, { code: 'EDI_ERR_SFTP_HOST_KEY_MISMATCH', message, detail: { host: server.host, port: server.port, presented, pinned: server.fingerprints } });
  }

  private async alertOnce(key: string, alert: { code: string; message: string; detail?: Record<string, unknown> }): Promise<void> {
    if (this.alerted.has(key)) return;
    this.alerted.add(key);
    await this.ctx.alert(alert).catch((err: unknown) => this.ctx.log.error({ err }, 'could not raise an alert'));
  }
}
