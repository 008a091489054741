// SQLite for a sandbox's state (ledger, issued tokens, known identifiers): a file under the
// data dir when given, so a broker restart does not wipe what the "authority" accepted.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export function openSandboxDb(name: string, dataDir?: string): Database.Database {
  let file = ':memory:';
  if (dataDir !== undefined) {
    mkdirSync(dataDir, { recursive: true });
    file = join(dataDir, `${name}.sqlite`);
  }
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return db;
}
