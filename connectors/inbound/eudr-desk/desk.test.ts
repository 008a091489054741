// The reference desk on a real fastify server (inject), a real embedded bus, and the VMD and
// TRACES sandboxes over HTTP behind inbound.vmd and outbound.traces.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import { createTracesSandbox, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import type { Component } from '../../../topics/component.js';
import { H } from '../../../topics/headers.js';
import { vmdFetch, vmdFetchConfig } from '../vmd/index.js';
import { tracesStatement, tracesStatementConfig } from '../../outbound/traces/index.js';
import { eudrDesk, eudrDeskConfig } from './index.js';
import { referencesCsv } from './render.js';

const client = {
  id: 'LV40103000001',
  name: 'SIA "Priedes Mežs" <script>alert(1)</script>',
  country: 'LV',
  address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' },
  email: 'info@priedes.example.lv',
  phone: '+371 29000000',
  identifiers: [{ type: 'vat', value: 'LV40103000001' }],
};

describe('service.eudr-desk: statements asked for and read back over HTTP', () => {
  let bench: TestBench;
  let traces: Sandbox;
  let vmd: Sandbox;
  const components: Component[] = [];

  const post = (body: unknown, remoteAddress?: string) =>
    bench.http.inject({ method: 'POST', url: '/v1/eudr/statements', payload: body as object, ...(remoteAddress !== undefined ? { remoteAddress } : {}) });
  const get = (url: string) => bench.http.inject({ method: 'GET', url });

  async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await fn();
      if (v !== undefined) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const statusOf = (id: string, wanted: string) =>
    until(`statement ${id} ${wanted}`, async () => {
      const res = await get(`/v1/eudr/statements/${id}`);
      const body = res.json() as { status: string };
      return res.statusCode === 200 && body.status === wanted ? (body as Record<string, unknown>) : undefined;
    });

  beforeAll(async () => {
    bench = await createTestBench();
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 500 }), {});
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await traces.start();
    await vmd.start();
    const fast = { initialDelay: '50ms', maxDelay: '300ms', maxAttempts: 20 };
    components.push(
      await eudrDesk.create(eudrDeskConfig.parse({}), await bench.context('desk')),
      await vmdFetch.create(vmdFetchConfig.parse({ baseUrl: vmd.url, retry: fast }), await bench.context('vmd')),
      await tracesStatement.create(
        tracesStatementConfig.parse({ baseUrl: `${traces.url}/tracesnt/`, accounts: [{ username: 'edi-data-centre', authKey: 'sandbox-auth-key-data-centre-0001' }], poll: { initialDelay: '100ms', maxDelay: '300ms' }, retry: fast }),
        await bench.context('traces'),
      ),
    );
    await bench.http.ready();
    for (const c of components) await c.start();
  });

  afterAll(async () => {
    for (const c of components) await c.stop();
    await traces?.stop();
    await vmd?.stop();
    await bench?.close();
  });

  it('POST with two affirmations → 202 {id} once on the bus; GET shows it AVAILABLE with the numbers of the one statement in the ledger', async () => {
    const res = await post({ client, affirmations: ['4210000101', '4210000102'] });
    expect(res.statusCode).toBe(202);
    const { id } = res.json() as { id: string };
    expect(res.headers.location).toBe(`/v1/eudr/statements/${id}`);
    const onBus = (await bench.read('eudr.statements.requested')).find((r) => r.headers[H.id] === id);
    expect(onBus?.key).toBe(id);
    expect((await get(`/v1/eudr/statements/${id}`)).statusCode).toBe(200);
    const done = await statusOf(id, 'AVAILABLE');
    expect(done.reference).toMatch(/^\d{2}LV[0-9A-Z]{10}$/);
    expect(done.verification).toMatch(/^[0-9A-Z]{8}$/);
    const ledger = (await (await fetch(`${traces.url}/_sandbox/ledger?internalReference=EDI-${id}`)).json()) as { statements: Array<{ referenceNumber: string }> };
    expect(ledger.statements).toHaveLength(1);
    expect(ledger.statements[0]!.referenceNumber).toBe(done.reference);

    const csv = await get(`/v1/eudr/references.csv?client=LV40103000001&from=2000-01-01&to=2999-12-31`);
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('affirmation,referenceNumber,verificationNumber,date,status,clientId,clientName,statementId');
    const mine = lines.filter((l) => l.endsWith(`,${id}`));
    expect(mine.map((l) => l.split(',')[0])).toEqual(['4210000101', '4210000102']);
    expect(mine[0]).toContain(`${done.reference as string},${done.verification as string}`);
    expect((await get(`/v1/eudr/references.csv?client=LV00000000000`)).body.trim().split('\r\n')).toHaveLength(1);
    expect((await get(`/v1/eudr/references.csv?from=2999-01-01`)).body.trim().split('\r\n')).toHaveLength(1);

    const page = await get(`/v1/eudr/statements/${id}/print`);
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain(done.reference as string);
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  }, 60_000);

  it('a POST retried with the same Idempotency-Key gets the same id and puts one request on the bus', async () => {
    const body = { client, affirmations: ['4210000103'] };
    const send = () => bench.http.inject({ method: 'POST', url: '/v1/eudr/statements', payload: body, headers: { 'idempotency-key': 'console-7f2c' } });
    const first = (await send()).json() as { id: string };
    const again = await send();
    expect(again.statusCode).toBe(202);
    expect((again.json() as { id: string }).id).toBe(first.id);
    const requests = (await bench.read('eudr.statements.requested')).filter((r) => r.value.toString().includes('"4210000103"'));
    expect(requests).toHaveLength(1);
  });

  it('an unknown affirmation: 202, then FAILED with VMD\'s 404 named', async () => {
    const res = await post({ client, affirmations: ['4299999999'] });
    const { id } = res.json() as { id: string };
    const failed = await statusOf(id, 'FAILED');
    expect(failed.error).toMatchObject({ code: 'EDI_ERR_VMD_AFFIRMATION_NOT_FOUND' });
    expect((failed.error as { message: string }).message).toContain('4299999999');
  }, 60_000);

  it('a statement TRACES rejects shows REJECTED with the reason', async () => {
    const { id } = (await post({ client, affirmations: ['4210000104'], comment: 'SANDBOX-REJECT' })).json() as { id: string };
    const rejected = await statusOf(id, 'REJECTED');
    expect((rejected.error as { message: string }).message).toContain('geolocation could not be confirmed');
  }, 60_000);

  it('refuses a body without affirmations (400 naming the field), an unknown id (404), a bad date (400) and a caller from another machine (403)', async () => {
    const bad = await post({ client, affirmations: [] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'EDI_ERR_EUDR_DESK_REQUEST_INVALID', message: expect.stringContaining('affirmations') });
    expect((await get('/v1/eudr/statements/NOPE')).statusCode).toBe(404);
    expect((await get('/v1/eudr/references.csv?from=May')).statusCode).toBe(400);
    expect((await post({ client, affirmations: ['4210000101'] }, '10.1.2.3')).statusCode).toBe(403);
  });
});

describe('references CSV', () => {
  it('quotes commas and quotes and neutralises cells a spreadsheet would run as formulas', () => {
    const csv = referencesCsv([{ id: 'S1', status: 'AVAILABLE', affirmations: ['4210000101'], client: { id: '=HYPERLINK("x")', name: 'A, "B"', country: 'LV' }, updatedAt: '2026-05-01T00:00:00Z' }]);
    expect(csv.split('\r\n')[1]).toBe(`4210000101,,,2026-05-01,AVAILABLE,"'=HYPERLINK(""x"")","A, ""B""",S1`);
  });
});
