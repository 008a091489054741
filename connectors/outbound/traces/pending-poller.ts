// Statements TRACES holds but has not numbered yet (SUBMITTED) are polled here, outside the
// delivery loop, so that a consumer never holds its batch for the minutes TRACES may take (a
// Kafka consumer is dropped from its group after max.poll.interval.ms, 5 min by default).
// Pending statements live in the component's state store (they survive a crash or restart);
// each is polled by the process whose consumer owns its prepared statement's partition;
// each is asked for again with backoff, up to 100 uuids per getDds call and account. AVAILABLE
// → the receipt, REJECTED or never-available → the DLQ, each produced atomically with the
// removal of the pending entry.
import type { ComponentContext } from '../../../topics/component.js';
import type { BusRecord, OutgoingRecord } from '../../../topics/record.js';
import { derivedRecord } from '../../../topics/record.js';
import { dlqRecord } from '../../../topics/dlq.js';
import { GET_DDS_MAX_UUIDS } from '../../../schemas/traces/namespaces.js';
import { toEdiError, type EdiError } from '../../../lib/errors.js';
import { STATEMENT_CONTENT_TYPE, STATEMENT_RECEIPT_SCHEMA, type StatementReceipt } from '../../../transformers/eudr/statement-request.js';
import type { TracesAccounts } from './accounts.js';
import type { TracesEndpoint } from './client.js';
import { tracesConnectorErrors } from './errors.js';
import { PENDING_PREFIX, getOverviews, nextPollAt, pendingKey, verdictOf, type PendingStatement, type PollPolicy } from './statement.js';

export interface PollerOptions {
  receiptsTopic: string;
  requestsTopic: string;
  dlqTopic: string;
  policy: PollPolicy;
  /** A statement still SUBMITTED after this long goes to the DLQ. */
  maxAgeMs: number;
  onAuthenticationError: (err: EdiError, username: string, environment: string) => Promise<void>;
  /** Whether this process owns the statement (its source partition is assigned here). */
  owns: (p: PendingStatement) => boolean;
}

/** The receipt record and its tracking event. */
export function receiptRecords(ctx: Pick<ComponentContext, 'trackingRecord'>, p: PendingStatement, receipt: StatementReceipt, receiptsTopic: string): OutgoingRecord[] {
  return [
    derivedRecord({ headers: p.headers }, { topic: receiptsTopic, key: p.id, value: Buffer.from(JSON.stringify(receipt)), contentType: STATEMENT_CONTENT_TYPE, schema: STATEMENT_RECEIPT_SCHEMA }),
    ctx.trackingRecord({ id: p.id, step: 'receipt', status: 'ok', key: p.key, topic: receiptsTopic, refs: { uuid: receipt.uuid, referenceNumber: receipt.referenceNumber, verificationNumber: receipt.verificationNumber } }),
  ];
}

export class PendingPoller {
  /** Statements a delivery is waiting for in this process right now: the poller leaves them alone. */
  readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private backoffUntil = 0;
  private failures = 0;
  readonly counts = { polled: 0, available: 0, failed: 0 };

  constructor(
    private readonly ctx: ComponentContext,
    private readonly accounts: TracesAccounts,
    private readonly endpoint: TracesEndpoint,
    private readonly o: PollerOptions,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer !== undefined) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(): void {
    if (this.stopped || this.ctx.signal.aborted) return;
    const tickMs = Math.max(100, Math.min(1000, this.o.policy.initialDelayMs));
    this.timer = setTimeout(() => {
      this.running = this.tick()
        .catch((err: unknown) => this.ctx.log.warn({ msg: toEdiError(err).message }, 'polling pending statements failed; trying again'))
        .finally(() => this.schedule());
    }, tickMs);
    this.timer.unref();
  }

  /** One round: every pending statement that is due, grouped per account, 100 per call. */
  async tick(now = Date.now()): Promise<void> {
    if (now < this.backoffUntil) return;
    const due = (await this.ctx.state.scan<PendingStatement>(PENDING_PREFIX)).map(([, e]) => e.value).filter((p) => p.nextPollAt <= now && !this.inFlight.has(p.id) && this.o.owns(p));
    const byAccount = new Map<string, PendingStatement[]>();
    for (const p of due) byAccount.set(p.account, [...(byAccount.get(p.account) ?? []), p]);
    for (const [name, list] of byAccount) {
      let account;
      try {
        account = this.accounts.pick(name, list[0]!.id);
      } catch (err) {
        for (const p of list) await this.fail(p, toEdiError(err));
        continue;
      }
      for (let i = 0; i < list.length; i += GET_DDS_MAX_UUIDS) {
        const chunk = list.slice(i, i + GET_DDS_MAX_UUIDS);
        let overviews;
        try {
          overviews = await getOverviews(account, this.endpoint, chunk.map((p) => p.uuid), this.ctx.signal);
          this.failures = 0;
        } catch (err) {
          if (this.ctx.signal.aborted) return;
          const e = toEdiError(err, 'getDds for pending statements');
          await this.o.onAuthenticationError(e, account.credentials.username, account.credentials.webServiceClientId);
          this.failures++;
          this.backoffUntil = nextPollAt(this.o.policy, this.failures);
          this.ctx.log.warn({ code: e.code, msg: e.message, statements: chunk.length }, 'getDds failed; pending statements are asked for again later');
          return;
        }
        this.counts.polled += chunk.length;
        for (const p of chunk) {
          if (this.inFlight.has(p.id)) continue;
          const v = verdictOf(p, overviews.get(p.uuid));
          if (v.kind === 'available') {
            this.counts.available++;
            await this.ctx.bus.produce(receiptRecords(this.ctx, p, v.receipt, this.o.receiptsTopic), { state: [{ namespace: this.ctx.id, key: pendingKey(p.id), value: undefined }] });
            this.ctx.log.info({ id: p.id, uuid: p.uuid, referenceNumber: v.receipt.referenceNumber }, 'statement AVAILABLE at TRACES; receipt produced');
          } else if (v.kind === 'failed') {
            await this.fail(p, v.error);
          } else if (Date.now() - Date.parse(p.receipt.submittedAt) > this.o.maxAgeMs) {
            await this.fail(p, tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_PENDING', { id: p.id, uuid: p.uuid, status: v.status, attempts: p.polls + 1 }, { retriable: false }));
          } else {
            const polls = p.polls + 1;
            await this.ctx.state.put(pendingKey(p.id), { ...p, polls, nextPollAt: nextPollAt(this.o.policy, polls) } satisfies PendingStatement);
          }
        }
      }
    }
  }

  /** The request to the DLQ with the reason (replayable onto the requests topic), the pending entry gone. */
  private async fail(p: PendingStatement, err: EdiError): Promise<void> {
    this.counts.failed++;
    const origin: BusRecord = { topic: this.o.requestsTopic, partition: 0, offset: '0', key: p.key, value: Buffer.from(p.request), headers: p.headers, timestamp: Date.now() };
    await this.ctx.bus.produce(
      [dlqRecord(origin, this.o.dlqTopic, err, 'statement', p.polls + 1), this.ctx.trackingRecord({ id: p.id, step: 'statement', status: 'error', key: p.key, errorCode: err.code, message: err.message })],
      { state: [{ namespace: this.ctx.id, key: pendingKey(p.id), value: undefined }] },
    );
    this.ctx.log.error({ id: p.id, uuid: p.uuid, code: err.code, msg: err.message }, 'statement failed at TRACES; request sent to the DLQ');
  }
}
