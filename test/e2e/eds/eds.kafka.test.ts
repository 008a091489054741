// Taxi trips end to end on Apache Kafka (KAFKA_BROKERS): the embedded run's main scenario — a
// dispatch system's producer writes trips of many drivers as JSON to Kafka; `node bin/edi.js
// start` on Kafka (transformer.eds + outbound.eds) is SIGKILLed mid-run and restarted; the EDS
// sandbox process, with 3 s tokens (all expired mid-run) and a per-client call limit (429),
// holds every trip exactly once. Topics and consumer groups carry a run id: the test Kafka is
// shared with other suites and runs.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Bus } from '../../../topics/bus.js';
import type { TopicSpec } from '../../../topics/catalogue.js';
import { H } from '../../../topics/headers.js';
import type { EdsReceipt } from '../../../connectors/outbound/eds/index.js';
import { describeKafka, kafkaBrokers } from '../../support/env.js';
import { seedCredentials, seedDrivers, tripsAcross } from '../../fixtures/eds/trips.js';
import { ledgerTotal, produceTrips, readLedger, sandboxCall, sandboxStats, startBrokerProcess, startEdsSandboxProcess, stop, tripKey, writeEdsBrokerConfig, type Proc } from './harness.js';

const TRIPS = Number(process.env.EDI_E2E_EDS_TRIPS ?? 5000);
const DRIVERS = Number(process.env.EDI_E2E_EDS_DRIVERS ?? 50);
const RUN = `e2e${Date.now().toString(36)}`;
const T = { inbound: `eds.trips.inbound.${RUN}`, valid: `eds.trips.valid.${RUN}`, receipts: `eds.trips.receipts.${RUN}`, dlq: `eds.dlq.${RUN}` };

const topics: TopicSpec[] = [
  { name: T.inbound, description: 'e2e', key: 'as received', contentType: 'application/json', partitions: 3, cleanup: 'delete', retentionMs: 86_400_000, dlq: T.dlq },
  { name: T.valid, description: 'e2e', key: 'client id', contentType: 'application/json', partitions: 3, cleanup: 'delete', retentionMs: 86_400_000, dlq: T.dlq },
  { name: T.receipts, description: 'e2e', key: 'client id', contentType: 'application/json', partitions: 3, cleanup: 'delete', retentionMs: 86_400_000 },
  { name: T.dlq, description: 'e2e', key: 'as on the source topic', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: 86_400_000 },
];

describeKafka()('taxi trips end to end on Apache Kafka (edi start as a child process, SIGKILL mid-run)', () => {
  const drivers = seedDrivers().slice(0, DRIVERS);
  const trips = tripsAcross(drivers, TRIPS);
  let dir: string;
  let sandbox: { proc: Proc; url: string };
  let broker: Proc | undefined;
  let bus: Bus;
  let config: string;
  const env = (): NodeJS.ProcessEnv => ({ KAFKA_BROKERS: kafkaBrokers()! });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-eds-kafka-'));
    sandbox = await startEdsSandboxProcess(dir, { tokenTtlSeconds: 3, rateLimitPerSecond: 8 });
    config = writeEdsBrokerConfig({
      dir,
      sandboxUrl: sandbox.url,
      credentials: seedCredentials(),
      extra: { bus: { kind: 'kafka', kafka: { clientId: `edi-${RUN}`, sessionTimeout: '6s' } }, topics },
      transformer: { input: [T.inbound], output: T.valid },
      delivery: { topics: [T.valid], receiptsTopic: T.receipts },
      ids: { transformer: `eds-transform-${RUN}`, delivery: `eds-delivery-${RUN}` },
    });
    const { createKafkaBus } = await import('../../../topics/kafka/index.js');
    bus = await createKafkaBus({ brokers: kafkaBrokers()!.split(','), clientId: `dispatch-${RUN}`, log: pino({ level: 'warn' }) });
    await bus.ensureTopics(topics);
    broker = await startBrokerProcess(config, join(dir, 'broker-1.log'), env());
  }, 180_000);
  afterAll(async () => {
    await stop(broker);
    await bus?.close();
    await stop(sandbox?.proc);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers ${TRIPS} trips of ${DRIVERS} drivers exactly once across a SIGKILL, with 429s and expiring tokens`, async () => {
    const started = Date.now();
    // The last trip of each driver is held back until the tokens are expired (below), so every
    // driver makes at least one call with a dead token however fast delivery caught up.
    const [early, last] = [trips.slice(0, trips.length - drivers.length), trips.slice(trips.length - drivers.length)];
    const producing = produceTrips(bus, T.inbound, early, { round: 100, pauseMs: 100 });
    let killedAt = 0;
    for (;;) {
      killedAt = await ledgerTotal(sandbox.url);
      if (killedAt >= TRIPS / 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await stop(broker, 'SIGKILL');
    broker = await startBrokerProcess(config, join(dir, 'broker-2.log'), env());
    // Every token EDS issued so far stops working at once, while the drivers are still busy with
    // the backlog (an idle driver's token would be renewed ahead of use, never meeting the 401).
    while ((await ledgerTotal(sandbox.url)) < TRIPS / 2) await new Promise((r) => setTimeout(r, 100));
    expect(await sandboxCall(`${sandbox.url}/_sandbox/faults`, 'POST', { expireTokensNow: true })).toBe(200);
    await producing;
    await produceTrips(bus, T.inbound, last, { round: last.length, pauseMs: 0 });
    const deadline = Date.now() + 300_000;
    let total = await ledgerTotal(sandbox.url);
    while (total < TRIPS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      total = await ledgerTotal(sandbox.url);
    }
    const stats = await sandboxStats(sandbox.url);
    console.info(`[e2e eds kafka] ${TRIPS} trips of ${DRIVERS} drivers in ${((Date.now() - started) / 1000).toFixed(1)} s; SIGKILL with ${killedAt} in the ledger; sandbox answers ${JSON.stringify(stats)}`);
    const ledger = await readLedger(sandbox.url);
    expect(ledger).toHaveLength(TRIPS);
    expect(new Set(ledger.map((e) => tripKey(e.carriage)))).toEqual(new Set(trips.map((t) => tripKey(t.trip))));
    for (const d of drivers) {
      const starts = ledger.filter((e) => e.clientId === d.clientId).map((e) => e.carriage.StartDateTime);
      expect(starts).toEqual([...starts].sort());
    }
    expect(stats.carriage['429'] ?? 0).toBeGreaterThan(0);
    expect(stats.carriage['401'] ?? 0).toBeGreaterThan(0);
    expect(stats.auth['200']!).toBeGreaterThan(DRIVERS);
    const receipts = new Map<string, EdsReceipt>();
    const until = Date.now() + 60_000;
    while (Date.now() < until) {
      receipts.clear();
      for await (const r of bus.scan(T.receipts)) {
        const receipt = JSON.parse(r.value.toString()) as EdsReceipt;
        receipts.set(receipt.ediId, receipt);
      }
      if (receipts.size >= TRIPS) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(receipts.size).toBe(TRIPS);
    expect([...receipts.values()].filter((r) => r.duplicateAtVid).length).toBeLessThanOrEqual(stats.carriage['409'] ?? 0);
    const dlq: string[] = [];
    for await (const r of bus.scan(T.dlq)) dlq.push(`${r.headers[H.errorCode]}: ${r.headers[H.errorMessage]}`);
    expect(dlq).toEqual([]);
    const secrets = Object.values(seedCredentials().secrets);
    const logs = readdirSync(dir).filter((f) => f.endsWith('.log')).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    for (const s of secrets) expect(logs.includes(s)).toBe(false);
  }, 480_000);
});
