// outbound.eds against the EDS sandbox over HTTP (a real server on 127.0.0.1), on a real
// embedded bus: trips are put on eds.trips.valid as the transformer leaves them (the exact
// request body, keyed by the driver's API client id) and must reach the sandbox's ledger.
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { H } from '../../../topics/headers.js';
import type { Component } from '../../../topics/component.js';
import type { BusRecord } from '../../../topics/record.js';
import { newId } from '../../../lib/ids.js';
import { Secret } from '../../../lib/secret.js';
import { compileCredentialRegistry, type Carriage } from '../../../schemas/eds/index.js';
import { carriageBody } from '../../../transformers/eds/body.js';
import { replayDlq } from '../../../runtime/replay.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import { call, getToken, postCarriage, startEdsSandbox } from '../../../sandbox/eds/test-client.js';
import { seedCredentials, seedDrivers, tripOfDriver, type SeedDriver } from '../../../test/fixtures/eds/trips.js';
import { edsDelivery, edsDeliveryConfig, tokenStateKey, type EdsReceipt, type TokenMetadata } from './index.js';
import { EdsTokens } from './tokens.js';

interface LedgerTrip {
  id: number;
  clientId: string;
  statusCode: string;
  carriage: Carriage;
}

const drivers = seedDrivers();
const [shared0, shared1] = [drivers[0]!, drivers[1]!]; // same secret (taksometri-shared)
const solo = drivers[25]!; // carrier 40009999002, own secret
const old = drivers[45]!; // carrier 50009999003, 12-character person code

