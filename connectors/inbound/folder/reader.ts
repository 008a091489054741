// Reads one complete file and checks it can be taken: still the file that was found stable,
// within the size limit, not empty, UTF-8 when the inbox requires text. The content is hashed
// once here; the hash is the duplicate check and the key of the seen-file state.
import * as fs from 'node:fs';
import { open } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { EdiError } from '../../../lib/errors.js';
import { displayName, nameProblem, NAME_PROBLEM_TEXT } from '../../sdk/file-names.js';
import { folderErrors } from './errors.js';
import { firstInvalidUtf8 } from '../../sdk/utf8.js';
import type { FolderOptions } from './options.js';
import type { Candidate } from './scanner.js';
import type { Observation } from './stability.js';

export type ReadOutcome =
  | { kind: 'read'; value: Buffer; sha256: string }
  | { kind: 'refused'; error: EdiError }
  /** Changed since it was found stable: wait for a new window. */
  | { kind: 'changed'; seen: Observation }
  /** Gone (deleted or taken away by its writer). */
  | { kind: 'gone' };

type ReadOptions = Pick<FolderOptions, 'maxFileSize' | 'requireUtf8'>;

// O_NOFOLLOW: a file swapped for a symlink after the listing is not followed out of the inbox.
const OPEN_FLAGS = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW;

/** Checks that need no reading: the name and the size. */
export function refuseUnread(c: Candidate, options: Pick<FolderOptions, 'maxFileSize'>): EdiError | undefined {
  const problem = nameProblem(c.raw);
  if (problem !== undefined) return folderErrors.create('EDI_ERR_FOLDER_NAME_UNSAFE', { file: JSON.stringify(displayName(c.raw)), reason: NAME_PROBLEM_TEXT[problem] });
  if (c.size > options.maxFileSize) return folderErrors.create('EDI_ERR_FOLDER_TOO_LARGE', { file: c.name, size: c.size, limit: options.maxFileSize });
  if (c.size === 0) return folderErrors.create('EDI_ERR_FOLDER_EMPTY', { file: c.name });
  return undefined;
}

/** Direct calls: for small files on a local disk (see fs-ops.ts). */
export function readCandidateSync(c: Candidate, options: ReadOptions): ReadOutcome {
  const unread = refuseUnread(c, options);
  if (unread !== undefined) return { kind: 'refused', error: unread };
  let fd: number;
  try {
    fd = fs.openSync(c.path, OPEN_FLAGS);
  } catch (err) {
    return openFailed(c, err);
  }
  try {
    const st = fs.fstatSync(fd);
    if (changedSince(c, st)) return { kind: 'changed', seen: observe(st) };
    // One byte more than expected tells a file still growing from one that is complete.
    const buf = Buffer.allocUnsafe(c.size + 1);
    let filled = 0;
    for (;;) {
      const n = fs.readSync(fd, buf, filled, buf.length - filled, filled);
      if (n === 0) break;
      filled += n;
      if (filled > c.size) break;
    }
    if (filled !== c.size) return { kind: 'changed', seen: observe(fs.fstatSync(fd)) };
    return verdict(c, buf.subarray(0, filled), options);
  } catch (err) {
    return unreadable(c, err);
  } finally {
    fs.closeSync(fd);
  }
}

/** Thread-pool calls: large files, network mounts. */
export async function readCandidate(c: Candidate, options: ReadOptions): Promise<ReadOutcome> {
  const unread = refuseUnread(c, options);
  if (unread !== undefined) return { kind: 'refused', error: unread };
  let fh;
  try {
    fh = await open(c.path, OPEN_FLAGS);
  } catch (err) {
    return openFailed(c, err);
  }
  try {
    const st = await fh.stat();
    if (changedSince(c, st)) return { kind: 'changed', seen: observe(st) };
    const buf = Buffer.allocUnsafe(c.size + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled > c.size) break;
    }
    if (filled !== c.size) return { kind: 'changed', seen: observe(await fh.stat()) };
    return verdict(c, buf.subarray(0, filled), options);
  } catch (err) {
    return unreadable(c, err);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function verdict(c: Candidate, content: Buffer, options: ReadOptions): ReadOutcome {
  if (options.requireUtf8 && !isUtf8(content)) {
    return { kind: 'refused', error: folderErrors.create('EDI_ERR_FOLDER_NOT_UTF8', { file: c.name, offset: firstInvalidUtf8(content) }) };
  }
  return { kind: 'read', value: content, sha256: createHash('sha256').update(content).digest('hex') };
}

const observe = (st: fs.Stats): Observation => ({ size: st.size, mtimeMs: st.mtimeMs, ino: st.ino });
const changedSince = (c: Candidate, st: fs.Stats): boolean => st.size !== c.size || st.mtimeMs !== c.mtimeMs || st.ino !== c.ino;

function openFailed(c: Candidate, err: unknown): ReadOutcome {
  if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'gone' };
  return unreadable(c, err);
}

function unreadable(c: Candidate, err: unknown): ReadOutcome {
  return { kind: 'refused', error: folderErrors.create('EDI_ERR_FOLDER_UNREADABLE', { file: c.name, reason: (err as NodeJS.ErrnoException).code ?? String(err) }, { cause: err }) };
}
