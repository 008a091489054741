// The router sandbox's memory, in SQLite (a file under the data dir survives a restart):
// clients and tokens, operators/facilities/machines, every UI with where it is, and every
// accepted message (the ledger) with the per-UI events a recall must be able to undo.
import type Database from 'better-sqlite3';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type UiLevel = 'unit' | 'aggregated';

export interface UiRow {
  /** The UI as issued: upUI(s) or aUI. */
  ui: string;
  level: UiLevel;
  eo_id: string;
  /** Facility the UI was issued for (IRU/IRA F_ID). */
  issued_f_id: string | null;
  /** The printed upUI(L) given by EUA (upUI_1), by which later messages may name it. */
  printed: string | null;
  /** EUA done (unit) / EPA done (aggregated). */
  applied: number;
  /** Facility where it is now; null while in transit or before application. */
  f_id: string | null;
  in_transit: number;
  dispatched_from: string | null;
  /** The one EU facility a dispatch named (Destination_ID2), if any. */
  destination: string | null;
  /** Event_Time of the dispatch, YYMMDDhh. */
  dispatched_at: string | null;
  /** The aUI this UI is aggregated in. */
  parent: string | null;
  disaggregated: number;
  deactivated: number;
  /** 'seed' or the Code of the IRU/IRA that issued it. */
  issued_by: string;
}

export type UiEventKind = 'state' | 'transaction';

