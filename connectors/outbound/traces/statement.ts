// One due diligence statement through TRACES V3 (Operator API Reference v1.0 §2.3, §4.1):
// find it by internal reference (a submission before a crash is never repeated), else submit
// it; then poll getDds until it is AVAILABLE (→ the receipt) or REJECTED (→ a permanent error
// with TRACES' reason). The uuid is kept in the component's state as soon as TRACES gives it.
import { retry } from '../../../lib/retry.js';
import type { StateStore } from '../../../topics/state-store.js';
import type { DdsOverview, DueDiligenceStatement, OperatorRole } from '../../../schemas/traces/v3/model.js';
import type { TracesAccount } from './accounts.js';
import { callTraces, type TracesEndpoint } from './client.js';
import { tracesConnectorErrors } from './errors.js';
import { getDdsByInternalReferenceRequest, getDdsRequest, parseDdsOverviewResponse, parseSubmitDdsResponse, submitDdsRequest } from './v3/index.js';

export interface PollPolicy {
  initialDelayMs: number;
  maxDelayMs: number;
  factor: number;
  maxPolls: number;
}

export interface PendingStatement {
  uuid: string;
  internalReferenceNumber: string;
  submittedAt: string;
  /** found: a statement submitted earlier (before a crash) was found by internal reference. */
  how: 'submitted' | 'found';
}

export interface StatementResult {
  overview: DdsOverview & { referenceNumber: string; verificationNumber: string };
  pending: PendingStatement;
}

export const pendingKey = (id: string): string => `pending:${id}`;

/** Statuses after which a found statement is not submitted again but reported. */
const FINAL_UNUSABLE = new Set(['WITHDRAWN', 'ARCHIVED', 'OBSOLETE', 'SUSPENDED', 'UPDATED', 'GROUPED']);

export async function submitAndAwait(
  input: { id: string; role: OperatorRole; statement: DueDiligenceStatement },
  account: TracesAccount,
  endpoint: TracesEndpoint,
  state: StateStore,
  poll: PollPolicy,
  signal: AbortSignal,
  onSubmitted?: (p: PendingStatement) => Promise<void>,
): Promise<StatementResult> {
  const { credentials, throttle } = account;
  const internalReference = input.statement.internalReferenceNumber!;
  const call = <T>(req: Parameters<typeof callTraces<T>>[3], read: Parameters<typeof callTraces<T>>[4]): Promise<T> => callTraces(endpoint, throttle, credentials.username, req, read, signal);

  let pending = (await state.get<PendingStatement>(pendingKey(input.id)))?.value;
  if (pending === undefined) {
    // Before any submission: did an earlier attempt get through (crash, timeout, lost answer)?
    const found = await call(getDdsByInternalReferenceRequest(credentials, internalReference), (b, c) => parseDdsOverviewResponse('getDdsByInternalReference', b, c));
    const earlier = pickEarlier(found.filter((o) => o.internalReferenceNumber === internalReference));
    if (earlier !== undefined) {
      pending = { uuid: earlier.uuid, internalReferenceNumber: internalReference, submittedAt: earlier.date ?? new Date().toISOString(), how: 'found' };
    } else {
      const { uuid } = await call(submitDdsRequest(credentials, input.role, input.statement), parseSubmitDdsResponse);
      pending = { uuid, internalReferenceNumber: internalReference, submittedAt: new Date().toISOString(), how: 'submitted' };
      await onSubmitted?.(pending);
    }
    await state.put(pendingKey(input.id), pending);
  }
  const uuid = pending.uuid;

  let polls = 0;
  let last: DdsOverview | undefined;
  let overview: DdsOverview;
  try {
    overview = await retry(
      async () => {
        polls++;
        const [o] = await call(getDdsRequest(credentials, [uuid]), (b, c) => parseDdsOverviewResponse('getDds', b, c));
        last = o;
        if (o === undefined || o.status === 'SUBMITTED') {
          throw tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_PENDING', { id: input.id, uuid, status: o?.status ?? 'not yet listed', attempts: polls });
        }
        return o;
      },
      { maxAttempts: poll.maxPolls, initialDelayMs: poll.initialDelayMs, maxDelayMs: poll.maxDelayMs, factor: poll.factor, jitter: 0.2 },
      { operation: `getDds ${uuid}`, signal },
    );
  } catch (err) {
    // Polls exhausted (only retriable failures exhaust): hand back to the delivery retry, which finds it again by uuid.
    if ((err as { code?: string }).code === 'EDI_ERR_RETRIES_EXHAUSTED') {
      throw tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_PENDING', { id: input.id, uuid, status: last?.status ?? 'not yet listed', attempts: polls });
    }
    throw err;
  }
  if (overview.status === 'REJECTED') {
    throw tracesConnectorErrors.create(
      'EDI_ERR_TRACES_STATEMENT_REJECTED',
      { id: input.id, internalReference, uuid, reason: overview.rejectionReason ?? 'no reason given' },
      { detail: { uuid, internalReferenceNumber: internalReference, status: 'REJECTED', rejectionReason: overview.rejectionReason ?? null } },
    );
  }
  if (overview.status !== 'AVAILABLE' || overview.referenceNumber === undefined || overview.verificationNumber === undefined) {
    if (overview.status === 'AVAILABLE' || !FINAL_UNUSABLE.has(overview.status)) {
      throw tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_PENDING', { id: input.id, uuid, status: overview.status, attempts: polls });
    }
    throw tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_UNUSABLE', { id: input.id, uuid, status: overview.status }, { detail: { uuid, status: overview.status } });
  }
  return { overview: overview as StatementResult['overview'], pending };
}

/** Of the statements found under our internal reference: the live one first, else the latest. */
function pickEarlier(found: DdsOverview[]): DdsOverview | undefined {
  const rank = (o: DdsOverview): number => (o.status === 'AVAILABLE' ? 0 : o.status === 'SUBMITTED' ? 1 : o.status === 'REJECTED' ? 2 : 3);
  return [...found].sort((a, b) => rank(a) - rank(b))[0];
}
