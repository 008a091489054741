// The sandbox's memory in SQLite (a file under the data dir survives a restart): every
// accepted statement with its lifecycle, and the nonces seen recently (a UsernameToken may
// not be replayed — WSS UsernameToken Profile §3.1 "non-replay").
import type Database from 'better-sqlite3';
import type { DueDiligenceStatement, EudrStatus, OperatorRole } from '../../schemas/traces/v3/model.js';

export interface StatementRow {
  uuid: string;
  /** Username of the web service user who submitted it. */
  username: string;
  /** The operator the user belongs to. */
  operator_name: string;
  operator_country: string;
  /** The operator on whose behalf (REPRESENTATIVE_OPERATOR), else the user's operator. */
  declarant_name: string;
  role: OperatorRole;
  internal_reference: string;
  activity: string;
  status: EudrStatus;
  reference_number: string | null;
  verification_number: string | null;
  submitted_at: number;
  available_at: number;
  updated_at: number;
  version: number;
  rejection_reason: string | null;
  /** The uuid of the statement that groups this one, while GROUPED. */
  grouped_by: string | null;
  statement_json: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS statements (
  uuid TEXT PRIMARY KEY, username TEXT NOT NULL, operator_name TEXT NOT NULL, operator_country TEXT NOT NULL,
  declarant_name TEXT NOT NULL, role TEXT NOT NULL, internal_reference TEXT NOT NULL, activity TEXT NOT NULL,
  status TEXT NOT NULL, reference_number TEXT UNIQUE, verification_number TEXT, submitted_at INTEGER NOT NULL,
  available_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1,
  rejection_reason TEXT, grouped_by TEXT, statement_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS statements_internal ON statements(username, internal_reference);
CREATE INDEX IF NOT EXISTS statements_status ON statements(status, available_at);
CREATE TABLE IF NOT EXISTS nonces (nonce TEXT PRIMARY KEY, seen_at INTEGER NOT NULL);
`;

export class TracesStore {
  private readonly q;

  constructor(readonly db: Database.Database) {
    db.exec(SCHEMA);
    this.q = {
      insert: db.prepare(
        `INSERT INTO statements (uuid, username, operator_name, operator_country, declarant_name, role, internal_reference, activity, status, submitted_at, available_at, updated_at, version, statement_json)
         VALUES (@uuid, @username, @operator_name, @operator_country, @declarant_name, @role, @internal_reference, @activity, @status, @submitted_at, @available_at, @updated_at, 1, @statement_json)`,
      ),
      byUuid: db.prepare<[string], StatementRow>('SELECT * FROM statements WHERE uuid = ?'),
      byReference: db.prepare<[string], StatementRow>('SELECT * FROM statements WHERE reference_number = ?'),
      byInternal: db.prepare<[string, string], StatementRow>('SELECT * FROM statements WHERE username = ? AND internal_reference = ? ORDER BY submitted_at LIMIT 100'),
      due: db.prepare<[number], StatementRow>("SELECT * FROM statements WHERE status = 'SUBMITTED' AND available_at <= ? ORDER BY available_at"),
      makeAvailable: db.prepare("UPDATE statements SET status = 'AVAILABLE', reference_number = ?, verification_number = ?, updated_at = ? WHERE uuid = ? AND status = 'SUBMITTED'"),
      reject: db.prepare("UPDATE statements SET status = 'REJECTED', rejection_reason = ?, updated_at = ? WHERE uuid = ? AND status = 'SUBMITTED'"),
      setStatus: db.prepare('UPDATE statements SET status = ?, updated_at = ? WHERE uuid = ?'),
      group: db.prepare("UPDATE statements SET status = 'GROUPED', grouped_by = ?, updated_at = ? WHERE reference_number = ?"),
      ungroup: db.prepare("UPDATE statements SET status = 'AVAILABLE', grouped_by = NULL, updated_at = ? WHERE grouped_by = ? AND status = 'GROUPED'"),
      amend: db.prepare('UPDATE statements SET statement_json = ?, internal_reference = ?, declarant_name = ?, version = version + 1, updated_at = ? WHERE uuid = ?'),
      all: db.prepare<[number], StatementRow>('SELECT * FROM statements ORDER BY submitted_at DESC LIMIT ?'),
      seenNonce: db.prepare<[string], { seen_at: number }>('SELECT seen_at FROM nonces WHERE nonce = ?'),
      putNonce: db.prepare('INSERT OR REPLACE INTO nonces (nonce, seen_at) VALUES (?, ?)'),
      dropNonces: db.prepare('DELETE FROM nonces WHERE seen_at < ?'),
    };
  }

  insert(row: Omit<StatementRow, 'reference_number' | 'verification_number' | 'version' | 'rejection_reason' | 'grouped_by'>): void {
    this.q.insert.run(row);
  }

  byUuid(uuid: string): StatementRow | undefined {
    return this.q.byUuid.get(uuid);
  }

  byReference(reference: string): StatementRow | undefined {
    return this.q.byReference.get(reference);
  }

  byInternalReference(username: string, internalReference: string): StatementRow[] {
    return this.q.byInternal.all(username, internalReference);
  }

  /** SUBMITTED statements whose time has come. */
  due(now: number): StatementRow[] {
    return this.q.due.all(now);
  }

  makeAvailable(uuid: string, reference: string, verification: string, now: number): void {
    this.q.makeAvailable.run(reference, verification, now, uuid);
  }

  reject(uuid: string, reason: string, now: number): void {
    this.q.reject.run(reason, now, uuid);
  }

  setStatus(uuid: string, status: EudrStatus, now: number): void {
    this.q.setStatus.run(status, now, uuid);
  }

  group(referenceNumber: string, groupedBy: string, now: number): void {
    this.q.group.run(groupedBy, now, referenceNumber);
  }

  /** The members of a withdrawn grouping statement are AVAILABLE again. */
  ungroup(groupedBy: string, now: number): void {
    this.q.ungroup.run(now, groupedBy);
  }

  amend(uuid: string, statement: DueDiligenceStatement, internalReference: string, declarant: string, now: number): void {
    this.q.amend.run(JSON.stringify(statement), internalReference, declarant, now, uuid);
  }

  all(limit: number): StatementRow[] {
    return this.q.all.all(limit);
  }

  /** Records a nonce; false when it was already seen inside the window (a replay). */
  acceptNonce(nonce: string, now: number, windowMs: number): boolean {
    this.q.dropNonces.run(now - 2 * windowMs);
    if (this.q.seenNonce.get(nonce) !== undefined) return false;
    this.q.putNonce.run(nonce, now);
    return true;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}
