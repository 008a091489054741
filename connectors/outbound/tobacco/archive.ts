// Keeps the exact bytes sent to the router, <dir>/<YYYY-MM-DD>/<Code>.json, written before the
// request so that what was hashed, sent and archived are one buffer (a re-serialised copy is
// the classic INVALID_SIGNATURE, and no proof of what was reported).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export class MessageArchive {
  private readonly made = new Set<string>();

  constructor(private readonly dir: string) {}

  /** Path of the archived copy; a retry rewrites the same bytes. */
  async keep(code: string, bytes: Buffer, at = new Date()): Promise<string> {
    if (!/^[A-Za-z0-9._-]{1,100}$/.test(code)) throw new Error(`recall Code ${JSON.stringify(code)} is not a safe file name`);
    const day = join(this.dir, at.toISOString().slice(0, 10));
    if (!this.made.has(day)) {
      await mkdir(day, { recursive: true });
      this.made.add(day);
    }
    const file = join(day, `${code}.json`);
    await writeFile(file, bytes);
    return file;
  }
}
