// The EU tobacco repository router client (outbound.tobacco-router): tobacco.messages → router
// → tobacco.receipts, on the shared delivery loop (idempotency per edi-id, retry with backoff,
// DLQ for refusals, receipt + tracking + mark in one produce). Per EO_ID in order: an arrival
// never overtakes the dispatch of the same operator.
import { join } from 'node:path';
import { defineComponent } from '../../../topics/component.js';
import type { BusRecord } from '../../../topics/record.js';
import { derivedRecord, ediId } from '../../../topics/record.js';
import type { Subscription } from '../../../topics/bus.js';
import { parseDuration } from '../../../lib/duration.js';
import { isMessageType } from '../../../schemas/tobacco/index.js';
import { startDelivery, type DeliveryOutcome } from '../../sdk/delivery.js';
import { MessageArchive } from './archive.js';
import { tobaccoRouterErrors } from './errors.js';
import { verdictOf } from './outcome.js';
import { receiptOf } from './receipt.js';
import { RouterClient, type OutgoingMessage } from './router-client.js';
import { tobaccoRouterSpec } from './spec.js';
import { TokenSource } from './token.js';

const ALERT_EVERY_MS = 300_000;

export const tobaccoRouter = defineComponent({
  spec: tobaccoRouterSpec,
  create(config, ctx) {
    let lastAlert = 0;
    const tokens = new TokenSource({
      tokenUrl: config.tokenUrl,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      refreshBeforeMs: parseDuration(config.tokenRefreshBefore),
      timeoutMs: parseDuration(config.requestTimeout),
      onRefused: (status, reason) => {
        if (Date.now() - lastAlert < ALERT_EVERY_MS) return;
        lastAlert = Date.now();
        void ctx
          .alert({ code: 'EDI_ERR_TOBACCO_ROUTER_TOKEN_REFUSED', message: `the ${config.environment} token endpoint refused client ${config.clientId} (HTTP ${status} ${reason}): check the client id and secret`, detail: { environment: config.environment, status } })
          .catch(() => undefined);
      },
    });
    const client = new RouterClient(tokens, parseDuration(config.requestTimeout));
    const archive = config.archive.enabled ? new MessageArchive(config.archive.dir ?? join(ctx.dataDir, 'archive', 'tobacco')) : undefined;
    let subscription: Subscription | undefined;
    let delivered = 0;

    /** The message as the transformer serialised it: its bytes are never re-serialised. */
    function outgoing(record: BusRecord): OutgoingMessage & { eoId: string | null } {
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(record.value.toString('utf8')) as Record<string, unknown>;
      } catch (err) {
        throw tobaccoRouterErrors.create('EDI_ERR_TOBACCO_MESSAGE_INVALID', { topic: record.topic, reason: `not JSON (${(err as Error).message})` });
      }
      const type = json.Message_Type;
      const code = json.Code;
      if (!isMessageType(type)) throw tobaccoRouterErrors.create('EDI_ERR_TOBACCO_MESSAGE_INVALID', { topic: record.topic, reason: `Message_Type ${JSON.stringify(type)}` });
      if (typeof code !== 'string' || code === '') throw tobaccoRouterErrors.create('EDI_ERR_TOBACCO_MESSAGE_INVALID', { topic: record.topic, reason: 'no Code (the recall code a resend is recognised by)' });
      return { bytes: record.value, messageType: type, code, url: config.messageUrls[type] ?? config.messageUrl, eoId: typeof json.EO_ID === 'string' ? json.EO_ID : null };
    }

    async function deliver(record: BusRecord, attempt: { signal: AbortSignal }): Promise<DeliveryOutcome> {
      const message = outgoing(record);
      if (archive) await archive.keep(message.code, message.bytes);
      const answer = await client.send(message, attempt.signal);
      const verdict = verdictOf(answer, message);
      if (!verdict.accepted) throw verdict.error;
      const receipt = receiptOf(answer, {
        Code: message.code,
        Message_Type: message.messageType,
        EO_ID: message.eoId,
        duplicate: verdict.duplicate,
        environment: config.environment,
        url: message.url,
        ediId: ediId(record),
      });
      delivered++;
      const refs: Record<string, string> = { Code: message.code, Message_Type: message.messageType, status: String(answer.status), environment: config.environment };
      if (receipt.warnings.length > 0) refs.warnings = receipt.warnings.map((w) => w.Error_Code).join(',');
      return {
        duplicate: verdict.duplicate,
        refs,
        records: [derivedRecord(record, { topic: config.receiptsTopic, key: message.code, value: Buffer.from(JSON.stringify(receipt)), contentType: 'application/json', schema: 'tobacco.Receipt' })],
      };
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: config.topics,
          step: 'deliver',
          deliver,
          retry: { maxAttempts: config.retry.maxAttempts, initialDelayMs: parseDuration(config.retry.initialDelay), maxDelayMs: parseDuration(config.retry.maxDelay) },
          orderingKey: (r) => r.key ?? `${r.partition}:${r.offset}`,
          concurrency: config.concurrency,
          maxBatchRecords: config.maxBatchRecords,
        });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({ environment: config.environment, messageUrl: config.messageUrl, tokenUrl: config.tokenUrl, clientId: config.clientId, tokensIssued: tokens.issued, delivered }),
    };
  },
});

export { tobaccoRouterConfig, tobaccoRouterSpec, type TobaccoRouterConfig } from './spec.js';
export { tobaccoRouterErrors } from './errors.js';
export type { TobaccoReceipt } from './receipt.js';