describe('outbound.eds against the EDS sandbox', () => {
  let bench: TestBench;
  let sandbox: Sandbox;
  let logs: string[];
  const running: Component[] = [];

  const start = async (overrides: Record<string, unknown> = {}, credentials = seedCredentials()): Promise<Component> => {
    const config = edsDeliveryConfig.parse({
      environment: 'sandbox',
      baseUrl: sandbox.url,
      credentials,
      retry: { initialDelay: '20ms', maxDelay: '200ms' },
      ...overrides,
    });
    const component = await edsDelivery.create(config, await bench.context('eds-delivery'));
    await component.start();
    running.push(component);
    return component;
  };
  const stopAll = async () => {
    for (const c of running.splice(0)) await c.stop();
  };
  /** A trip on eds.trips.valid exactly as transformer.eds leaves it. */
  const put = async (driver: SeedDriver, trip: Carriage): Promise<{ id: string; bytes: Buffer }> => {
    const id = newId();
    const bytes = carriageBody(trip);
    await intake(await bench.context('eds-transform'), [{ id, topic: 'eds.trips.valid', key: driver.clientId, value: bytes, source: 'test', contentType: 'application/json' }]);
    return { id, bytes };
  };
  const putRaw = async (driver: SeedDriver, body: Record<string, unknown>) => {
    const id = newId();
    await intake(await bench.context('eds-transform'), [{ id, topic: 'eds.trips.valid', key: driver.clientId, value: Buffer.from(JSON.stringify(body)), source: 'test', contentType: 'application/json' }]);
    return id;
  };
  const receipts = async (n: number, timeoutMs?: number): Promise<EdsReceipt[]> => (await bench.waitFor('eds.trips.receipts', n, timeoutMs)).map((r) => JSON.parse(r.value.toString()) as EdsReceipt);
  const ledger = async (query = ''): Promise<LedgerTrip[]> => ((await call(`${sandbox.url}/_sandbox/ledger?${query}`, 'GET')).json as { trips: LedgerTrip[] }).trips;
  const stats = async () => (await call(`${sandbox.url}/_sandbox/stats`, 'GET')).json as { auth: Record<string, number>; carriage: Record<string, number> };
  const faults = (f: Record<string, unknown>) => call(`${sandbox.url}/_sandbox/faults`, 'POST', f);

  beforeEach(async () => {
    logs = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (logs.push(chunk.toString()), cb()) });
    bench = await createTestBench({ log: pino({ level: 'trace' }, sink) });
    sandbox = await startEdsSandbox();
  });
  afterEach(async () => {
    await stopAll();
    await bench.close();
    await sandbox.stop();
  });

  it('201: POSTs the stored bytes with the driver’s token; a receipt with EDS’s status code goes to eds.trips.receipts, keyed by the client', async () => {
    const component = await start();
    const a = await put(shared0, tripOfDriver(shared0, 0));
    const b = await put(shared0, tripOfDriver(shared0, 1));
    const c = await put(old, tripOfDriver(old, 0));
    const got = await receipts(3);
    const entries = await ledger();
    expect(entries).toHaveLength(3);
    for (const { id, bytes } of [a, b, c]) {
      const receipt = got.find((r) => r.ediId === id)!;
      const entry = entries.find((e) => e.statusCode === receipt.statusCode)!;
      expect(receipt).toMatchObject({ status: 201, duplicateAtVid: false, environment: 'sandbox' });
      expect(receipt.statusCode).toMatch(/^[0-9a-f-]{36}$/);
      expect(entry.carriage).toEqual(JSON.parse(bytes.toString()));
      expect(receipt.carriage).toEqual(JSON.parse(bytes.toString()));
      expect(entry.clientId).toBe(receipt.clientId);
    }
    expect(got.find((r) => r.ediId === c.id)!.clientId).toBe(old.clientId);
    const [record] = (await bench.read('eds.trips.receipts')).filter((r) => r.headers[H.id] === a.id);
    expect(record!.key).toBe(shared0.clientId);
    expect((await bench.tracking(a.id)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'deliver:ok']);
    // One token per client, cached: two clients, two token requests for three trips.
    expect((await stats()).auth).toEqual({ '200': 2 });
    expect(component.describe?.()).toMatchObject({ tokenRequests: 2, delivered: 3, duplicatesAtVid: 0 });
    const meta = (await (await bench.bus.openState('eds-delivery')).get<TokenMetadata>(tokenStateKey(shared0.clientId)))?.value;
    expect(meta).toMatchObject({ clientId: shared0.clientId, status: 'valid', requests: 1 });
    expect(Date.parse(meta!.expiresAt!) - Date.parse(meta!.issuedAt!)).toBe(3600_000);
  });

  it('409: a trip EDS already holds is delivered, marked duplicate-at-VID, and is not in the ledger twice', async () => {
    await start();
    const trip = tripOfDriver(solo, 0);
    const first = await postCarriage(sandbox.url, await getToken(sandbox.url, solo.clientId, solo.secret), trip);
    expect(first.status).toBe(201);
    const { id } = await put(solo, trip);
    const [receipt] = await receipts(1);
    expect(receipt).toMatchObject({ ediId: id, status: 409, statusCode: null, duplicateAtVid: true });
    expect(await ledger()).toHaveLength(1);
    expect((await bench.tracking(id)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'deliver:duplicate']);
    expect(await bench.read('eds.dlq')).toEqual([]);
  });

  it('a request that timed out is sent again with the same bytes and reaches the ledger once', async () => {
    // The sandbox holds the next carriage call 3 s; we give up after 800 ms and try again.
    await faults({ latencyMs: 3000, pathPrefix: '/api/taxi/carriage', count: 1 });
    await start({ requestTimeout: '800ms', retry: { initialDelay: '100ms', maxDelay: '200ms' } });
    const trip = tripOfDriver(shared1, 0);
    const { id } = await put(shared1, trip);
    const [receipt] = await receipts(1, 30_000);
    // 201, or 409 should a slow machine have let an earlier attempt through after all.
    expect(receipt).toMatchObject({ ediId: id, duplicateAtVid: receipt!.status === 409 });
    await new Promise((r) => setTimeout(r, 3000)); // the held call is over by now
    const entries = await ledger();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.carriage).toEqual(trip);
    const events = await bench.tracking(id);
    expect(events[0]).toMatchObject({ step: 'intake', status: 'ok' });
    expect(events.at(-1)).toMatchObject({ step: 'deliver', status: receipt!.status === 409 ? 'duplicate' : 'ok' });
    expect(events.slice(1, -1).every((e) => e.step === 'deliver' && e.status === 'retry' && e.errorCode === 'EDI_ERR_TIMEOUT')).toBe(true);
    expect(events.length).toBeGreaterThanOrEqual(3);
  });

  it('5xx answers and dropped connections are retried until EDS takes the trip', async () => {
    await start();
    await faults({ errorRate: 1, errorStatus: 503, pathPrefix: '/api/taxi/carriage', count: 2 });
    const a = await put(solo, tripOfDriver(solo, 0));
    await receipts(1);
    await faults({ dropRate: 1, pathPrefix: '/api/taxi/carriage', count: 1 });
    const b = await put(solo, tripOfDriver(solo, 1));
    await receipts(2);
    const retries = async (id: string) => (await bench.tracking(id)).filter((e) => e.status === 'retry').map((e) => e.errorCode);
    expect(await retries(a.id)).toEqual(['EDI_ERR_UPSTREAM_5XX', 'EDI_ERR_UPSTREAM_5XX']);
    expect(await retries(b.id)).toEqual(['EDI_ERR_NETWORK']);
    expect(await ledger()).toHaveLength(2);
    expect(await bench.read('eds.dlq')).toEqual([]);
  });

  it('400: the trip goes to eds.dlq with EDS’s ModelState verbatim (Latvian) and an English gloss of each field', async () => {
    await start();
    const trip = { ...tripOfDriver(solo, 0), ServiceFee: -5, NumberPlate: 'TB-2006' };
    const id = await putRaw(solo, trip);
    const [dlq] = await bench.waitFor('eds.dlq', 1);
    // What the sandbox answers to the same body, to compare with.
    const direct = await postCarriage(sandbox.url, await getToken(sandbox.url, solo.clientId, solo.secret), trip);
    expect(direct.status).toBe(400);
    expect(dlq!.headers).toMatchObject({ [H.id]: id, [H.errorCode]: 'EDI_ERR_EDS_REJECTED', [H.errorStage]: 'deliver', [H.attempts]: '1', [H.originTopic]: 'eds.trips.valid' });
    const detail = JSON.parse(dlq!.headers[H.errorDetail]!) as { status: number; modelState: Record<string, string[]>; gloss: Array<{ key: string; field: string; fieldGloss: string; messages: string[] }> };
    expect(detail.status).toBe(400);
    expect(detail.modelState).toEqual((direct.json as { ModelState: unknown }).ModelState);
    expect(detail.gloss.map((g) => g.field).sort()).toEqual(['NumberPlate', 'ServiceFee']);
    const fee = detail.gloss.find((g) => g.field === 'ServiceFee')!;
    expect(fee.fieldGloss).toMatch(/[a-z]/);
    expect(fee.messages).toEqual(detail.modelState['value.ServiceFee']);
    expect(dlq!.headers[H.errorMessage]).toContain(`ServiceFee (${fee.fieldGloss}): ${fee.messages[0]}`);
    expect(await ledger()).toEqual([]);
    expect(await bench.read('eds.trips.receipts')).toEqual([]);
  });

  it('429: backs off at least Retry-After and keeps each driver’s order; every trip reaches the ledger once', async () => {
    await faults({ rateLimitPerSecond: 3 });
    await start({ retry: { initialDelay: '50ms', maxDelay: '500ms', maxAttempts: 40 } });
    const team = [shared0, solo, old];
    const per = 8;
    for (let n = 0; n < per; n++) for (const d of team) await put(d, tripOfDriver(d, n));
    await receipts(team.length * per, 60_000);
    const s = await stats();
    expect(s.carriage['429'] ?? 0).toBeGreaterThan(0);
    expect(s.carriage['201']).toBe(team.length * per);
    const entries = await ledger();
    expect(entries).toHaveLength(team.length * per);
    for (const d of team) {
      const starts = entries.filter((e) => e.clientId === d.clientId).map((e) => e.carriage.StartDateTime);
      expect(starts).toEqual(Array.from({ length: per }, (_, n) => tripOfDriver(d, n).StartDateTime));
    }
    expect(await bench.read('eds.dlq')).toEqual([]);
    const retries = (await bench.read('edi.tracking')).map((r) => JSON.parse(r.value.toString()) as { status: string; errorCode?: string }).filter((e) => e.status === 'retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(retries.every((e) => e.errorCode === 'EDI_ERR_EDS_RATE_LIMITED')).toBe(true);
  }, 90_000);

  it('tokens: renewed once after EDS expired them all mid-run, and ahead of expires_in without a 401; nothing lost', async () => {
    const component = await start({ tokenRefreshBefore: '1500ms' });
    await put(shared0, tripOfDriver(shared0, 0));
    await receipts(1);
    // Every token EDS issued stops working: the next call gets 401, the token is renewed once.
    await faults({ expireTokensNow: true });
    await put(shared0, tripOfDriver(shared0, 1));
    await receipts(2);
    expect((await stats()).carriage['401']).toBe(1);
    expect(component.describe?.()).toMatchObject({ tokenRequests: 2 });
    // Again, and the new token lives 2 s: renewed 1 s after issue (at most half its lifetime ahead).
    await faults({ expireTokensNow: true, tokenTtlSeconds: 2 });
    await put(shared0, tripOfDriver(shared0, 2));
    await receipts(3);
    expect((await stats()).carriage['401']).toBe(2);
    await new Promise((r) => setTimeout(r, 1300));
    await put(shared0, tripOfDriver(shared0, 3));
    await receipts(4);
    // Renewed before use: a fourth token request, and no third 401.
    expect((await stats()).carriage['401']).toBe(2);
    expect(component.describe?.()).toMatchObject({ tokenRequests: 4, delivered: 4 });
    expect(await ledger()).toHaveLength(4);
    expect(await bench.read('eds.dlq')).toEqual([]);
  });

  it('concurrent trips of one driver share one token request', async () => {
    const registry = compileCredentialRegistry({ secrets: { s: new Secret(shared0.secret) }, clients: [{ clientId: shared0.clientId, carrier: shared0.carrier, personCode: shared0.personCode, secret: 's' }] });
    const tokens = new EdsTokens({ baseUrl: sandbox.url, registry, refreshBeforeMs: 60_000, refusedRecheckMs: 60_000, timeoutMs: 10_000, state: await bench.bus.openState('tokens-test'), log: bench.log });
    const got = await Promise.all(Array.from({ length: 20 }, () => tokens.get(shared0.clientId)));
    expect(new Set(got).size).toBe(1);
    expect(tokens.requests).toBe(1);
    expect((await stats()).auth).toEqual({ '200': 1 });
  });

  it('a revoked client: its trips go to eds.dlq with EDI_ERR_EDS_CLIENT_REVOKED and one alert, other drivers go on; re-created, `edi replay` delivers them; no secret anywhere', async () => {
    await start();
    const team = [shared0, shared1, solo];
    for (const d of team) await put(d, tripOfDriver(d, 0));
    await receipts(3);
    expect((await call(`${sandbox.url}/_sandbox/clients/${shared1.clientId}`, 'DELETE')).status).toBe(204);
    const revokedIds: string[] = [];
    for (let n = 1; n <= 4; n++) {
      for (const d of team) {
        const { id } = await put(d, tripOfDriver(d, n));
        if (d === shared1) revokedIds.push(id);
      }
    }
    const dlq = await bench.waitFor('eds.dlq', 4);
    await receipts(3 + 8);
    expect(dlq.map((r) => r.headers[H.id]).sort()).toEqual([...revokedIds].sort());
    expect(new Set(dlq.map((r) => r.headers[H.errorCode]))).toEqual(new Set(['EDI_ERR_EDS_CLIENT_REVOKED']));
    expect(dlq[0]!.headers[H.errorMessage]).toContain(shared1.clientId);
    expect(dlq[0]!.headers[H.errorMessage]).toMatch(/re-create it/);
    // The drivers sharing the revoked client's secret and the others are unaffected.
    expect((await ledger(`clientId=${shared0.clientId}`)).length).toBe(5);
    expect((await ledger(`clientId=${solo.clientId}`)).length).toBe(5);
    const alerts = (await bench.read('edi.alerts')).map((r) => JSON.parse(r.value.toString()) as { code: string; detail: { clientId: string } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ code: 'EDI_ERR_EDS_CLIENT_REVOKED', detail: { clientId: shared1.clientId } });
    // One refused token request, not one per trip.
    expect((await stats()).auth['401']).toBe(1);
    const meta = (await (await bench.bus.openState('eds-delivery')).get<TokenMetadata>(tokenStateKey(shared1.clientId)))?.value;
    expect(meta).toMatchObject({ status: 'refused', reason: 'invalid_client' });

    // The carrier re-creates the client (same id in the sandbox, a new secret) and updates the config.
    const newSecret = 'sbx-eds-recreated-client-secret-01';
    const created = await call(`${sandbox.url}/_sandbox/clients`, 'POST', { client_id: shared1.clientId, carrier: shared1.carrier, personCode: shared1.personCode, plate: shared1.plate, client_secret: newSecret });
    expect(created.status).toBe(201);
    await stopAll();
    const credentials = seedCredentials();
    credentials.secrets['recreated-01'] = newSecret;
    credentials.clients.find((c) => c.clientId === shared1.clientId)!.secret = 'recreated-01';
    await start({}, credentials);
    const replayed = await replayDlq(bench.bus, 'eds.dlq', { all: true });
    expect(replayed.replayed).toHaveLength(4);
    await receipts(3 + 8 + 4);
    const mine = await ledger(`clientId=${shared1.clientId}`);
    expect(mine.map((e) => e.carriage.StartDateTime)).toEqual(Array.from({ length: 5 }, (_, n) => tripOfDriver(shared1, n).StartDateTime));
    expect(await ledger()).toHaveLength(15);

    // No secret and no token anywhere: logs, DLQ, tracking, alerts, receipts, token metadata.
    const secrets = [...Object.values(seedCredentials().secrets), newSecret];
    const recordsText = async (topic: string) => (await bench.read(topic)).map((r: BusRecord) => JSON.stringify(r.headers) + r.value.toString()).join('\n');
    const everything = [
      logs.join(''),
      await recordsText('eds.dlq'),
      await recordsText('edi.tracking'),
      await recordsText('edi.alerts'),
      await recordsText('eds.trips.receipts'),
      JSON.stringify(await (await bench.bus.openState('eds-delivery')).scan('token:')),
    ].join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const s of secrets) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/access_token|client_secret|Bearer /i);
  }, 60_000);
});
