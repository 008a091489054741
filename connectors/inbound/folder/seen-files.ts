// The inbox's memory in the state store (DESIGN.md, "State"), one entry per content, written in
// the same transaction as the records:
//   sha:SHA256 -> the files committed with this content (name, size, mtime, record id).
// Found again with the same name, size and mtime (a crash between commit and archive), a file is
// archived without a second record; the same content under another name is a duplicate.
// Entries are pruned duplicateWindow after the content was last taken.
import type { StateStore, StateWrite } from '../../../topics/state-store.js';

export interface SeenFile {
  name: string;
  size: number;
  mtimeMs: number;
  id: string;
}

export interface SeenContent {
  /** The first record with this content. */
  id: string;
  name: string;
  firstAt: string;
  lastAt: string;
  /** Every file taken with it (more than one only with duplicates: accept); newest last, capped. */
  files: SeenFile[];
}

export const MAX_FILES_PER_CONTENT = 32;

export const contentKey = (sha256: string): string => `sha:${sha256}`;

export function sameFile(a: Pick<SeenFile, 'name' | 'size' | 'mtimeMs'>, b: Pick<SeenFile, 'name' | 'size' | 'mtimeMs'>): boolean {
  return a.name === b.name && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** The content entry with one more file taken. */
export function withFile(seen: SeenContent | undefined, file: SeenFile, at: string): SeenContent {
  if (seen === undefined) return { id: file.id, name: file.name, firstAt: at, lastAt: at, files: [file] };
  return { ...seen, lastAt: at, files: [...seen.files, file].slice(-MAX_FILES_PER_CONTENT) };
}

export function contentWrite(namespace: string, sha256: string, seen: SeenContent): StateWrite {
  return { namespace, key: contentKey(sha256), value: seen };
}

/** Content entries last taken longer ago than the window. */
export async function expiredContent(state: StateStore, windowMs: number, now = Date.now()): Promise<string[]> {
  const out: string[] = [];
  for (const [key, entry] of await state.scan<SeenContent>('sha:')) {
    if (now - Date.parse(entry.value.lastAt) > windowMs) out.push(key);
  }
  return out;
}
