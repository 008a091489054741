// The VMD stage of the statement flow (inbound.vmd): eudr.statements.requested → VMD's public
// felling-affirmation GeoJSON → eudr.statements.prepared, on the shared delivery loop
// (idempotent per edi-id, retries with backoff, the DLQ for unknown affirmations).
import { defineComponent } from '../../../topics/component.js';
import type { Subscription } from '../../../topics/bus.js';
import type { BusRecord } from '../../../topics/record.js';
import { derivedRecord, ediId } from '../../../topics/record.js';
import { parseDuration } from '../../../lib/duration.js';
import { readFellingAffirmation } from '../../../transformers/eudr/vmd-affirmation.js';
import {
  PREPARED_STATEMENT_SCHEMA,
  STATEMENT_CONTENT_TYPE,
  readStatementRequest,
  type AffirmationDocument,
  type PreparedStatement,
} from '../../../transformers/eudr/statement-request.js';
import { compileDeliveryRetry } from '../../sdk/delivery-options.js';
import { startDelivery, type DeliveryOutcome } from '../../sdk/delivery.js';
import { vmdErrors } from './errors.js';
import { fetchAffirmation } from './fetch-affirmation.js';
import { vmdFetchSpec } from './spec.js';

export const vmdFetch = defineComponent({
  spec: vmdFetchSpec,
  create(config, ctx) {
    const timeoutMs = parseDuration(config.requestTimeout);
    let subscription: Subscription | undefined;
    let prepared = 0;

    async function deliver(record: BusRecord, attempt: { signal: AbortSignal }): Promise<DeliveryOutcome> {
      const read = readStatementRequest(record.value);
      if (!read.ok) throw vmdErrors.create('EDI_ERR_VMD_REQUEST_INVALID', { topic: record.topic, reason: read.reason });
      const request = read.request;
      const id = ediId(record);
      const documents: AffirmationDocument[] = [];
      for (const number of request.affirmations) {
        const doc = await fetchAffirmation(id, number, { baseUrl: config.baseUrl, timeoutMs, maxBytes: config.maxDocumentBytes, signal: attempt.signal });
        // Refuse an unreadable document here, with the affirmation named, rather than at TRACES.
        if (config.checkDocuments) readFellingAffirmation(number, doc.geojson);
        documents.push(doc);
      }
      const value: PreparedStatement = { request, affirmationDocuments: documents };
      prepared++;
      return {
        refs: { affirmations: request.affirmations.join(','), statement: request.id },
        records: [
          derivedRecord(record, {
            topic: config.outputTopic,
            key: record.key ?? request.id,
            value: Buffer.from(JSON.stringify(value)),
            contentType: STATEMENT_CONTENT_TYPE,
            schema: PREPARED_STATEMENT_SCHEMA,
          }),
        ],
      };
    }

    return {
      async start() {
        subscription = await startDelivery(ctx, {
          topics: config.topics,
          step: 'fetch-affirmations',
          deliver,
          retry: compileDeliveryRetry(config.retry),
          concurrency: config.concurrency,
        });
      },
      async stop() {
        await subscription?.close();
      },
      describe: () => ({ baseUrl: config.baseUrl, topics: config.topics, outputTopic: config.outputTopic, prepared }),
    };
  },
});

export { vmdFetchConfig, vmdFetchSpec, type VmdFetchConfig } from './spec.js';
export { vmdErrors } from './errors.js';
