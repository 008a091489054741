// Delivery of taxi trips to VID EDS "Taksometri" (outbound.eds, issue 6 "Delivery"):
// eds.trips.valid → POST /api/taxi/carriage with the driver's API client → eds.trips.receipts,
// on the shared delivery loop (idempotency per edi-id, retry with backoff, DLQ for refusals,
// receipt + tracking + mark in one produce). Ordered per API client (the record key): a
// driver's trips reach EDS in the order they were taken, a 429 holds back only that driver,
// and a revoked client sends only its own trips to eds.dlq.
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { derivedRecord, ediId } from '../../../topics/record.js';
import { parseDuration } from '../../../lib/duration.js';
import { compileCredentialRegistry, type Carriage } from '../../../schemas/eds/index.js';
import { startDelivery, type DeliveryOutcome } from '../../sdk/delivery.js';
import { CarriageClient } from './carriage.js';
import { edsDeliveryErrors } from './errors.js';
import { RECEIPT_SCHEMA, type EdsReceipt } from './receipt.js';
import { baseUrlOf, edsDeliverySpec } from './spec.js';
import { EdsTokens } from './tokens.js';

export const edsDelivery = defineComponent({
  spec: edsDeliverySpec,
  create(config, ctx) {
    const registry = compileCredentialRegistry(config.credentials);
    const baseUrl = baseUrlOf(config);
    const timeoutMs = parseDuration(config.requestTimeout);
    const tokens = new EdsTokens({
      baseUrl,
      registry,
      refreshBeforeMs: parseDuration(config.tokenRefreshBefore),
      refusedRecheckMs: parseDuration(config.refusedRecheck),
      timeoutMs,
      state: ctx.state,
      log: ctx.log,
      // One alert per refusal EDS actually answered; the client's backlog follows it to the DLQ quietly.
      onRefused: (clientId, error) => void ctx.alert({ code: error.code, message: error.message, detail: { clientId, environment: config.environment } }).catch(() => undefined),
    });
    const carriage = new CarriageClient(baseUrl, tokens, timeoutMs);
    let subscription: Subscription | undefined;
    let delivered = 0;
    let duplicates = 0;

    /** The trip as the transformer serialised it; its bytes are sent as they are. */
    function tripOf(record: BusRecord): { clientId: string; carriage: Carriage } {
      const clientId = record.key;
      if (clientId === null || clientId === undefined || clientId === '') throw edsDeliveryErrors.create('EDI_ERR_EDS_RECORD_INVALID', { topic: record.topic, reason: "no key (the driver's API client id)" });
      let json: unknown;
      try {
        json = JSON.parse(record.value.toString('utf8'));
      } catch (err) {
        throw edsDeliveryErrors.create('EDI_ERR_EDS_RECORD_INVALID', { topic: record.topic, reason: `not JSON (${(err as Error).message})` });
      }
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw edsDeliveryErrors.create('EDI_ERR_EDS_RECORD_INVALID', { topic: record.topic, reason: 'not a JSON object' });
      return { clientId, carriage: json as Carriage };
    }

    async function deliver(record: BusRecord, attempt: { signal: AbortSignal }): Promise<DeliveryOutcome> {
      const trip = tripOf(record);
      const verdict = await carriage.send(trip.clientId, record.value, attempt.signal);
      const duplicate = verdict.status === 409;
      const receipt: EdsReceipt = {
        ediId: ediId(record),
        clientId: trip.clientId,
        status: verdict.status,
        statusCode: verdict.statusCode,
        duplicateAtVid: duplicate,
        environment: config.environment,
        deliveredAt: new Date().toISOString(),
        carriage: trip.carriage,
      };
      delivered++;
      if (duplicate) duplicates++;
      return {
        duplicate,
        refs: { clientId: trip.clientId, status: String(verdict.status), ...(verdict.statusCode ? { statusCode: verdict.statusCode } : {}), ...(duplicate ? { duplicateAtVid: 'true' } : {}), environment: config.environment },
        records: [derivedRecord(record, { topic: config.receiptsTopic, key: trip.clientId, value: Buffer.from(JSON.stringify(receipt)), contentType: 'application/json', schema: RECEIPT_SCHEMA })],
      };
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: config.topics,
          step: 'deliver',
          deliver,
          retry: { maxAttempts: config.retry.maxAttempts, initialDelayMs: parseDuration(config.retry.initialDelay), maxDelayMs: parseDuration(config.retry.maxDelay) },
          // One lane per API client: a driver's trips in order, a 429 or a backoff holds back only that driver.
          orderingKey: (r) => r.key ?? `${r.partition}:${r.offset}`,
          concurrency: config.concurrency,
          maxBatchRecords: config.maxBatchRecords,
        });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({
        environment: config.environment,
        baseUrl,
        clients: registry.size,
        tokenRequests: tokens.requests,
        tokensIssued: tokens.issued,
        delivered,
        duplicatesAtVid: duplicates,
        answers: Object.fromEntries(carriage.answers),
      }),
    };
  },
});

export { baseUrlOf, EDS_BASE_URLS, edsDeliveryConfig, edsDeliverySpec, type EdsDeliveryConfig } from './spec.js';
export { edsDeliveryErrors, type EdsDeliveryErrorCode } from './errors.js';
export { tokenStateKey, type TokenMetadata } from './tokens.js';
export type { EdsReceipt } from './receipt.js';
