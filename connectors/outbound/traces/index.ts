// The TRACES statement client (outbound.traces): eudr.statements.prepared → a due diligence
// statement at TRACES V3 → eudr.statements.receipts, on the shared delivery loop (idempotent
// per edi-id; retries with backoff; the DLQ for rejections and business-rule faults; an alert
// when TRACES does not authenticate the web service user). A statement TRACES has not numbered
// after a few polls is left to the background poller (pending-poller.ts).
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { ediId } from '../../../topics/record.js';
import { parseDuration } from '../../../lib/duration.js';
import { toEdiError } from '../../../lib/errors.js';
import { buildDueDiligenceStatement } from '../../../transformers/eudr/build-statement.js';
import { readFellingAffirmation } from '../../../transformers/eudr/vmd-affirmation.js';
import { STATEMENT_REQUEST_SCHEMA, clientKey, readPreparedStatement, toStatementClient } from '../../../transformers/eudr/statement-request.js';
import { H } from '../../../topics/headers.js';
import { retry } from '../../../lib/retry.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { startDelivery, type DeliveryOutcome } from '../../sdk/delivery.js';
import { TracesAccounts, type TracesAccount } from './accounts.js';
import { authenticationAlerter } from './alerts.js';
import { tracesConnectorErrors } from './errors.js';
import { tracesStatementSpec } from './spec.js';
import { findOrSubmit, getOverviews, nextPollAt, pendingKey, verdictOf, type PendingStatement, type Verdict } from './statement.js';
import { PendingPoller, receiptRecords } from './pending-poller.js';

