// Taxi trips end to end on the embedded bus: a dispatch system writes trips of many drivers as
// JSON straight into the broker's log; `node bin/edi.js start` (transformer.eds + outbound.eds)
// is SIGKILLed mid-run and started again; the EDS sandbox, its own process, with short-lived
// tokens (expired all at once mid-run, too) and a per-client call limit that answers 429, must
// hold every trip exactly once. Then a driver's API client is revoked: its trips go to eds.dlq
// with one alert while another driver sharing its secret goes on; re-created in the sandbox and
// the config, `edi replay eds.dlq` delivers them. No secret in any log line or record.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedBus } from '../../../topics/embedded/index.js';
import type { Bus } from '../../../topics/bus.js';
import { H } from '../../../topics/headers.js';
import type { EdsReceipt } from '../../../connectors/outbound/eds/index.js';
import { seedCredentials, seedDrivers, tripOfDriver, tripsAcross } from '../../fixtures/eds/trips.js';
import {
  ledgerTotal, produceTrips, readLedger, runEdi, sandboxCall, sandboxStats, startBrokerProcess, startEdsSandboxProcess, stop, tripKey, writeEdsBrokerConfig, type Proc,
} from './harness.js';

const TRIPS = Number(process.env.EDI_E2E_EDS_TRIPS ?? 5000);
const DRIVERS = Number(process.env.EDI_E2E_EDS_DRIVERS ?? 50);
const NEW_SECRET = 'sbx-eds-e2e-recreated-client-0001';

