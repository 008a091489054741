// One due diligence statement through TRACES V3 (Operator API Reference v1.0 §2.3, §4.1):
// find it by internal reference (a submission before a crash is never repeated), else submit
// it, and keep it as pending in the component's state; then read its status with getDds.
// AVAILABLE gives the numbers; REJECTED (with TRACES' reason) and the statuses that will never
// give numbers are permanent errors; SUBMITTED means ask again later.
import type { StateStore } from '../../../topics/state-store.js';
import type { DdsOverview, DueDiligenceStatement, OperatorRole } from '../../../schemas/traces/v3/model.js';
import type { EdiError } from '../../../lib/errors.js';
import type { StatementReceipt } from '../../../transformers/eudr/statement-request.js';
import type { TracesAccount } from './accounts.js';
import { callTraces, type TracesEndpoint } from './client.js';
import { tracesConnectorErrors } from './errors.js';
import { getDdsByInternalReferenceRequest, getDdsRequest, parseDdsOverviewResponse, parseSubmitDdsResponse, submitDdsRequest } from './v3/index.js';

/** A statement TRACES holds and whose numbers we wait for; everything the receipt or the DLQ record needs. */
export interface PendingStatement {
  id: string;
  uuid: string;
  internalReferenceNumber: string;
  /** found: a statement submitted earlier (before a crash) was found by internal reference. */
  how: 'submitted' | 'found';
  account: string;
  /** The receipt without the numbers TRACES has not given yet. */
  receipt: Omit<StatementReceipt, 'uuid' | 'referenceNumber' | 'verificationNumber' | 'availableAt'>;
  /** The request as it came (the DLQ record's value, replayable onto requestsTopic). */
  request: string;
  key: string | null;
  headers: Record<string, string>;
  /** Partition of the prepared statement: the consumer that owns it polls it (one poller per statement when scaled out). */
  topic?: string;
  partition?: number;
  polls: number;
  nextPollAt: number;
}

export const PENDING_PREFIX = 'pending:';
export const pendingKey = (id: string): string => `${PENDING_PREFIX}${id}`;

/** Statuses after which a statement will never give numbers: reported, not submitted again. */
const NEVER_AVAILABLE = new Set(['WITHDRAWN', 'ARCHIVED', 'OBSOLETE', 'SUSPENDED', 'UPDATED', 'GROUPED']);

export interface Submission {
  id: string;
  role: OperatorRole;
  statement: DueDiligenceStatement;
}

export async function findOrSubmit(
  input: Submission,
  account: TracesAccount,
  endpoint: TracesEndpoint,
  state: StateStore,
  make: (uuid: string, how: PendingStatement['how'], submittedAt: string) => PendingStatement,
  signal: AbortSignal,
  onSubmitted?: (p: PendingStatement) => Promise<void>,
): Promise<PendingStatement> {
  const kept = (await state.get<PendingStatement>(pendingKey(input.id)))?.value;
  if (kept !== undefined) return kept;
  const { credentials, throttle } = account;
  const internalReference = input.statement.internalReferenceNumber!;
  // Before any submission: did an earlier attempt get through (crash, timeout, lost answer)?
  const found = await callTraces(endpoint, throttle, credentials.username, getDdsByInternalReferenceRequest(credentials, internalReference), (b, c) => parseDdsOverviewResponse('getDdsByInternalReference', b, c), signal);
  const earlier = pickEarlier(found.filter((o) => o.internalReferenceNumber === internalReference));
  let pending: PendingStatement;
  if (earlier !== undefined) {
    pending = make(earlier.uuid, 'found', earlier.date ?? new Date().toISOString());
  } else {
    const { uuid } = await callTraces(endpoint, throttle, credentials.username, submitDdsRequest(credentials, input.role, input.statement), parseSubmitDdsResponse, signal);
    pending = make(uuid, 'submitted', new Date().toISOString());
    await onSubmitted?.(pending);
  }
  await state.put(pendingKey(input.id), pending);
  return pending;
}

export async function getOverviews(account: TracesAccount, endpoint: TracesEndpoint, uuids: string[], signal: AbortSignal): Promise<Map<string, DdsOverview>> {
  const { credentials, throttle } = account;
  const list = await callTraces(endpoint, throttle, credentials.username, getDdsRequest(credentials, uuids), (b, c) => parseDdsOverviewResponse('getDds', b, c), signal);
  return new Map(list.map((o) => [o.uuid, o]));
}

export type Verdict = { kind: 'pending'; status: string } | { kind: 'available'; receipt: StatementReceipt } | { kind: 'failed'; error: EdiError };

/** What a statement's overview means for us. */
export function verdictOf(p: PendingStatement, o: DdsOverview | undefined, now = new Date()): Verdict {
  if (o === undefined || o.status === 'SUBMITTED') return { kind: 'pending', status: o?.status ?? 'not yet listed' };
  if (o.status === 'REJECTED') {
    return {
      kind: 'failed',
      error: tracesConnectorErrors.create(
        'EDI_ERR_TRACES_STATEMENT_REJECTED',
        { id: p.id, internalReference: p.internalReferenceNumber, uuid: p.uuid, reason: o.rejectionReason ?? 'no reason given' },
        { detail: { uuid: p.uuid, internalReferenceNumber: p.internalReferenceNumber, status: 'REJECTED', rejectionReason: o.rejectionReason ?? null } },
      ),
    };
  }
  if (o.status === 'AVAILABLE' && o.referenceNumber !== undefined && o.verificationNumber !== undefined) {
    return { kind: 'available', receipt: { ...p.receipt, uuid: p.uuid, referenceNumber: o.referenceNumber, verificationNumber: o.verificationNumber, availableAt: now.toISOString() } };
  }
  if (NEVER_AVAILABLE.has(o.status)) {
    return { kind: 'failed', error: tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_UNUSABLE', { id: p.id, uuid: p.uuid, status: o.status }, { detail: { uuid: p.uuid, status: o.status } }) };
  }
  return { kind: 'pending', status: o.status };
}

/** Of the statements found under our internal reference: the live one first, else the latest. */
function pickEarlier(found: DdsOverview[]): DdsOverview | undefined {
  const rank = (o: DdsOverview): number => (o.status === 'AVAILABLE' ? 0 : o.status === 'SUBMITTED' ? 1 : o.status === 'REJECTED' ? 2 : 3);
  return [...found].sort((a, b) => rank(a) - rank(b))[0];
}

export interface PollPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
}

/** When to ask again after `polls` answers of SUBMITTED. */
export function nextPollAt(policy: PollPolicy, polls: number, now = Date.now()): number {
  return now + Math.min(policy.maxDelayMs, Math.round(policy.initialDelayMs * policy.factor ** Math.max(0, polls - 1)));
}