export interface LedgerRow {
  seq: number;
  code: string;
  message_type: string;
  eo_id: string;
  status: number;
  md5: string;
  body: string;
  response: string;
  received_at: string;
  recalled_by: string | null;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS clients (client_id TEXT PRIMARY KEY, secret_sha256 TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (token_sha256 TEXT PRIMARY KEY, client_id TEXT NOT NULL, expires_at INTEGER NOT NULL, epoch INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS operators (eo_id TEXT PRIMARY KEY, active INTEGER NOT NULL DEFAULT 1);
CREATE TABLE IF NOT EXISTS facilities (f_id TEXT PRIMARY KEY, eo_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS machines (m_id TEXT PRIMARY KEY, f_id TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uis (
  ui TEXT PRIMARY KEY, level TEXT NOT NULL, eo_id TEXT NOT NULL, issued_f_id TEXT, printed TEXT UNIQUE,
  applied INTEGER NOT NULL DEFAULT 0, f_id TEXT, in_transit INTEGER NOT NULL DEFAULT 0, dispatched_from TEXT,
  destination TEXT, dispatched_at TEXT, parent TEXT, disaggregated INTEGER NOT NULL DEFAULT 0,
  deactivated INTEGER NOT NULL DEFAULT 0, issued_by TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS uis_parent ON uis(parent);
CREATE TABLE IF NOT EXISTS messages (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL UNIQUE, message_type TEXT NOT NULL, eo_id TEXT NOT NULL,
  status INTEGER NOT NULL, md5 TEXT NOT NULL, body TEXT NOT NULL, response TEXT NOT NULL, received_at TEXT NOT NULL, recalled_by TEXT
);
CREATE TABLE IF NOT EXISTS ui_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT, ui TEXT NOT NULL, code TEXT NOT NULL, kind TEXT NOT NULL, before TEXT
);
CREATE INDEX IF NOT EXISTS ui_events_ui ON ui_events(ui, seq);
CREATE INDEX IF NOT EXISTS ui_events_code ON ui_events(code);
`;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export class RouterStore {
  private readonly q;

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.q = {
      client: db.prepare<[string], { secret_sha256: string }>('SELECT secret_sha256 FROM clients WHERE client_id = ?'),
      putClient: db.prepare('INSERT INTO clients (client_id, secret_sha256) VALUES (?, ?) ON CONFLICT(client_id) DO UPDATE SET secret_sha256 = excluded.secret_sha256'),
      putToken: db.prepare('INSERT INTO tokens (token_sha256, client_id, expires_at, epoch) VALUES (?, ?, ?, ?)'),
      token: db.prepare<[string], { client_id: string; expires_at: number; epoch: number }>('SELECT client_id, expires_at, epoch FROM tokens WHERE token_sha256 = ?'),
      dropExpiredTokens: db.prepare('DELETE FROM tokens WHERE expires_at < ?'),
      putOperator: db.prepare('INSERT OR IGNORE INTO operators (eo_id) VALUES (?)'),
      operator: db.prepare<[string], { eo_id: string; active: number }>('SELECT eo_id, active FROM operators WHERE eo_id = ?'),
      putFacility: db.prepare('INSERT OR IGNORE INTO facilities (f_id, eo_id) VALUES (?, ?)'),
      facility: db.prepare<[string], { f_id: string; eo_id: string }>('SELECT f_id, eo_id FROM facilities WHERE f_id = ?'),
      putMachine: db.prepare('INSERT OR IGNORE INTO machines (m_id, f_id) VALUES (?, ?)'),
      machine: db.prepare<[string], { m_id: string; f_id: string }>('SELECT m_id, f_id FROM machines WHERE m_id = ?'),
      uiById: db.prepare<[string], UiRow>('SELECT * FROM uis WHERE ui = ?'),
      uiByPrinted: db.prepare<[string], UiRow>('SELECT * FROM uis WHERE printed = ?'),
      children: db.prepare<[string], UiRow>('SELECT * FROM uis WHERE parent = ?'),
      insertUi: db.prepare(
        `INSERT OR IGNORE INTO uis (ui, level, eo_id, issued_f_id, printed, applied, f_id, in_transit, dispatched_from, destination, dispatched_at, parent, disaggregated, deactivated, issued_by)
         VALUES (@ui, @level, @eo_id, @issued_f_id, @printed, @applied, @f_id, @in_transit, @dispatched_from, @destination, @dispatched_at, @parent, @disaggregated, @deactivated, @issued_by)`,
      ),
      replaceUi: db.prepare(
        `INSERT OR REPLACE INTO uis (ui, level, eo_id, issued_f_id, printed, applied, f_id, in_transit, dispatched_from, destination, dispatched_at, parent, disaggregated, deactivated, issued_by)
         VALUES (@ui, @level, @eo_id, @issued_f_id, @printed, @applied, @f_id, @in_transit, @dispatched_from, @destination, @dispatched_at, @parent, @disaggregated, @deactivated, @issued_by)`,
      ),
      deleteUi: db.prepare('DELETE FROM uis WHERE ui = ?'),
      allUis: db.prepare<[number], UiRow>('SELECT * FROM uis ORDER BY ui LIMIT ?'),
      countUis: db.prepare<[], { n: number }>('SELECT count(*) AS n FROM uis'),
      putEvent: db.prepare('INSERT INTO ui_events (ui, code, kind, before) VALUES (?, ?, ?, ?)'),
      eventsOf: db.prepare<[string], { seq: number; ui: string; kind: UiEventKind; before: string | null }>('SELECT seq, ui, kind, before FROM ui_events WHERE code = ? ORDER BY seq'),
      laterLiveEvents: db.prepare<[string, number, string, string], { code: string }>(
        `SELECT e.code FROM ui_events e JOIN messages m ON m.code = e.code
         WHERE e.ui = ? AND e.seq > ? AND e.kind = ? AND e.code <> ? AND m.recalled_by IS NULL LIMIT 1`,
      ),
      message: db.prepare<[string], LedgerRow>('SELECT * FROM messages WHERE code = ?'),
      putMessage: db.prepare('INSERT INTO messages (code, message_type, eo_id, status, md5, body, response, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
      markRecalled: db.prepare('UPDATE messages SET recalled_by = ? WHERE code = ?'),
    };
  }

  // --- clients and tokens (only hashes are stored: the database file holds no usable secret) ---

  putClient(clientId: string, secret: string): void {
    this.q.putClient.run(clientId, sha256(secret));
  }

  checkClient(clientId: string, secret: string): boolean {
    const row = this.q.client.get(clientId);
    const given = Buffer.from(sha256(secret), 'hex');
    const known = Buffer.from(row?.secret_sha256 ?? sha256(`no such client ${clientId}`), 'hex');
    return timingSafeEqual(given, known) && row !== undefined;
  }

  issueToken(clientId: string, ttlSeconds: number, epoch: number, now = Date.now()): string {
    const token = randomBytes(32).toString('base64url');
    this.q.dropExpiredTokens.run(now);
    this.q.putToken.run(sha256(token), clientId, now + ttlSeconds * 1000, epoch);
    return token;
  }

  /** The token's client, unless it is unknown, expired or from before an expireTokensNow. */
  tokenClient(token: string, epoch: number, now = Date.now()): string | undefined {
    const row = this.q.token.get(sha256(token));
    if (row === undefined || row.expires_at <= now || row.epoch !== epoch) return undefined;
    return row.client_id;
  }

  // --- registry of operators, facilities, machines ---

  putOperator(eoId: string): void {
    this.q.putOperator.run(eoId);
  }

  putFacility(fId: string, eoId: string): void {
    this.q.putFacility.run(fId, eoId);
  }

  putMachine(mId: string, fId: string): void {
    this.q.putMachine.run(mId, fId);
  }

  operatorActive(eoId: string): boolean {
    return this.q.operator.get(eoId)?.active === 1;
  }

  facility(fId: string): { f_id: string; eo_id: string } | undefined {
    return this.q.facility.get(fId);
  }

  machine(mId: string): { m_id: string; f_id: string } | undefined {
    return this.q.machine.get(mId);
  }

  // --- UIs ---

  /** A UI by its issued form or its printed upUI(L). */
  findUi(code: string): UiRow | undefined {
    return this.q.uiById.get(code) ?? this.q.uiByPrinted.get(code);
  }

  uiExists(code: string): boolean {
    return this.findUi(code) !== undefined;
  }

  /** The UI and every UI aggregated in it, at any depth. */
  withContents(row: UiRow): UiRow[] {
    const out = [row];
    const seen = new Set([row.ui]);
    for (let i = 0; i < out.length; i++) {
      for (const child of this.q.children.all((out[i] as UiRow).ui)) {
        if (!seen.has(child.ui)) {
          seen.add(child.ui);
          out.push(child);
        }
      }
    }
    return out;
  }

  children(aUi: string): UiRow[] {
    return this.q.children.all(aUi);
  }

  insertUi(row: UiRow): boolean {
    return this.q.insertUi.run(row).changes === 1;
  }

  /** Changes a UI on behalf of message `code`, remembering the state before (for a recall). */
  updateUi(row: UiRow, patch: Partial<UiRow>, code: string): void {
    this.q.putEvent.run(row.ui, code, 'state', JSON.stringify(row));
    this.q.replaceUi.run({ ...row, ...patch });
  }

  /** Creates a UI on behalf of message `code` (an IRU/IRA); a recall deletes it again. */
  createUi(row: UiRow, code: string): boolean {
    if (!this.insertUi(row)) return false;
    this.q.putEvent.run(row.ui, code, 'state', null);
    return true;
  }

  /** A transactional message (invoice, order, payment) names the UI; nothing about it changes. */
  noteTransaction(ui: string, code: string): void {
    this.q.putEvent.run(ui, code, 'transaction', null);
  }

  listUis(limit: number): UiRow[] {
    return this.q.allUis.all(limit);
  }

  countUis(): number {
    return this.q.countUis.get()?.n ?? 0;
  }

  // --- messages (the ledger) and recalls ---

  message(code: string): LedgerRow | undefined {
    return this.q.message.get(code);
  }

  putMessage(m: Omit<LedgerRow, 'seq' | 'recalled_by'>): void {
    this.q.putMessage.run(m.code, m.message_type, m.eo_id, m.status, m.md5, m.body, m.response, m.received_at);
  }

  eventsOf(code: string): Array<{ seq: number; ui: string; kind: UiEventKind; before: string | null }> {
    return this.q.eventsOf.all(code);
  }

  /** The Code of a later, not recalled message (other than `code`) of the same kind about this UI. */
  laterEvent(ui: string, afterSeq: number, kind: UiEventKind, code: string): string | undefined {
    return this.q.laterLiveEvents.get(ui, afterSeq, kind, code)?.code;
  }

  restoreUi(ui: string, before: string | null): void {
    if (before === null) this.q.deleteUi.run(ui);
    else this.q.replaceUi.run(JSON.parse(before) as UiRow);
  }

  markRecalled(code: string, byCode: string): void {
    this.q.markRecalled.run(byCode, code);
  }

  ledger(filter: { messageType?: string; eoId?: string; code?: string; after?: number; limit: number }): LedgerRow[] {
    const where: string[] = [];
    const params: Array<string | number> = [];
    if (filter.messageType) (where.push('message_type = ?'), params.push(filter.messageType));
    if (filter.eoId) (where.push('eo_id = ?'), params.push(filter.eoId));
    if (filter.code) (where.push('code = ?'), params.push(filter.code));
    if (filter.after !== undefined) (where.push('seq > ?'), params.push(filter.after));
    const sql = `SELECT * FROM messages ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ?`;
    return this.db.prepare<Array<string | number>, LedgerRow>(sql).all(...params, filter.limit);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
