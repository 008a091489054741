// The EDS sandbox's memory in SQLite (a file under the data dir survives a restart): carriers,
// API clients (only a hash of each secret: the file holds nothing usable), tokens (hashed),
// and every accepted trip — the ledger the report is built from. A trip is unique per carrier
// by its fingerprint, which is how "identical data" (409) is decided.
import type Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Carriage } from '../../schemas/eds/index.js';

export interface ClientRow {
  client_id: string;
  carrier: string;
  person_code: string | null;
  plate: string | null;
  secret_sha256: string;
  secret_name: string | null;
  created_at: string;
  revoked_at: string | null;
}

export interface CarriageRow {
  id: number;
  client_id: string;
  carrier: string;
  person_code: string;
  plate: string;
  start_ms: number;
  trip_day: string;
  fingerprint: string;
  carriage: string;
  raw: string;
  status_code: string;
  received_at: string;
}

export interface LedgerFilter {
  from?: string;
  to?: string;
  carrier?: string;
  driver?: string;
  clientId?: string;
  limit?: number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS carriers (taxpayer_code TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS clients (
  client_id TEXT PRIMARY KEY, carrier TEXT NOT NULL, person_code TEXT, plate TEXT,
  secret_sha256 TEXT NOT NULL, secret_name TEXT, created_at TEXT NOT NULL, revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS tokens (
  token_sha256 TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL, epoch INTEGER NOT NULL, revoked INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS tokens_client ON tokens(client_id);
CREATE TABLE IF NOT EXISTS carriages (
  id INTEGER PRIMARY KEY AUTOINCREMENT, client_id TEXT NOT NULL, carrier TEXT NOT NULL, person_code TEXT NOT NULL,
  plate TEXT NOT NULL, start_ms INTEGER NOT NULL, trip_day TEXT NOT NULL, fingerprint TEXT NOT NULL,
  carriage TEXT NOT NULL, raw TEXT NOT NULL, status_code TEXT NOT NULL, received_at TEXT NOT NULL,
  UNIQUE (carrier, fingerprint)
);
CREATE INDEX IF NOT EXISTS carriages_day ON carriages(trip_day, carrier);
`;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export type TokenCheck = { ok: true; clientId: string } | { ok: false; reason: 'unknown' | 'expired' | 'revoked' | 'client-revoked' };

export class EdsStore {
  private readonly q;

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.q = {
      putCarrier: db.prepare('INSERT OR IGNORE INTO carriers (taxpayer_code, name) VALUES (?, ?)'),
      carriers: db.prepare<[], { taxpayer_code: string; name: string }>('SELECT * FROM carriers ORDER BY taxpayer_code'),
      seedClient: db.prepare(
        'INSERT OR IGNORE INTO clients (client_id, carrier, person_code, plate, secret_sha256, secret_name, created_at) VALUES (@client_id, @carrier, @person_code, @plate, @secret_sha256, @secret_name, @created_at)',
      ),
      upsertClient: db.prepare(
        `INSERT INTO clients (client_id, carrier, person_code, plate, secret_sha256, secret_name, created_at) VALUES (@client_id, @carrier, @person_code, @plate, @secret_sha256, @secret_name, @created_at)
         ON CONFLICT(client_id) DO UPDATE SET carrier = excluded.carrier, person_code = excluded.person_code, plate = excluded.plate,
           secret_sha256 = excluded.secret_sha256, secret_name = excluded.secret_name, created_at = excluded.created_at, revoked_at = NULL`,
      ),
      client: db.prepare<[string], ClientRow>('SELECT * FROM clients WHERE client_id = ?'),
      clients: db.prepare<[], ClientRow>('SELECT * FROM clients ORDER BY carrier, client_id'),
      revokeClient: db.prepare('UPDATE clients SET revoked_at = ? WHERE client_id = ? AND revoked_at IS NULL'),
      dropTokensOf: db.prepare('DELETE FROM tokens WHERE client_id = ?'),
      putToken: db.prepare('INSERT INTO tokens (token_sha256, client_id, expires_at, epoch) VALUES (?, ?, ?, ?)'),
      token: db.prepare<[string], { client_id: string; expires_at: number; epoch: number; revoked: number }>('SELECT client_id, expires_at, epoch, revoked FROM tokens WHERE token_sha256 = ?'),
      revokeToken: db.prepare('UPDATE tokens SET revoked = 1 WHERE token_sha256 = ?'),
      dropExpiredTokens: db.prepare('DELETE FROM tokens WHERE expires_at < ?'),
      putCarriage: db.prepare(
        `INSERT OR IGNORE INTO carriages (client_id, carrier, person_code, plate, start_ms, trip_day, fingerprint, carriage, raw, status_code, received_at)
         VALUES (@client_id, @carrier, @person_code, @plate, @start_ms, @trip_day, @fingerprint, @carriage, @raw, @status_code, @received_at)`,
      ),
      deleteCarriage: db.prepare('DELETE FROM carriages WHERE id = ?'),
      countCarriages: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM carriages'),
    };
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  // --- carriers and clients ---

  putCarrier(taxpayerCode: string, name: string): void {
    this.q.putCarrier.run(taxpayerCode, name);
  }

  carriers(): Array<{ taxpayer_code: string; name: string }> {
    return this.q.carriers.all();
  }

  /** A seeded client is inserted once: a revocation or a new secret survives the next start. */
  seedClient(c: { clientId: string; carrier: string; personCode?: string; plate?: string; secret: string; secretName?: string }): void {
    this.q.seedClient.run(this.clientParams(c));
  }

  /** Creates a client, or re-creates a revoked one with a new secret. */
  createClient(c: { clientId: string; carrier: string; personCode?: string; plate?: string; secret: string; secretName?: string }): void {
    this.q.upsertClient.run(this.clientParams(c));
  }

  private clientParams(c: { clientId: string; carrier: string; personCode?: string; plate?: string; secret: string; secretName?: string }) {
    return {
      client_id: c.clientId,
      carrier: c.carrier,
      person_code: c.personCode ?? null,
      plate: c.plate ?? null,
      secret_sha256: sha256(c.secret),
      secret_name: c.secretName ?? null,
      created_at: new Date().toISOString(),
    };
  }

  client(clientId: string): ClientRow | undefined {
    return this.q.client.get(clientId);
  }

  clients(): ClientRow[] {
    return this.q.clients.all();
  }

  /** EDS: deleting the client id revokes it; its tokens die with it. */
  revokeClient(clientId: string): boolean {
    return this.transaction(() => {
      const changed = this.q.revokeClient.run(new Date().toISOString(), clientId).changes > 0;
      if (changed) this.q.dropTokensOf.run(clientId);
      return changed;
    });
  }

  /** True only for an existing, unrevoked client with this secret (constant-time compare). */
  checkClient(clientId: string, secret: string): boolean {
    const row = this.q.client.get(clientId);
    const given = Buffer.from(sha256(secret), 'hex');
    const known = Buffer.from(row?.secret_sha256 ?? sha256(`no such client ${clientId}`), 'hex');
    return timingSafeEqual(given, known) && row !== undefined && row.revoked_at === null;
  }

  // --- tokens ---

  issueToken(clientId: string, ttlSeconds: number, epoch: number, now = Date.now()): string {
    const token = randomBytes(32).toString('base64url');
    this.q.dropExpiredTokens.run(now);
    this.q.putToken.run(sha256(token), clientId, now + ttlSeconds * 1000, epoch);
    return token;
  }

  checkToken(token: string, epoch: number, now = Date.now()): TokenCheck {
    const row = this.q.token.get(sha256(token));
    if (row === undefined) return { ok: false, reason: 'unknown' };
    if (row.revoked) return { ok: false, reason: 'revoked' };
    if (row.expires_at <= now || row.epoch !== epoch) return { ok: false, reason: 'expired' };
    if (this.q.client.get(row.client_id)?.revoked_at !== null) return { ok: false, reason: 'client-revoked' };
    return { ok: true, clientId: row.client_id };
  }

  revokeToken(token: string): void {
    this.q.revokeToken.run(sha256(token));
  }

  // --- the ledger ---

  /** The new row, or undefined when the carrier already has a trip with this fingerprint. */
  putCarriage(row: Omit<CarriageRow, 'id'>): CarriageRow | undefined {
    const info = this.q.putCarriage.run(row);
    return info.changes === 0 ? undefined : { ...row, id: Number(info.lastInsertRowid) };
  }

  deleteCarriage(id: number): boolean {
    return this.q.deleteCarriage.run(id).changes > 0;
  }

  countCarriages(): number {
    return this.q.countCarriages.get()?.n ?? 0;
  }

  carriages(filter: LedgerFilter = {}): CarriageRow[] {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (filter.from !== undefined) (where.push('trip_day >= @from'), (params.from = filter.from));
    if (filter.to !== undefined) (where.push('trip_day <= @to'), (params.to = filter.to));
    if (filter.carrier !== undefined) (where.push('carrier = @carrier'), (params.carrier = filter.carrier));
    if (filter.driver !== undefined) (where.push('person_code = @driver'), (params.driver = filter.driver));
    if (filter.clientId !== undefined) (where.push('client_id = @clientId'), (params.clientId = filter.clientId));
    const sql = `SELECT * FROM carriages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id ${filter.limit === undefined ? '' : 'LIMIT @limit'}`;
    if (filter.limit !== undefined) params.limit = filter.limit;
    return this.db.prepare<[Record<string, unknown>], CarriageRow>(sql).all(params);
  }
}

export function carriageOf(row: CarriageRow): Carriage {
  return JSON.parse(row.carriage) as Carriage;
}
