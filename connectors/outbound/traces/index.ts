// The TRACES statement client (outbound.traces): eudr.statements.prepared → a due diligence
// statement at TRACES V3 → eudr.statements.receipts, on the shared delivery loop (idempotent
// per edi-id; retries with backoff; the DLQ for rejections and business-rule faults; an alert
// when TRACES does not authenticate the web service user).
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { derivedRecord, ediId } from '../../../topics/record.js';
import { parseDuration } from '../../../lib/duration.js';
import { toEdiError } from '../../../lib/errors.js';
import { buildDueDiligenceStatement } from '../../../transformers/eudr/build-statement.js';
import { readFellingAffirmation } from '../../../transformers/eudr/vmd-affirmation.js';
import {
  STATEMENT_CONTENT_TYPE,
  STATEMENT_RECEIPT_SCHEMA,
  clientKey,
  readPreparedStatement,
  toStatementClient,
  type StatementReceipt,
} from '../../../transformers/eudr/statement-request.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { startDelivery, type DeliveryOutcome } from '../../sdk/delivery.js';
import { TracesAccounts } from './accounts.js';
import { authenticationAlerter } from './alerts.js';
import { tracesConnectorErrors } from './errors.js';
import { tracesStatementSpec } from './spec.js';
import { submitAndAwait } from './statement.js';

export const tracesStatement = defineComponent({
  spec: tracesStatementSpec,
  create(config, ctx) {
    const accounts = new TracesAccounts(config.accounts, config.rateLimitPerSecond);
    const endpoint = { baseUrl: config.baseUrl, timeoutMs: parseDuration(config.requestTimeout) };
    const poll = { initialDelayMs: parseDuration(config.poll.initialDelay), maxDelayMs: parseDuration(config.poll.maxDelay), factor: config.poll.factor, maxPolls: config.poll.maxPolls };
    const alertIfAuthentication = authenticationAlerter(ctx);
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
      let result;
      try {
        result = await submitAndAwait({ id, role: built.operatorRole, statement: built.statement }, account, endpoint, ctx.state, poll, attempt.signal, async (p) => {
          counts.submitted++;
          ctx.log.info({ id, uuid: p.uuid, internalReferenceNumber: p.internalReferenceNumber, username }, 'statement submitted to TRACES; polling for its numbers');
          await ctx.track([{ id, step: 'submit', status: 'ok', key: record.key, refs: { uuid: p.uuid, internalReferenceNumber: p.internalReferenceNumber } }]);
        });
      } catch (err) {
        const e = toEdiError(err, 'submitting the statement to TRACES');
        await alertIfAuthentication(e, username, webServiceClientId);
        throw e;
      }
      const { overview, pending } = result;
      if (pending.how === 'found') counts.found++;
      counts.available++;
      const receipt: StatementReceipt = {
        id,
        status: 'AVAILABLE',
        uuid: overview.uuid,
        internalReferenceNumber: pending.internalReferenceNumber,
        referenceNumber: overview.referenceNumber,
        verificationNumber: overview.verificationNumber,
        affirmations: built.affirmations,
        client: { id: clientKey(request.client), name: request.client.name, country: request.client.country },
        operatorRole: built.operatorRole,
        fellingSites: built.fellingSites,
        areaHa: built.areaHa,
        environment: webServiceClientId,
        account: account.name,
        submittedAt: pending.submittedAt,
        availableAt: new Date().toISOString(),
      };
      return {
        duplicate: pending.how === 'found',
        refs: { uuid: overview.uuid, referenceNumber: overview.referenceNumber, verificationNumber: overview.verificationNumber, affirmations: built.affirmations.join(',') },
        records: [
          derivedRecord(record, { topic: config.receiptsTopic, key: id, value: Buffer.from(JSON.stringify(receipt)), contentType: STATEMENT_CONTENT_TYPE, schema: STATEMENT_RECEIPT_SCHEMA }),
        ],
      };
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: config.topics,
          step: 'statement',
          deliver,
          retry: compileDeliveryRetry(config.retry),
          concurrency: config.concurrency,
          dlqTopic: () => 'eudr.dlq',
        });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({ baseUrl: config.baseUrl, accounts: accounts.names(), topics: config.topics, receiptsTopic: config.receiptsTopic, ...counts }),
    };
  },
});

export { tracesStatementConfig, tracesStatementSpec, type TracesStatementConfig } from './spec.js';
export { tracesConnectorErrors } from './errors.js';
