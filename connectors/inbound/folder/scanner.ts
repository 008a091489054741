// Lists the inbox and decides which files are complete. Names are handled as raw bytes, so a
// file whose name is not UTF-8 can still be stat'ed, refused and moved to error/ (a string path
// decoded lossily would not even name it). Change events only say "look again"; this listing is
// the truth, at start-up as later.
import { readdir } from 'node:fs/promises';
import type { FolderOptions } from './options.js';
import { sliceClock, type FsOps } from './fs-ops.js';
import { entryRole } from './names.js';
import { firstLook, isStable, lookAgain, type Observation, type Stability } from './stability.js';
import { forEachLimit } from './limit.js';

export interface Candidate extends Stability {
  /** The name's bytes as latin1: a lossless map key. */
  key: string;
  raw: Buffer;
  /** The name as UTF-8 text (lossy when the bytes are not UTF-8). */
  name: string;
  path: Buffer;
  phase: 'waiting' | 'taken';
  /** Not looked at before this time (a failed archive waits before it is tried again). */
  holdUntil?: number;
}

const SLASH = Buffer.from('/');
const STAT_CONCURRENCY = 32;

export function childPath(dir: Buffer, name: Buffer): Buffer {
  return Buffer.concat([dir, SLASH, name]);
}

export class DirectoryScanner {
  private readonly candidates = new Map<string, Candidate>();

  constructor(
    private readonly options: FolderOptions,
    private readonly ops: FsOps,
    private readonly onReady: (ready: Candidate[]) => void,
  ) {}

  /** One pass over the directory; calls onReady with the files that became complete. */
  async scan(): Promise<void> {
    const o = this.options;
    const dirents = await readdir(o.rootBytes, { withFileTypes: true, encoding: 'buffer' });
    const now = Date.now();
    const present = new Set<string>();
    const markers = new Set<string>();
    const toLook: Array<{ key: string; raw: Buffer; name: string; existing: Candidate | undefined }> = [];
    const stableWaiting: Candidate[] = [];
    for (const d of dirents) {
      // Directories (archive/, error/), symlinks, sockets, fifos: never taken.
      if (!d.isFile()) continue;
      const raw = d.name as unknown as Buffer;
      const key = raw.toString('latin1');
      present.add(key);
      const name = raw.toString('utf8');
      const role = entryRole(name, o);
      if (role === 'marker') markers.add(name);
      if (role !== 'document') continue;
      const existing = this.candidates.get(key);
      if (existing === undefined) toLook.push({ key, raw, name, existing });
      else if (existing.phase === 'waiting') {
        if (existing.holdUntil !== undefined && now < existing.holdUntil) continue;
        if (now >= existing.dueAt) toLook.push({ key, raw, name, existing });
        else if (isStable(existing, now, o.stableWindowMs)) stableWaiting.push(existing);
      }
    }
    for (const [key, c] of this.candidates) if (c.phase === 'waiting' && !present.has(key)) this.candidates.delete(key);

    const looked: Candidate[] = [];
    const clock = sliceClock();
    const look = async (t: (typeof toLook)[number]): Promise<void> => {
      if (this.ops.direct && clock.due()) await clock.pause();
      const path = childPath(o.rootBytes, t.raw);
      let st;
      try {
        st = await this.ops.lstat(path);
      } catch {
        return; // gone between the listing and the stat
      }
      if (!st.isFile()) return;
      const seen: Observation = { size: st.size, mtimeMs: st.mtimeMs, ino: st.ino };
      const at = Date.now();
      const s = t.existing === undefined ? firstLook(seen, at, o.stableWindowMs, o.trustMtime) : lookAgain(t.existing, seen, at, o.stableWindowMs, o.trustMtime);
      const c: Candidate = { ...s, key: t.key, raw: t.raw, name: t.name, path, phase: 'waiting' };
      this.candidates.set(t.key, c);
      looked.push(c);
    };
    if (this.ops.direct) for (const t of toLook) await look(t);
    else await forEachLimit(toLook, STAT_CONCURRENCY, look);

    const after = Date.now();
    const ready: Candidate[] = [];
    for (const c of [...stableWaiting, ...looked]) {
      if (!isStable(c, after, o.stableWindowMs)) continue;
      if (!this.markerPresent(c.name, markers)) {
        // Complete but not released yet: the marker's arrival triggers the next scan.
        c.dueAt = Infinity;
        continue;
      }
      c.phase = 'taken';
      ready.push(c);
    }
    if (ready.length > 0) {
      // Oldest first, so documents of one sender keep their order as far as the names allow.
      ready.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.onReady(ready);
    }
  }

  private markerPresent(name: string, markers: Set<string>): boolean {
    if (this.options.doneMarkers.length === 0) return true;
    return this.options.doneMarkers.some((suffix) => markers.has(name + suffix));
  }

  /** Earliest time a waiting file must be looked at again (Infinity when none). */
  nextDue(): number {
    let due = Infinity;
    for (const c of this.candidates.values()) {
      if (c.phase !== 'waiting') continue;
      const at = c.holdUntil ?? c.dueAt;
      if (at < due) due = at;
    }
    return due;
  }

  /** Leave a file alone for a while. */
  postpone(c: Candidate, ms: number): void {
    const current = this.candidates.get(c.key);
    if (current !== undefined) current.holdUntil = Date.now() + ms;
  }

  /** The file changed while it was being read: wait for a new stable window. */
  requeue(c: Candidate, seen: Observation): void {
    const s = lookAgain(c, seen, Date.now(), this.options.stableWindowMs, this.options.trustMtime);
    this.candidates.set(c.key, { ...c, ...s, phase: 'waiting' });
  }

  /** The file was handled (archived, deleted, refused) or vanished: forget it. */
  release(c: Candidate): void {
    if (this.candidates.get(c.key) === c) this.candidates.delete(c.key);
  }

  get waiting(): number {
    let n = 0;
    for (const c of this.candidates.values()) if (c.phase === 'waiting') n++;
    return n;
  }
}