describe('taxi trips end to end on the embedded bus (edi start as a child process, SIGKILL mid-run)', () => {
  const drivers = seedDrivers().slice(0, DRIVERS); // the first 10 share one secret
  const trips = tripsAcross(drivers, TRIPS);
  let dir: string;
  let sandbox: { proc: Proc; url: string };
  let broker: Proc | undefined;
  let bus: Bus;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-eds-'));
    // Tokens live 3 s (renewed 1 s ahead); more than 8 calls a second of one client get 429.
    sandbox = await startEdsSandboxProcess(dir, { tokenTtlSeconds: 3, rateLimitPerSecond: 8 });
    config = writeEdsBrokerConfig({ dir, sandboxUrl: sandbox.url, credentials: seedCredentials() });
    broker = await startBrokerProcess(config, join(dir, 'broker-1.log'));
    bus = await createEmbeddedBus({ dir: join(dir, 'data', 'bus') });
  }, 120_000);
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
    const producing = produceTrips(bus, 'eds.trips.inbound', early, { round: 100, pauseMs: 100 });
    let killedAt = 0;
    for (;;) {
      killedAt = await ledgerTotal(sandbox.url);
      if (killedAt >= TRIPS / 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await stop(broker, 'SIGKILL');
    broker = await startBrokerProcess(config, join(dir, 'broker-2.log'));
    // Every token EDS issued so far stops working at once, while the drivers are still busy with
    // the backlog (an idle driver's token would be renewed ahead of use, never meeting the 401).
    while ((await ledgerTotal(sandbox.url)) < TRIPS / 2) await new Promise((r) => setTimeout(r, 100));
    expect(await sandboxCall(`${sandbox.url}/_sandbox/faults`, 'POST', { expireTokensNow: true })).toBe(200);
    await producing;
    await produceTrips(bus, 'eds.trips.inbound', last, { round: last.length, pauseMs: 0 });
    const deadline = Date.now() + 240_000;
    let total = await ledgerTotal(sandbox.url);
    while (total < TRIPS && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      total = await ledgerTotal(sandbox.url);
    }
    const seconds = (Date.now() - started) / 1000;
    const stats = await sandboxStats(sandbox.url);
    console.info(`[e2e eds embedded] ${TRIPS} trips of ${DRIVERS} drivers in ${seconds.toFixed(1)} s; SIGKILL with ${killedAt} in the ledger; sandbox answers ${JSON.stringify(stats)}`);
    const ledger = await readLedger(sandbox.url);
    expect(ledger).toHaveLength(TRIPS);
    expect(new Set(ledger.map((e) => tripKey(e.carriage)))).toEqual(new Set(trips.map((t) => tripKey(t.trip))));
    // Each driver's trips reached EDS in the order they were taken.
    for (const d of drivers) {
      const starts = ledger.filter((e) => e.clientId === d.clientId).map((e) => e.carriage.StartDateTime);
      expect(starts).toEqual([...starts].sort());
    }
    expect(stats.carriage['429'] ?? 0).toBeGreaterThan(0);
    expect(stats.carriage['401'] ?? 0).toBeGreaterThan(0);
    expect(stats.auth['200']!).toBeGreaterThan(DRIVERS);
    // One receipt per trip; a 409 (EDS had it from before the crash) is a receipt marked duplicate-at-VID.
    const receipts = new Map<string, EdsReceipt>();
    const deadlineReceipts = Date.now() + 30_000;
    while (Date.now() < deadlineReceipts) {
      receipts.clear();
      for await (const r of bus.scan('eds.trips.receipts')) {
        const receipt = JSON.parse(r.value.toString()) as EdsReceipt;
        expect(receipts.has(receipt.ediId)).toBe(false);
        receipts.set(receipt.ediId, receipt);
      }
      if (receipts.size >= TRIPS) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(receipts.size).toBe(TRIPS);
    expect([...receipts.values()].filter((r) => r.duplicateAtVid).length).toBe(stats.carriage['409'] ?? 0);
    const ledgerCodes = new Set(ledger.map((e) => e.statusCode));
    expect([...receipts.values()].filter((r) => !r.duplicateAtVid).every((r) => ledgerCodes.has(r.statusCode!))).toBe(true);
    const dlq: string[] = [];
    for await (const r of bus.scan('eds.dlq')) dlq.push(`${r.headers[H.errorCode]}: ${r.headers[H.errorMessage]}`);
    expect(dlq).toEqual([]);
  }, 420_000);

  it('a revoked client: its trips to eds.dlq with one alert, the driver sharing its secret unaffected; re-created, edi replay delivers them once', async () => {
    const [mate, revoked] = [drivers[0]!, drivers[1]!];
    expect(await sandboxCall(`${sandbox.url}/_sandbox/clients/${revoked.clientId}`, 'DELETE')).toBe(204);
    const before = await ledgerTotal(sandbox.url);
    const more = [mate, revoked].flatMap((d) => Array.from({ length: 5 }, (_, k) => ({ driver: d, trip: tripOfDriver(d, 1500 + k) })));
    await produceTrips(bus, 'eds.trips.inbound', more, { round: more.length, pauseMs: 0 });
    const deadline = Date.now() + 60_000;
    let dlq: Array<{ id: string; code: string; message: string }> = [];
    while (Date.now() < deadline) {
      dlq = [];
      for await (const r of bus.scan('eds.dlq')) dlq.push({ id: r.headers[H.id]!, code: r.headers[H.errorCode]!, message: r.headers[H.errorMessage]! });
      if (dlq.length >= 5 && (await ledgerTotal(sandbox.url)) >= before + 5) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(dlq).toHaveLength(5);
    expect(new Set(dlq.map((d) => d.code))).toEqual(new Set(['EDI_ERR_EDS_CLIENT_REVOKED']));
    expect(dlq[0]!.message).toContain(revoked.clientId);
    expect(await ledgerTotal(sandbox.url)).toBe(before + 5);
    expect((await readLedger(sandbox.url, `clientId=${mate.clientId}`)).filter((e) => e.carriage.StartDateTime === tripOfDriver(mate, 1500).StartDateTime)).toHaveLength(1);
    const alerts: Array<{ code: string; detail: { clientId: string } }> = [];
    for await (const r of bus.scan('edi.alerts')) alerts.push(JSON.parse(r.value.toString()) as (typeof alerts)[number]);
    expect(alerts.filter((a) => a.code === 'EDI_ERR_EDS_CLIENT_REVOKED').map((a) => a.detail.clientId)).toEqual([revoked.clientId]);

    // The carrier re-creates the client (the sandbox keeps the id; a new secret) and updates the config.
    expect(await sandboxCall(`${sandbox.url}/_sandbox/clients`, 'POST', { client_id: revoked.clientId, carrier: revoked.carrier, personCode: revoked.personCode, plate: revoked.plate, client_secret: NEW_SECRET })).toBe(201);
    const credentials = seedCredentials();
    credentials.secrets['recreated-e2e'] = NEW_SECRET;
    credentials.clients.find((c) => c.clientId === revoked.clientId)!.secret = 'recreated-e2e';
    await stop(broker);
    writeEdsBrokerConfig({ dir, sandboxUrl: sandbox.url, credentials, file: config });
    broker = await startBrokerProcess(config, join(dir, 'broker-3.log'));
    const replay = await runEdi(['-c', config, 'replay', 'eds.dlq', '--all'], join(dir, 'replay.log'));
    expect(replay.code, replay.output).toBe(0);
    expect(replay.output).toContain('5 replayed, 0 skipped');
    const until = Date.now() + 60_000;
    while ((await ledgerTotal(sandbox.url)) < before + 10 && Date.now() < until) await new Promise((r) => setTimeout(r, 300));
    const mine = await readLedger(sandbox.url, `clientId=${revoked.clientId}`);
    expect(mine.filter((e) => e.carriage.StartDateTime >= tripOfDriver(revoked, 1500).StartDateTime).map((e) => e.carriage.StartDateTime)).toEqual(
      Array.from({ length: 5 }, (_, k) => tripOfDriver(revoked, 1500 + k).StartDateTime),
    );
    expect(await ledgerTotal(sandbox.url)).toBe(before + 10);
  }, 240_000);

  it('no secret appears in any log line, DLQ record, tracking event, alert or receipt of the whole run', async () => {
    const secrets = [...new Set([...Object.values(seedCredentials().secrets), NEW_SECRET])];
    const logs = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => readFileSync(join(dir, f), 'utf8'));
    expect(logs.join('').length).toBeGreaterThan(0);
    const records: string[] = [];
    for (const topic of ['eds.dlq', 'edi.tracking', 'edi.alerts', 'eds.trips.receipts', 'eds.trips.valid']) {
      for await (const r of bus.scan(topic)) records.push(JSON.stringify(r.headers) + r.value.toString());
    }
    const everything = logs.join('\n') + records.join('\n');
    for (const s of secrets) expect(everything.includes(s), `a secret (${s.slice(0, 8)}…) leaked`).toBe(false);
    expect(everything).not.toMatch(/access_token|client_secret|Bearer [\w-]{10}/i);
  });
});
