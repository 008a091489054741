// Writes one file so that nobody ever sees it half written and nothing is overwritten by
// accident: temp dot-name, write, fsync, link to the final name (fails if it exists), fsync the
// directory, then drop the temp name.
import { link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export type Placed = 'written' | 'identical' | 'exists';

export async function writeFileAtomically(dir: string, name: string, content: Buffer, tag: string, overwrite: boolean): Promise<Placed> {
  await mkdir(dir, { recursive: true });
  const final = join(dir, name);
  const temp = join(dir, `.${name}.${tag}.tmp`);
  const fh = await open(temp, 'w', 0o644);
  try {
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    if (overwrite) await rename(temp, final);
    else {
      try {
        await link(temp, final);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
        // A redelivery after a crash finds its own file: that is a success, not a collision.
        const existing = await readFile(final).catch(() => undefined);
        return existing !== undefined && existing.equals(content) ? 'identical' : 'exists';
      }
    }
    await syncDir(dir);
    return 'written';
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function syncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the file itself is synced.
  } finally {
    await fh.close();
  }
}
