// The SFTP inbox's memory per remote file, committed with the records (DESIGN.md, "State"):
//   remote:NAME -> committed (taken as record ID, not yet moved): only moved on the next attempts,
//                  never taken again while size and mtime are unchanged;
//                  refused (moved to errorDir failed): only the move is retried;
//                  unsafe (a name that cannot be addressed safely): reported once, left alone.
//   batch:MANIFEST -> the names a manifest released, so a batch interrupted half way carries on
//                     without its count being checked against a half-moved directory.
//   sha:SHA256 -> content taken before (duplicate detection), kept duplicateWindow.

export interface RemoteFileState {
  phase: 'committed' | 'refused' | 'unsafe';
  size: number;
  mtimeMs: number;
  sha256?: string;
  id: string;
  at: string;
  /** Why it was refused (refused, unsafe): for the error report written beside it. */
  code?: string;
  message?: string;
}

export interface BatchState {
  manifestSize: number;
  manifestMtimeMs: number;
  names: string[];
}

export interface SeenContent {
  id: string;
  name: string;
  at: string;
}

export const remoteKey = (name: string): string => `remote:${name}`;
export const batchKey = (manifest: string): string => `batch:${manifest}`;
export const contentKey = (sha256: string): string => `sha:${sha256}`;