export const tracesStatement = defineComponent({
  spec: tracesStatementSpec,
  create(config, ctx) {
    const accounts = new TracesAccounts(config.accounts, config.rateLimitPerSecond);
    const endpoint = { baseUrl: config.baseUrl, timeoutMs: parseDuration(config.requestTimeout) };
    const policy = { initialDelayMs: parseDuration(config.poll.initialDelay), maxDelayMs: parseDuration(config.poll.maxDelay), factor: config.poll.factor };
    const alertIfAuthentication = authenticationAlerter(ctx);
    const poller = new PendingPoller(ctx, accounts, endpoint, {
      receiptsTopic: config.receiptsTopic,
      requestsTopic: config.requestsTopic,
      dlqTopic: config.dlqTopic,
      policy,
      maxAgeMs: parseDuration(config.poll.maxAge),
      onAuthenticationError: alertIfAuthentication,
      owns: (p) => p.topic === undefined || (subscription?.assignments() ?? []).some((a) => a.topic === p.topic && a.partition === p.partition),
    });
    let subscription: Subscription | undefined;
    const counts = { submitted: 0, found: 0, available: 0 };

    async function deliver(record: BusRecord, attempt: { signal: AbortSignal }): Promise<DeliveryOutcome> {
      const read = readPreparedStatement(record.value);
      if (!read.ok) throw tracesConnectorErrors.create('EDI_ERR_TRACES_PREPARED_INVALID', { topic: record.topic, reason: read.reason });
      const { request, affirmationDocuments } = read.prepared;
      const id = ediId(record);
      const options = {
        ...config.statement,
        ...(request.operatorRole !== undefined ? { operatorRole: request.operatorRole } : {}),
        ...(request.products !== undefined ? { products: request.products } : {}),
      };
      const built = buildDueDiligenceStatement(
        {
          id,
          client: toStatementClient(request.client),
          affirmations: affirmationDocuments.map((d) => readFellingAffirmation(d.number, d.geojson)),
          ...(request.comment !== undefined ? { comment: request.comment } : {}),
        },
        options,
      );
      const account = accounts.pick(request.account, id);
      const { username, webServiceClientId } = account.credentials;
      const make = (uuid: string, how: PendingStatement['how'], submittedAt: string): PendingStatement => ({
        id,
        uuid,
        internalReferenceNumber: built.statement.internalReferenceNumber!,
        how,
        account: account.name,
        receipt: {
          id,
          status: 'AVAILABLE',
          internalReferenceNumber: built.statement.internalReferenceNumber!,
          affirmations: built.affirmations,
          client: { id: clientKey(request.client), name: request.client.name, country: request.client.country },
          operatorRole: built.operatorRole,
          fellingSites: built.fellingSites,
          areaHa: built.areaHa,
          environment: webServiceClientId,
          account: account.name,
          submittedAt,
        },
        request: JSON.stringify(request),
        key: record.key,
        headers: { ...record.headers, [H.schema]: STATEMENT_REQUEST_SCHEMA },
        topic: record.topic,
        partition: record.partition,
        polls: 0,
        nextPollAt: nextPollAt(policy, 1),
      });
      poller.inFlight.add(id);
      let verdict: Verdict;
      let pending: PendingStatement;
      try {
        pending = await findOrSubmit({ id, role: built.operatorRole, statement: built.statement }, account, endpoint, ctx.state, make, attempt.signal, async (p) => {
          counts.submitted++;
          ctx.log.info({ id, uuid: p.uuid, internalReferenceNumber: p.internalReferenceNumber, username }, 'statement submitted to TRACES; polling for its numbers');
          await ctx.track([{ id, step: 'submit', status: 'ok', key: record.key, refs: { uuid: p.uuid, internalReferenceNumber: p.internalReferenceNumber } }]);
        });
        verdict = await waitInline(pending, account, attempt.signal);
      } catch (err) {
        const e = toEdiError(err, 'submitting the statement to TRACES');
        await alertIfAuthentication(e, username, webServiceClientId);
        throw e;
      } finally {
        poller.inFlight.delete(id);
      }
      if (pending.how === 'found') counts.found++;
      const refs = { uuid: pending.uuid, internalReferenceNumber: pending.internalReferenceNumber, affirmations: built.affirmations.join(',') };
      if (verdict.kind === 'pending') {
        // The background poller takes it from the state store; the record is done here.
        return { duplicate: pending.how === 'found', refs: { ...refs, status: verdict.status } };
      }
      // Safe before the receipt is durable: a redelivery finds the statement by internal reference.
      await ctx.state.delete(pendingKey(id));
      if (verdict.kind === 'failed') throw verdict.error;
      counts.available++;
      return {
        duplicate: pending.how === 'found',
        refs: { ...refs, referenceNumber: verdict.receipt.referenceNumber, verificationNumber: verdict.receipt.verificationNumber },
        records: receiptRecords(ctx, pending, verdict.receipt, config.receiptsTopic),
      };
    }

    /** A few getDds calls while the record is held (the sandbox and a quiet TRACES answer in seconds). */
    async function waitInline(p: PendingStatement, account: TracesAccount, signal: AbortSignal): Promise<Verdict> {
      try {
        return await retry(
          async (n) => {
            const v = verdictOf(p, (await getOverviews(account, endpoint, [p.uuid], signal)).get(p.uuid));
            if (v.kind === 'pending') throw tracesConnectorErrors.create('EDI_ERR_TRACES_STATEMENT_PENDING', { id: p.id, uuid: p.uuid, status: v.status, attempts: n });
            return v;
          },
          { maxAttempts: config.poll.inlinePolls, initialDelayMs: policy.initialDelayMs, maxDelayMs: policy.maxDelayMs, factor: policy.factor, jitter: 0.2 },
          { operation: `getDds ${p.uuid}`, signal },
        );
      } catch (err) {
        if ((err as { code?: string }).code === 'EDI_ERR_RETRIES_EXHAUSTED') return { kind: 'pending', status: 'SUBMITTED' };
        throw err;
      }
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: config.topics,
          step: 'statement',
          deliver,
          retry: compileDeliveryRetry(config.retry),
          concurrency: config.concurrency,
          dlqTopic: () => config.dlqTopic,
        });
        poller.start();
      },
      async stop() {
        await subscription?.close();
        await poller.stop();
      },
      describe: () => ({ baseUrl: config.baseUrl, accounts: accounts.names(), topics: config.topics, receiptsTopic: config.receiptsTopic, ...counts, poller: poller.counts }),
    };
  },
});

export { tracesStatementConfig, tracesStatementSpec, type TracesStatementConfig } from './spec.js';
export { tracesConnectorErrors } from './errors.js';
