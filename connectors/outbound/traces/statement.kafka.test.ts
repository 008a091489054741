// The statement flow (inbound.vmd → outbound.traces with its background poller) on Apache
// Kafka: the same components on the Kafka bus, their state in compacted topics, against the
// VMD and TRACES sandboxes over HTTP. Topics and groups are unique to the run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import pino from 'pino';
import { describeKafka, kafkaBrokers } from '../../../test/support/env.js';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import { createTracesSandbox, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import type { Component } from '../../../topics/component.js';
import type { TopicSpec } from '../../../topics/catalogue.js';
import { H } from '../../../topics/headers.js';
import { readStatementReceipt, STATEMENT_REQUEST_SCHEMA, type StatementRequest } from '../../../transformers/eudr/statement-request.js';
import { vmdFetch, vmdFetchConfig } from '../../inbound/vmd/index.js';
import { tracesStatement, tracesStatementConfig } from './index.js';

const RUN = `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const T = { requested: `eudr.statements.requested.${RUN}`, prepared: `eudr.statements.prepared.${RUN}`, receipts: `eudr.statements.receipts.${RUN}`, dlq: `eudr.dlq.${RUN}` };
const topic = (name: string, cleanup: 'delete' | 'compact' = 'delete', dlq?: string): TopicSpec => ({ name, description: 'test', key: 'statement id', contentType: 'application/json', partitions: 2, cleanup, retentionMs: cleanup === 'compact' ? -1 : 86_400_000, ...(dlq ? { dlq } : {}) });

describeKafka()('statement flow on Apache Kafka', () => {
  let bench: TestBench;
  let traces: Sandbox;
  let vmd: Sandbox;
  const components: Component[] = [];

  beforeAll(async () => {
    const { createKafkaBus } = await import('../../../topics/kafka/index.js');
    const bus = await createKafkaBus({ brokers: kafkaBrokers()!.split(','), clientId: `edi-${RUN}`, sessionTimeoutMs: 6000, log: pino({ level: 'warn' }) });
    bench = await createTestBench({ bus, extraTopics: [topic(T.requested, 'delete', T.dlq), topic(T.prepared, 'delete', T.dlq), topic(T.receipts, 'compact'), topic(T.dlq)] });
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 1500 }), {});
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await traces.start();
    await vmd.start();
    const fast = { initialDelay: '100ms', maxDelay: '500ms', maxAttempts: 20 };
    components.push(
      await vmdFetch.create(vmdFetchConfig.parse({ baseUrl: vmd.url, topics: [T.requested], outputTopic: T.prepared, retry: fast }), await bench.context(`vmd-${RUN}`)),
      await tracesStatement.create(
        tracesStatementConfig.parse({
          baseUrl: `${traces.url}/tracesnt/`,
          accounts: [{ username: 'edi-data-centre', authKey: 'sandbox-auth-key-data-centre-0001' }],
          topics: [T.prepared],
          receiptsTopic: T.receipts,
          requestsTopic: T.requested,
          dlqTopic: T.dlq,
          poll: { initialDelay: '300ms', maxDelay: '1s', inlinePolls: 1 },
          retry: fast,
        }),
        await bench.context(`traces-${RUN}`),
      ),
    );
    for (const c of components) await c.start();
  }, 120_000);

  afterAll(async () => {
    for (const c of components) await c.stop();
    await traces?.stop();
    await vmd?.stop();
    await bench?.close();
  }, 60_000);

  it('two affirmations → one statement in the TRACES ledger and one receipt, finished by the poller from its Kafka state', async () => {
    const ctx = await bench.context(`desk-${RUN}`);
    const id = `01KAFKA${RUN.toUpperCase()}`.slice(0, 26);
    const request: StatementRequest = {
      id,
      client: { name: 'SIA Priedes Mežs', country: 'LV', address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' }, identifiers: [{ type: 'vat', value: 'LV40103000001' }] },
      affirmations: ['4210000101', '4210000102'],
      requestedAt: new Date().toISOString(),
    };
    await intake(ctx, [{ topic: T.requested, key: id, value: Buffer.from(JSON.stringify(request)), source: 'kafka-test', contentType: 'application/json', schema: STATEMENT_REQUEST_SCHEMA, id }]);
    const receipts = await bench.waitFor(T.receipts, 1, 90_000);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.headers[H.id]).toBe(id);
    const read = readStatementReceipt(receipts[0]!.value);
    expect(read.ok && read.receipt.affirmations).toEqual(['4210000101', '4210000102']);
    const ledger = (await (await fetch(`${traces.url}/_sandbox/ledger?internalReference=EDI-${id}`)).json()) as { statements: Array<{ uuid: string; referenceNumber: string }> };
    expect(ledger.statements).toHaveLength(1);
    expect(read.ok && read.receipt.referenceNumber).toBe(ledger.statements[0]!.referenceNumber);
  }, 120_000);
});
