// What the desk knows of a statement, folded from three topics that arrive in any order:
// the request (eudr.statements.requested), the receipt (eudr.statements.receipts) and a
// failure (eudr.dlq). A receipt always wins (a replayed failure can succeed later); a failure
// wins over a bare request.
import type { StatementReceipt, StatementRequest } from '../../../transformers/eudr/statement-request.js';
import { clientKey } from '../../../transformers/eudr/statement-request.js';

export type DeskStatus = 'REQUESTED' | 'AVAILABLE' | 'REJECTED' | 'FAILED';

export interface DeskStatement {
  id: string;
  status: DeskStatus;
  client?: { id: string; name: string; country: string };
  affirmations: string[];
  requestedAt?: string;
  origin?: string;
  uuid?: string;
  referenceNumber?: string;
  verificationNumber?: string;
  internalReferenceNumber?: string;
  fellingSites?: number;
  availableAt?: string;
  code?: string;
  reason?: string;
  failedAt?: string;
  updatedAt: string;
}

export const statementKey = (id: string): string => `statement:${id}`;

const empty = (id: string, now: string): DeskStatement => ({ id, status: 'REQUESTED', affirmations: [], updatedAt: now });

export function withRequest(prev: DeskStatement | undefined, r: StatementRequest, now: string): DeskStatement {
  const s = { ...(prev ?? empty(r.id, now)) };
  s.client = { id: clientKey(r.client), name: r.client.name, country: r.client.country };
  if (s.affirmations.length === 0) s.affirmations = [...r.affirmations];
  s.requestedAt = r.requestedAt;
  if (r.origin !== undefined) s.origin = r.origin.kind === 'papinet' ? `papinet ${r.origin.document ?? ''} ${r.origin.number ?? ''}`.trim() : r.origin.kind;
  s.updatedAt = now;
  return s;
}

export function withReceipt(prev: DeskStatement | undefined, r: StatementReceipt, now: string): DeskStatement {
  const s = { ...(prev ?? empty(r.id, now)) };
  s.status = 'AVAILABLE';
  s.client = r.client;
  s.affirmations = [...r.affirmations];
  s.uuid = r.uuid;
  s.referenceNumber = r.referenceNumber;
  s.verificationNumber = r.verificationNumber;
  s.internalReferenceNumber = r.internalReferenceNumber;
  s.fellingSites = r.fellingSites;
  s.availableAt = r.availableAt;
  delete s.code;
  delete s.reason;
  s.updatedAt = now;
  return s;
}

export function withFailure(prev: DeskStatement | undefined, id: string, code: string, reason: string, now: string): DeskStatement {
  const s = { ...(prev ?? empty(id, now)) };
  if (s.status === 'AVAILABLE') return s;
  s.status = code === 'EDI_ERR_TRACES_STATEMENT_REJECTED' ? 'REJECTED' : 'FAILED';
  s.code = code;
  s.reason = reason;
  s.failedAt = now;
  s.updatedAt = now;
  return s;
}

/** The date a statement counts under in reports: when it became available, else when it was asked for. */
export function statementDate(s: DeskStatement): string {
  return (s.availableAt ?? s.requestedAt ?? s.failedAt ?? s.updatedAt).slice(0, 10);
}
