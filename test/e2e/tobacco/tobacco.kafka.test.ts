// End to end on Apache Kafka (KAFKA_BROKERS): the same run as on the embedded bus — an ERP's
// Kafka producer writes the Confluent wire format (real schema registry) for a 1,000-UI
// dispatch → arrival → invoice → payment chain; `node bin/edi.js start` on Kafka is SIGKILLed
// mid-run and restarted; the router sandbox process holds every message exactly once. Topics
// and consumer groups carry a run id: the test Kafka is shared with other suites and runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bus } from '../../../topics/bus.js';
import type { TopicSpec } from '../../../topics/catalogue.js';
import { H } from '../../../topics/headers.js';
import { describeKafka, kafkaBrokers } from '../../support/env.js';
import { describeSchemaRegistry, startSchemaRegistry, type SchemaRegistryServer } from '../../support/schema-registry.js';
import { CHAIN, chainCounts, produceChain, readLedger, registerChainSchemas, startBrokerProcess, startSandboxProcess, stop, writeBrokerConfig, type Proc } from './harness.js';

const UIS = 1000;
const PER_MESSAGE = Number(process.env.EDI_E2E_UIS_PER_MESSAGE ?? 1);
const MESSAGES = Math.ceil(UIS / PER_MESSAGE) * CHAIN.length;
const RUN = `e2e${Date.now().toString(36)}`;
const T = { inbound: `tobacco.events.inbound.${RUN}`, messages: `tobacco.messages.${RUN}`, receipts: `tobacco.receipts.${RUN}`, dlq: `tobacco.dlq.${RUN}` };

const topics: TopicSpec[] = [
  { name: T.inbound, description: 'e2e', key: 'EO_ID', contentType: 'application/vnd.confluent.avro', partitions: 3, cleanup: 'delete', retentionMs: 86_400_000, dlq: T.dlq },
  { name: T.messages, description: 'e2e', key: 'EO_ID', contentType: 'application/json', partitions: 3, cleanup: 'delete', retentionMs: 86_400_000, dlq: T.dlq },
  { name: T.receipts, description: 'e2e', key: 'Code', contentType: 'application/json', partitions: 3, cleanup: 'delete', retentionMs: 86_400_000 },
  { name: T.dlq, description: 'e2e', key: 'as on the source topic', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: 86_400_000 },
];

// Kafka first (skipped or failed as describeKafka says), then the registry.
const suite = kafkaBrokers() === undefined ? describeKafka() : describeSchemaRegistry();

suite('tobacco end to end on Apache Kafka (edi start as a child process, SIGKILL mid-run)', () => {
  let dir: string;
  let registry: SchemaRegistryServer;
  let sandbox: { proc: Proc; url: string };
  let broker: Proc | undefined;
  let bus: Bus;
  let config: string;
  const env = (): NodeJS.ProcessEnv => ({ KAFKA_BROKERS: kafkaBrokers()! });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-tobacco-kafka-'));
    [registry, sandbox] = await Promise.all([startSchemaRegistry(), startSandboxProcess(dir, { uis: { unitCount: UIS } })]);
    config = writeBrokerConfig({
      dir,
      sandboxUrl: sandbox.url,
      registryUrl: registry.url,
      extra: { bus: { kind: 'kafka', kafka: { clientId: `edi-${RUN}`, sessionTimeout: '6s' } }, topics },
      transformer: { input: [T.inbound], output: T.messages },
      router: { topics: [T.messages], receiptsTopic: T.receipts },
      ids: { transformer: `tobacco-transform-${RUN}`, router: `tobacco-router-${RUN}` },
    });
    const { createKafkaBus } = await import('../../../topics/kafka/index.js');
    bus = await createKafkaBus({ brokers: kafkaBrokers()!.split(','), clientId: `erp-${RUN}`, log: pino({ level: 'warn' }) });
    await bus.ensureTopics(topics);
    broker = await startBrokerProcess(config, join(dir, 'broker-1.log'), env());
  });
  afterAll(async () => {
    await stop(broker);
    await bus?.close();
    await stop(sandbox?.proc);
    await registry?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers the ${MESSAGES} messages of a ${UIS}-UI chain exactly once, across a SIGKILL of the broker`, async () => {
    const schemaIds = await registerChainSchemas(registry.url, T.inbound);
    const started = Date.now();
    const producing = produceChain(bus, T.inbound, schemaIds, { uiCount: UIS, perMessage: PER_MESSAGE, round: 50, now: new Date(), afterRound: () => new Promise((r) => setTimeout(r, 100)) });
    let killedAt = 0;
    for (;;) {
      killedAt = (await readLedger(sandbox.url)).length;
      if (killedAt >= MESSAGES / 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await stop(broker, 'SIGKILL');
    broker = await startBrokerProcess(config, join(dir, 'broker-2.log'), env());
    await producing;
    const deadline = Date.now() + 300_000;
    let ledger = await readLedger(sandbox.url);
    while (ledger.length < MESSAGES && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      ledger = await readLedger(sandbox.url);
    }
    console.info(`[e2e kafka] ${MESSAGES} messages (${UIS} UIs, ${PER_MESSAGE}/message) in ${((Date.now() - started) / 1000).toFixed(1)} s; broker SIGKILLed with ${killedAt} in the ledger`);
    expect(ledger).toHaveLength(MESSAGES);
    const counts = chainCounts(ledger);
    expect(counts.size).toBe(MESSAGES);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    const dlq: string[] = [];
    for await (const r of bus.scan(T.dlq)) dlq.push(`${r.headers[H.errorCode]}: ${r.headers[H.errorMessage]}`);
    expect(dlq).toEqual([]);
    const receipts = new Set<string>();
    for await (const r of bus.scan(T.receipts)) receipts.add(r.key!);
    expect(receipts).toEqual(new Set(ledger.map((e) => e.Code)));
  }, 420_000);
});
