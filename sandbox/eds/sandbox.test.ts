import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEdsDateTime, tripDay, type CarriageReport } from '../../schemas/eds/index.js';
import { parseCarriageReport } from '../../transformers/eds/report-parse.js';
import { reconcileTrips } from '../../transformers/eds/reconcile.js';
import type { Sandbox } from '../sdk/sandbox-server.js';
import { DEFAULT_SEED_FILE, loadDefaultSeed } from './index.js';
import { call, getToken, postCarriage, seededClient, startEdsSandbox, tripOf, type Answer } from './test-client.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('EDS sandbox over HTTP', () => {
  let sandbox: Sandbox;
  let base: string;
  const driver = seededClient(0); // carrier 40009999001, shares its secret with clients 1..9
  const mate = seededClient(1);
  const soloDriver = seededClient(25); // carrier 40009999002, own secret

  beforeAll(async () => {
    sandbox = await startEdsSandbox();
    base = sandbox.url;
  });
  afterAll(async () => sandbox.stop());

  const faults = (settings: Record<string, unknown>) => call(`${base}/_sandbox/faults`, 'POST', settings);

  describe('the seed', () => {
    it('has at least 3 carriers and 50 drivers, 10 of whom share one secret', async () => {
      const seed = (await call(`${base}/_sandbox/seed`, 'GET')).json as { carriers: Array<{ drivers: unknown[] }>; clients: Array<{ sharesSecretWith: string[] }> };
      expect(seed.carriers.length).toBeGreaterThanOrEqual(3);
      expect(seed.carriers.flatMap((c) => c.drivers)).toHaveLength(50);
      expect(seed.clients.filter((c) => c.sharesSecretWith.length === 9)).toHaveLength(10);
    });

    it('lists person code, plate and client_id, and never a secret', async () => {
      const text = (await call(`${base}/_sandbox/seed`, 'GET')).text;
      expect(text).toContain(driver.personCode);
      expect(text).toContain(driver.plate);
      expect(text).toContain(driver.clientId);
      for (const secret of Object.values(loadDefaultSeed().secrets)) expect(text).not.toContain(secret);
      const clients = (await call(`${base}/_sandbox/clients`, 'GET')).text;
      for (const secret of Object.values(loadDefaultSeed().secrets)) expect(clients).not.toContain(secret);
    });

    it('keeps the default secrets in the committed seed file the default config can match', () => {
      const file = JSON.parse(readFileSync(DEFAULT_SEED_FILE, 'utf8')) as { secrets: Record<string, string> };
      expect(Object.keys(file.secrets)).toHaveLength(41);
    });
  });

  describe('POST /api/taxi/auth', () => {
    it('issues a bearer token for the right client_id and secret', async () => {
      const a = await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: driver.clientId, client_secret: driver.secret });
      expect(a.status).toBe(200);
      expect(a.json).toMatchObject({ token_type: 'bearer', expires_in: 3600 });
      expect((a.json as { access_token: string }).access_token).toMatch(/^[\w-]{20,}$/);
    });

    it('issues tokens to two clients sharing one secret', async () => {
      expect(driver.secret).toBe(mate.secret);
      await expect(getToken(base, mate.clientId, mate.secret)).resolves.toBeTypeOf('string');
    });

    it('answers 401 to a wrong secret, another client’s secret and an unknown client', async () => {
      const auth = (client_id: string, client_secret: string) => call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id, client_secret });
      expect((await auth(driver.clientId, 'wrong-secret')).status).toBe(401);
      expect((await auth(driver.clientId, soloDriver.secret)).status).toBe(401);
      expect((await auth('no-such-client', driver.secret)).status).toBe(401);
    });

    it('answers 400 to a request without grant_type or without credentials', async () => {
      expect((await call(`${base}/api/taxi/auth`, 'POST', { client_id: driver.clientId, client_secret: driver.secret })).status).toBe(400);
      expect((await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: driver.clientId })).status).toBe(400);
      expect((await call(`${base}/api/taxi/auth`, 'POST', 'not json')).status).toBe(400);
    });

    it('takes the credentials form-encoded too (the OpenAPI lists form data)', async () => {
      const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: driver.clientId, client_secret: driver.secret }).toString();
      const a = await call(`${base}/api/taxi/auth`, 'POST', body, { 'content-type': 'application/x-www-form-urlencoded' });
      expect(a.status).toBe(200);
    });

    it('DELETE revokes the token: 204, then the token is refused', async () => {
      const token = await getToken(base, driver.clientId, driver.secret);
      expect((await call(`${base}/api/taxi/auth`, 'DELETE', undefined, { authorization: `Bearer ${token}` })).status).toBe(204);
      expect((await postCarriage(base, token, tripOf(driver))).status).toBe(401);
      expect((await call(`${base}/api/taxi/auth`, 'DELETE', undefined, { authorization: `Bearer ${token}` })).status).toBe(401);
    });
  });

  describe('POST /api/taxi/carriage', () => {
    let token: string;
    beforeAll(async () => {
      token = await getToken(base, driver.clientId, driver.secret);
    });

    it('accepts a valid trip with 201 and a status-code string, and the ledger holds it', async () => {
      const trip = tripOf(driver);
      const a = await postCarriage(base, token, trip);
      expect(a.status).toBe(201);
      expect(a.headers.get('content-type')).toMatch(/application\/json/);
      expect(typeof a.json).toBe('string');
      const ledger = (await call(`${base}/_sandbox/ledger?carrier=${driver.carrier}&driver=${driver.personCode}`, 'GET')).json as { trips: Array<{ statusCode: string; carriage: unknown; clientId: string }> };
      const entry = ledger.trips.find((t) => t.statusCode === a.json);
      expect(entry).toMatchObject({ carriage: trip, clientId: driver.clientId });
    });

    it('answers 409 "Ieraksts ar identiskiem datiem jau izveidots." to identical data, however it is spelt', async () => {
      const trip = tripOf(driver);
      expect((await postCarriage(base, token, trip)).status).toBe(201);
      const again = await postCarriage(base, token, trip);
      expect(again.status).toBe(409);
      expect(again.json).toEqual({ Message: 'Ieraksts ar identiskiem datiem jau izveidots.' });
      // The same trip in other spelling — fields reversed, the start as a UTC instant — from a colleague's client.
      const startUtc = new Date(parseEdsDateTime(trip.StartDateTime)!.instantMs).toISOString().slice(0, 19) + 'Z';
      const respelt = Object.fromEntries(Object.entries({ ...trip, StartDateTime: startUtc }).reverse());
      const mateToken = await getToken(base, mate.clientId, mate.secret);
      expect((await postCarriage(base, mateToken, respelt)).status).toBe(409);
      // A different fare is a different record.
      expect((await postCarriage(base, token, { ...trip, ServiceFee: trip.ServiceFee + 1 })).status).toBe(201);
      const count = ((await call(`${base}/_sandbox/ledger?driver=${driver.personCode}`, 'GET')).json as { trips: Array<{ carriage: { StartDateTime: string } }> }).trips.filter(
        (t) => t.carriage.StartDateTime === trip.StartDateTime,
      ).length;
      expect(count).toBe(2);
    });

    it('treats the same instant written with an offset as identical data', async () => {
      const trip = tripOf(driver, { StartDateTime: '2024-05-01T10:00:00', EndDateTime: '2024-05-01T10:25:00' });
      expect((await postCarriage(base, token, trip)).status).toBe(201);
      expect((await postCarriage(base, token, { ...trip, StartDateTime: '2024-05-01T07:00:00Z', EndDateTime: '2024-05-01T10:25:00+03:00' })).status).toBe(409);
    });

    it('answers 400 with Latvian ModelState naming the field, in the words of the public mock', async () => {
      const a = await postCarriage(base, token, tripOf(driver, { ServiceFee: -1 }));
      expect(a.status).toBe(400);
      expect(a.json).toEqual({ Message: 'The request is invalid.', ModelState: { 'value.ServiceFee': ['Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.'] } });
    });

    it('answers 400 for every broken rule at once: plate with a dash, unknown PaymentType, end before start', async () => {
      const trip = tripOf(driver);
      const a = await postCarriage(base, token, { ...trip, NumberPlate: 'TA-1001', PaymentType: 'bitcoin', EndDateTime: trip.StartDateTime });
      expect(a.status).toBe(400);
      expect(Object.keys((a.json as { ModelState: object }).ModelState).sort()).toEqual(['value.EndDateTime', 'value.NumberPlate', 'value.PaymentType']);
    });

    it('answers 400 to a trip in the future and to a body that is no JSON', async () => {
      const future = await postCarriage(base, token, tripOf(driver, { StartDateTime: '2099-01-01T10:00:00', EndDateTime: '2099-01-01T10:20:00' }));
      expect(future.status).toBe(400);
      expect((future.json as { ModelState: Record<string, string[]> }).ModelState['value.EndDateTime']).toEqual(['Lauka "EndDateTime" vērtība nedrīkst būt nākotnē.']);
      const garbage = await postCarriage(base, token, '{"CarriersTaxpayerCode":');
      expect(garbage.status).toBe(400);
      expect(garbage.json).toEqual({ Message: 'The request is invalid.', ModelState: { value: ['Pieprasījuma saturs nav derīgs.'] } });
    });

    it('binds field names case-insensitively and ignores unknown ones, as ASP.NET does', async () => {
      const trip = tripOf(driver);
      const lower = Object.fromEntries(Object.entries(trip).map(([k, v]) => [k.toLowerCase(), v]));
      expect((await postCarriage(base, token, { ...lower, TripNo: 7 })).status).toBe(201);
    });

    it('answers 401 without a token and to a made-up token', async () => {
      expect((await call(`${base}/api/taxi/carriage`, 'POST', tripOf(driver))).status).toBe(401);
      expect((await postCarriage(base, 'made-up', tripOf(driver))).status).toBe(401);
    });

    it('answers 403 to a trip of another carrier than the client’s', async () => {
      const a = await postCarriage(base, token, tripOf(soloDriver));
      expect(a.status).toBe(403);
    });
  });

  describe('tokens expire', () => {
    it('a token issued with faults.tokenTtlSeconds = 1 says expires_in 1 and is refused after it', async () => {
      await faults({ tokenTtlSeconds: 1 });
      try {
        const a = await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: soloDriver.clientId, client_secret: soloDriver.secret });
        expect((a.json as { expires_in: number }).expires_in).toBe(1);
        const token = (a.json as { access_token: string }).access_token;
        expect((await postCarriage(base, token, tripOf(soloDriver))).status).toBe(201);
        await sleep(1100);
        expect((await postCarriage(base, token, tripOf(soloDriver))).status).toBe(401);
      } finally {
        await faults({});
      }
    });

    it('faults.expireTokensNow invalidates every token issued so far, not later ones', async () => {
      const old = await getToken(base, soloDriver.clientId, soloDriver.secret);
      await faults({ expireTokensNow: true });
      await faults({});
      expect((await postCarriage(base, old, tripOf(soloDriver))).status).toBe(401);
      const fresh = await getToken(base, soloDriver.clientId, soloDriver.secret);
      expect((await postCarriage(base, fresh, tripOf(soloDriver))).status).toBe(201);
    });
  });

  describe('a revoked client', () => {
    it('is refused at auth and with its existing token; the others sharing its secret are not', async () => {
      const victim = seededClient(5);
      const colleague = seededClient(6);
      const token = await getToken(base, victim.clientId, victim.secret);
      expect((await call(`${base}/_sandbox/clients/${victim.clientId}`, 'DELETE')).status).toBe(204);
      expect((await postCarriage(base, token, tripOf(victim))).status).toBe(401);
      const auth = await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: victim.clientId, client_secret: victim.secret });
      expect(auth.status).toBe(401);
      expect(victim.secret).toBe(colleague.secret);
      const other = await getToken(base, colleague.clientId, colleague.secret);
      expect((await postCarriage(base, other, tripOf(colleague))).status).toBe(201);

      // Re-created (here with the same id and a new secret), it works again.
      const recreate = await call(`${base}/_sandbox/clients`, 'POST', { client_id: victim.clientId, carrier: victim.carrier, personCode: victim.personCode, plate: victim.plate, client_secret: 'a-brand-new-secret' });
      expect(recreate.status).toBe(201);
      expect((await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: victim.clientId, client_secret: victim.secret })).status).toBe(401);
      const again = await getToken(base, victim.clientId, 'a-brand-new-secret');
      expect((await postCarriage(base, again, tripOf(victim))).status).toBe(201);
    });

    it('admin: creates a client sharing a secret, refuses a duplicate, 404 for an unknown revoke', async () => {
      const c = seededClient(30);
      const created = await call(`${base}/_sandbox/clients`, 'POST', { carrier: c.carrier, personCode: '32999999999', client_secret: c.secret });
      expect(created.status).toBe(201);
      const id = (created.json as { client_id: string }).client_id;
      const token = await getToken(base, id, c.secret);
      expect((await postCarriage(base, token, tripOf({ carrier: c.carrier, personCode: '32999999999', plate: 'TB9999' }))).status).toBe(201);
      expect((await call(`${base}/_sandbox/clients`, 'POST', { client_id: id, carrier: c.carrier, personCode: '32999999999', client_secret: c.secret })).status).toBe(409);
      expect((await call(`${base}/_sandbox/clients/nope`, 'DELETE')).status).toBe(404);
      expect((await call(`${base}/_sandbox/clients`, 'POST', { carrier: '99999999999', personCode: '32999999998', client_secret: 'x'.repeat(8) })).status).toBe(400);
    });
  });

  describe('call limit', () => {
    it('answers 429 with Retry-After above faults.rateLimitPerSecond per client; other clients unaffected', async () => {
      const c = seededClient(33);
      const other = seededClient(34);
      const token = await getToken(base, c.clientId, c.secret);
      const otherToken = await getToken(base, other.clientId, other.secret);
      await faults({ rateLimitPerSecond: 2 });
      try {
        const answers = await Promise.all(Array.from({ length: 8 }, () => postCarriage(base, token, tripOf(c))));
        const limited = answers.filter((a) => a.status === 429);
        // Eight calls at once span at most two one-second windows: at most 4 pass.
        expect(answers.filter((a) => a.status === 201).length).toBeLessThanOrEqual(4);
        expect(limited.length).toBeGreaterThanOrEqual(4);
        expect(limited[0]!.headers.get('retry-after')).toMatch(/^[1-9]\d*$/);
        expect(limited[0]!.json).toEqual({ Message: 'Pārsniegts izsaukumu skaita ierobežojums.' });
        expect((await postCarriage(base, otherToken, tripOf(other))).status).toBe(201);
      } finally {
        await faults({});
      }
      expect((await postCarriage(base, token, tripOf(c))).status).toBe(201);
    });
  });

  describe('fault injection', () => {
    it('answers the injected 5xx on the API while /_sandbox stays up', async () => {
      await faults({ errorRate: 1, errorStatus: 503 });
      try {
        expect((await call(`${base}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: driver.clientId, client_secret: driver.secret })).status).toBe(503);
        expect((await call(`${base}/_sandbox/ledger?limit=1`, 'GET')).status).toBe(200);
      } finally {
        await faults({});
      }
    });
  });

  describe('call statistics', () => {
    it('counts answers per route and status (token requests, 201, 409, 401, injected 503) on GET /_sandbox/stats', async () => {
      type Stats = { auth: Record<string, number>; carriage: Record<string, number> };
      const before = (await call(`${base}/_sandbox/stats`, 'GET')).json as Stats;
      const token = await getToken(base, soloDriver.clientId, soloDriver.secret);
      const carriage = tripOf(soloDriver);
      expect((await postCarriage(base, token, carriage)).status).toBe(201);
      expect((await postCarriage(base, token, carriage)).status).toBe(409);
      expect((await postCarriage(base, 'made-up', carriage)).status).toBe(401);
      await faults({ errorRate: 1, errorStatus: 503, count: 1 });
      expect((await postCarriage(base, token, tripOf(soloDriver))).status).toBe(503);
      await faults({});
      const after = (await call(`${base}/_sandbox/stats`, 'GET')).json as Stats;
      const delta = (side: Record<string, number>, was: Record<string, number>, status: string) => (side[status] ?? 0) - (was[status] ?? 0);
      expect(delta(after.auth, before.auth, '200')).toBe(1);
      expect(['201', '409', '401', '503'].map((st) => delta(after.carriage, before.carriage, st))).toEqual([1, 1, 1, 1]);
    });
  });

  describe('the report "Pārskats par taksometru datu saņemšanu tiešsaistē" and reconciliation', () => {
    // Drivers of the third carrier, used by no other test: the report of their day is ours alone.
    const d1 = seededClient(45);
    const d2 = seededClient(46);
    const sent: Array<{ carriage: ReturnType<typeof tripOf>; statusCode: string }> = [];
    let day: string;

    beforeAll(async () => {
      for (const d of [d1, d1, d1, d2, d2]) {
        const token = await getToken(base, d.clientId, d.secret);
        const carriage = tripOf(d, { ServiceFee: 5 + sent.length, Commission: 1 });
        const a = await postCarriage(base, token, carriage);
        expect(a.status).toBe(201);
        sent.push({ carriage, statusCode: a.json as string });
      }
      day = tripDay(sent[0]!.carriage.StartDateTime);
    });

    it('reports per day, carrier and driver as JSON, with totals', async () => {
      const a = await call(`${base}/_sandbox/report?date=${day}&carrier=${d1.carrier}`, 'GET');
      expect(a.status).toBe(200);
      const report = a.json as CarriageReport;
      expect(report.title).toBe('Pārskats par taksometru datu saņemšanu tiešsaistē');
      expect(report.days).toHaveLength(1);
      const carrier = report.days[0]!.carriers[0]!;
      expect(carrier.taxpayerCode).toBe(d1.carrier);
      expect(carrier.drivers.map((d) => [d.personCode, d.tripCount])).toEqual(
        [
          [d1.personCode, 3],
          [d2.personCode, 2],
        ].sort(),
      );
      expect(carrier.serviceFeeTotal).toBe(5 + 6 + 7 + 8 + 9);
      expect(carrier.commissionTotal).toBe(5);
    });

    it('serves the same report in the XML form, which reads back to the JSON one', async () => {
      const json = (await call(`${base}/_sandbox/report?date=${day}&carrier=${d1.carrier}`, 'GET')).json as CarriageReport;
      const xml = await call(`${base}/_sandbox/report?date=${day}&carrier=${d1.carrier}`, 'GET', undefined, { accept: 'application/xml' });
      expect(xml.headers.get('content-type')).toMatch(/application\/xml/);
      expect(xml.text).toContain('<TaksometruDatuParskats');
      const parsed = parseCarriageReport(Buffer.from(xml.text));
      if (!('days' in parsed)) throw parsed;
      expect({ ...parsed, generatedAt: '' }).toEqual({ ...json, generatedAt: '' });
    });

    it('refuses a bad period', async () => {
      expect((await call(`${base}/_sandbox/report?date=2024-02-30`, 'GET')).status).toBe(400);
      expect((await call(`${base}/_sandbox/report?from=2024-05-02&to=2024-05-01`, 'GET')).status).toBe(400);
      expect((await call(`${base}/_sandbox/report?month=2024-05&format=pdf`, 'GET')).status).toBe(400);
    });

    it('after one trip is deleted from the ledger, reconciliation finds exactly that trip missing at EDS', async () => {
      const delivered = sent.map((s, i) => ({ carriage: s.carriage, ediId: `edi-${i}`, statusCode: s.statusCode }));
      const before = parseCarriageReport(Buffer.from((await call(`${base}/_sandbox/report?date=${day}&carrier=${d1.carrier}&format=xml`, 'GET')).text));
      if (!('days' in before)) throw before;
      expect(reconcileTrips(delivered, before).missingAtEds).toEqual([]);

      const ledger = (await call(`${base}/_sandbox/ledger?date=${day}&carrier=${d1.carrier}`, 'GET')).json as { trips: Array<{ id: number; statusCode: string }> };
      const victim = ledger.trips.find((t) => t.statusCode === sent[3]!.statusCode)!;
      expect((await call(`${base}/_sandbox/ledger/${victim.id}`, 'DELETE')).status).toBe(204);
      expect((await call(`${base}/_sandbox/ledger/${victim.id}`, 'DELETE')).status).toBe(404);

      const after = parseCarriageReport(Buffer.from((await call(`${base}/_sandbox/report?date=${day}&carrier=${d1.carrier}&format=xml`, 'GET')).text));
      if (!('days' in after)) throw after;
      const r = reconcileTrips(delivered, after);
      expect(r.missingAtEds.map((e) => e.trip.ediId)).toEqual(['edi-3']);
      expect(r.missingInBroker).toEqual([]);
      expect(r.matchedCount).toBe(4);
    });
  });
});

describe('EDS sandbox state survives a restart with a data dir', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'eds-sandbox-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the ledger, issued tokens, revocations and the duplicate check', async () => {
    const c = seededClient(10);
    const revoked = seededClient(11);
    const trip = tripOf(c);
    let first: Answer;
    let token: string;
    {
      const s = await startEdsSandbox({}, { dataDir: dir });
      token = await getToken(s.url, c.clientId, c.secret);
      first = await postCarriage(s.url, token, trip);
      expect((await call(`${s.url}/_sandbox/clients/${revoked.clientId}`, 'DELETE')).status).toBe(204);
      await s.stop();
    }
    const s = await startEdsSandbox({}, { dataDir: dir });
    try {
      expect(first.status).toBe(201);
      const ledger = (await call(`${s.url}/_sandbox/ledger`, 'GET')).json as { count: number; trips: Array<{ statusCode: string }> };
      expect(ledger.count).toBe(1);
      expect(ledger.trips[0]!.statusCode).toBe(first.json);
      expect((await postCarriage(s.url, token, trip)).status).toBe(409);
      expect((await call(`${s.url}/api/taxi/auth`, 'POST', { grant_type: 'client_credentials', client_id: revoked.clientId, client_secret: revoked.secret })).status).toBe(401);
    } finally {
      await s.stop();
    }
  });
});
