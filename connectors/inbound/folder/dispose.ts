// Where a file goes once it is handled: archive/YYYY-MM-DD/ (or deleted) after its record is
// durable, error/ with NAME.error.json when it cannot be taken. Nothing already in archive/ or
// error/ is ever overwritten: a name taken twice on one day gets the record id appended.
import type { EdiError } from '../../../lib/errors.js';
import type { FsOps } from './fs-ops.js';
import { childPath } from './scanner.js';

export interface Disposer {
  /** Returns the archived path, undefined when the file was already gone. */
  archive(path: Buffer, name: Buffer, id: string, now: Date): Promise<Buffer | undefined>;
  remove(path: Buffer): Promise<void>;
  refuse(path: Buffer, name: Buffer, error: EdiError, facts: Record<string, unknown>): Promise<Buffer | undefined>;
}

export function createDisposer(archiveDir: string, errorDir: string, ops: FsOps): Disposer {
  const archiveRoot = Buffer.from(archiveDir);
  const errorRoot = Buffer.from(errorDir);
  const made = new Set<string>();
  const ensureDir = async (dir: Buffer): Promise<void> => {
    const k = dir.toString('latin1');
    if (made.has(k)) return;
    await ops.mkdirp(dir);
    made.add(k);
  };

  /**
   * Moves path into dir under name, or name with `.suffix` before the extension when taken.
   * The inbox is the only writer of its archive and error folders (one instance per inbox), so
   * "look, then rename" cannot race; rename() is one metadata operation where link() + unlink()
   * are two.
   */
  const moveNoClobber = async (path: Buffer, dir: Buffer, name: Buffer, suffix: string): Promise<Buffer | undefined> => {
    let target = childPath(dir, name);
    if (await ops.exists(target)) {
      target = childPath(dir, withSuffix(name, suffix));
      if (await ops.exists(target)) throw new Error(`cannot move ${path.toString()}: ${target.toString()} exists too`);
    }
    try {
      await ops.rename(path, target);
      return target;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return undefined;
      // Archive on another file system: copy exclusively, then remove the original.
      if (code !== 'EXDEV') throw err;
      try {
        await ops.copyFileExclusive(path, target);
      } catch (copyErr) {
        if ((copyErr as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw copyErr;
      }
      await unlinkIfThere(path);
      return target;
    }
  };

  const unlinkIfThere = async (path: Buffer): Promise<void> => {
    try {
      await ops.unlink(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  };

  return {
    async archive(path, name, id, now) {
      const dir = childPath(archiveRoot, Buffer.from(now.toISOString().slice(0, 10)));
      await ensureDir(dir);
      return moveNoClobber(path, dir, name, id);
    },
    remove: unlinkIfThere,
    async refuse(path, name, error, facts) {
      await ensureDir(errorRoot);
      const unique = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
      const moved = await moveNoClobber(path, errorRoot, name, unique);
      if (moved === undefined) return undefined;
      const report = { code: error.code, message: error.message, at: new Date().toISOString(), ...(error.detail ? { detail: error.detail } : {}), ...facts };
      await ops.writeFile(Buffer.concat([moved, Buffer.from('.error.json')]), `${JSON.stringify(report, null, 2)}\n`);
      return moved;
    },
  };
}

function withSuffix(name: Buffer, suffix: string): Buffer {
  const dot = name.lastIndexOf(0x2e);
  const tag = Buffer.from(`.${suffix}`);
  return dot <= 0 ? Buffer.concat([name, tag]) : Buffer.concat([name.subarray(0, dot), tag, name.subarray(dot)]);
}
