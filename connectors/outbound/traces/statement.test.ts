// outbound.traces (with inbound.vmd in front) against the real TRACES and VMD sandboxes over
// HTTP, on a real embedded bus: statements submitted, numbers received, rejections, faults.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import { createTracesSandbox, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import type { Component } from '../../../topics/component.js';
import type { BusRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import { readStatementReceipt, STATEMENT_REQUEST_SCHEMA, type StatementRequest } from '../../../transformers/eudr/statement-request.js';
import { vmdFetch, vmdFetchConfig } from '../../inbound/vmd/index.js';
import { tracesStatement, tracesStatementConfig } from './index.js';
import { CallThrottle } from './throttle.js';

const DATA_CENTRE_KEY = 'sandbox-auth-key-data-centre-0001';
const WRONG_KEY = 'not-the-key-of-edi-data-centre-7f3a';
const client = {
  name: 'SIA Priedes Mežs',
  country: 'LV',
  address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' },
  email: 'info@priedes.example.lv',
  identifiers: [{ type: 'vat' as const, value: 'LV40103000001' }],
};

interface LedgerStatement {
  uuid: string;
  internalReferenceNumber: string;
  status: string;
  referenceNumber: string | null;
  verificationNumber: string | null;
  operator: { username: string; role: string; onBehalfOf: string | null };
  commodities: Array<{ hsHeading: string; producers: number; supplementaryUnitQualifier?: string }>;
}

async function ledger(traces: Sandbox, query = ''): Promise<LedgerStatement[]> {
  return ((await (await fetch(`${traces.url}/_sandbox/ledger?limit=10000${query}`)).json()) as { statements: LedgerStatement[] }).statements;
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbound.traces: felling affirmations → one due diligence statement at the TRACES sandbox → receipt', () => {
  let bench: TestBench;
  let traces: Sandbox;
  let vmd: Sandbox;
  const components: Component[] = [];

  async function request(body: Partial<StatementRequest> & { affirmations: string[] }): Promise<string> {
    const ctx = await bench.context('desk');
    const id = `01TESTTRC${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
    const value: StatementRequest = { id, client: { ...client }, requestedAt: new Date().toISOString(), ...body };
    await intake(ctx, [{ topic: 'eudr.statements.requested', key: id, value: Buffer.from(JSON.stringify(value)), source: 'test', contentType: 'application/json', schema: STATEMENT_REQUEST_SCHEMA, id }]);
    return id;
  }

  const receiptOf = (id: string) => until(`receipt of ${id}`, async () => (await bench.read('eudr.statements.receipts')).find((r) => r.key === id));
  const dlqOf = (id: string) => until<BusRecord>(`DLQ record of ${id}`, async () => (await bench.read('eudr.dlq')).find((r) => r.headers[H.id] === id));

  beforeAll(async () => {
    bench = await createTestBench({ extraTopics: [{ name: 'eudr.replayed', description: 'test', key: 'statement id', contentType: 'application/json', partitions: 1, cleanup: 'delete', retentionMs: -1, dlq: 'eudr.dlq' }] });
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 1500 }), {});
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await traces.start();
    await vmd.start();
    const fast = { initialDelay: '50ms', maxDelay: '300ms', maxAttempts: 30 };
    const v = await vmdFetch.create(vmdFetchConfig.parse({ baseUrl: vmd.url, retry: fast }), await bench.context('vmd'));
    const t = await tracesStatement.create(
      tracesStatementConfig.parse({
        baseUrl: `${traces.url}/tracesnt/`,
        accounts: [
          { name: 'default', username: 'edi-data-centre', authKey: DATA_CENTRE_KEY },
          { name: 'wrong-key', username: 'edi-data-centre', authKey: WRONG_KEY },
          { name: 'sawmill', username: 'edi-sawmill', authKey: 'sandbox-auth-key-sawmill-0003' },
        ],
        poll: { initialDelay: '200ms', maxDelay: '500ms' },
        retry: fast,
      }),
      await bench.context('traces'),
    );
    components.push(v, t);
    for (const c of components) await c.start();
  });

  afterAll(async () => {
    for (const c of components) await c.stop();
    await traces?.stop();
    await vmd?.stop();
    await bench?.close();
  });

  it('two affirmations → one statement in the ledger (authorised representative for the client) and one receipt with its numbers', async () => {
    const id = await request({ affirmations: ['4210000101', '4210000102'] });
    const receiptRecord = await receiptOf(id);
    const read = readStatementReceipt(receiptRecord.value);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    const receipt = read.receipt;
    expect(receiptRecord.headers[H.id]).toBe(id);
    expect(receipt.affirmations).toEqual(['4210000101', '4210000102']);
    expect(receipt.referenceNumber).toMatch(/^\d{2}LV[0-9A-Z]{10}$/);
    expect(receipt.verificationNumber).toMatch(/^[0-9A-Z]{8}$/);
    expect(receipt.client).toEqual({ id: 'LV40103000001', name: 'SIA Priedes Mežs', country: 'LV' });
    expect(receipt.fellingSites).toBeGreaterThanOrEqual(3);
    const statements = await ledger(traces, `&internalReference=EDI-${id}`);
    expect(statements).toHaveLength(1);
    const s = statements[0]!;
    expect(s.uuid).toBe(receipt.uuid);
    expect(s.status).toBe('AVAILABLE');
    expect(s.referenceNumber).toBe(receipt.referenceNumber);
    expect(s.verificationNumber).toBe(receipt.verificationNumber);
    expect(s.operator).toMatchObject({ username: 'edi-data-centre', role: 'REPRESENTATIVE_OPERATOR', onBehalfOf: 'SIA Priedes Mežs' });
    expect(s.commodities.map((c) => c.hsHeading)).toEqual(['4403', '4401']);
    expect(s.commodities[0]!.producers).toBe(2);
    const steps = (await bench.tracking(id)).map((e) => `${e.component}:${e.step}:${e.status}`);
    expect(steps).toEqual(expect.arrayContaining(['vmd:fetch-affirmations:ok', 'traces:submit:ok', 'traces:statement:ok']));
  }, 60_000);

  it('a statement TRACES rejects goes to eudr.dlq with the rejection reason, no receipt', async () => {
    const id = await request({ affirmations: ['4210000104'], comment: 'SANDBOX-REJECT please' });
    const dead = await dlqOf(id);
    expect(dead.headers[H.errorCode]).toBe('EDI_ERR_TRACES_STATEMENT_REJECTED');
    expect(dead.headers[H.errorMessage]).toContain('geolocation could not be confirmed');
    expect(JSON.parse(dead.headers[H.errorDetail]!)).toMatchObject({ status: 'REJECTED' });
    expect((await bench.read('eudr.statements.receipts')).some((r) => r.key === id)).toBe(false);
    expect(await ledger(traces, `&internalReference=EDI-${id}`)).toMatchObject([{ status: 'REJECTED' }]);
  }, 60_000);

  it('a wrong authentication key: eudr.dlq after one attempt, an alert, and the key in no record', async () => {
    const id = await request({ affirmations: ['4210000105'], account: 'wrong-key' });
    const dead = await dlqOf(id);
    expect(dead.headers[H.errorCode]).toBe('EDI_ERR_TRACES_UNAUTHENTICATED');
    expect(dead.headers[H.attempts]).toBe('1');
    const alerts = await until('an alert', async () => {
      const a = await bench.read('edi.alerts');
      return a.length > 0 ? a : undefined;
    });
    expect(alerts[0]!.value.toString()).toContain('EDI_ERR_TRACES_UNAUTHENTICATED');
    for (const topic of ['eudr.dlq', 'edi.alerts', 'edi.tracking', 'eudr.statements.receipts']) {
      for (const r of await bench.read(topic)) {
        const text = `${r.value.toString()} ${JSON.stringify(r.headers)}`;
        expect(text).not.toContain(WRONG_KEY);
        expect(text).not.toContain(DATA_CENTRE_KEY);
      }
    }
    expect(await ledger(traces, `&internalReference=EDI-${id}`)).toHaveLength(0);
  }, 60_000);

  it('a user without the role (the sawmill may only verify): PermissionDenied → DLQ at once with the official code, and an alert', async () => {
    const id = await request({ affirmations: ['4210000105'], account: 'sawmill' });
    const dead = await dlqOf(id);
    expect(dead.headers[H.errorCode]).toBe('EDI_ERR_TRACES_PERMISSION_DENIED');
    expect(dead.headers[H.errorMessage]).toMatch(/EUDR[-_]WEBSERVICE[-_]USER[-_]ACTIVITY[-_]NOT[-_]ALLOWED/);
    expect(dead.headers[H.attempts]).toBe('1');
  }, 60_000);

  it('a client that lost its state (crash before the uuid was kept) finds the statement by internal reference and does not submit again', async () => {
    const id = await request({ affirmations: ['4210000101'] });
    await receiptOf(id);
    // A second client with an empty state store takes the same prepared statement.
    const prepared = (await bench.read('eudr.statements.prepared')).find((r) => r.headers[H.id] === id)!;
    const amnesiac = await tracesStatement.create(
      tracesStatementConfig.parse({
        baseUrl: `${traces.url}/tracesnt/`,
        accounts: [{ username: 'edi-data-centre', authKey: DATA_CENTRE_KEY }],
        topics: ['eudr.replayed'],
        poll: { initialDelay: '100ms', maxDelay: '300ms' },
      }),
      await bench.context('traces-amnesiac'),
    );
    await amnesiac.start();
    try {
      await bench.bus.produce([{ topic: 'eudr.replayed', key: prepared.key, value: prepared.value, headers: prepared.headers }]);
      const receipts = await until('a second receipt', async () => {
        const r = (await bench.read('eudr.statements.receipts')).filter((x) => x.key === id);
        return r.length === 2 ? r : undefined;
      });
      const [a, b] = receipts.map((r) => readStatementReceipt(r.value)) as [ReturnType<typeof readStatementReceipt>, ReturnType<typeof readStatementReceipt>];
      expect(a.ok && b.ok && b.receipt.uuid === a.receipt.uuid && b.receipt.referenceNumber === a.receipt.referenceNumber).toBe(true);
      expect((await bench.tracking(id)).filter((e) => e.component === 'traces-amnesiac').map((e) => `${e.step}:${e.status}`).sort()).toEqual(['receipt:ok', 'statement:duplicate']);
    } finally {
      await amnesiac.stop();
    }
    expect(await ledger(traces, `&internalReference=EDI-${id}`)).toHaveLength(1);
  }, 60_000);

  it('HTTP 500 from TRACES is retried and the statement is submitted exactly once', async () => {
    await fetch(`${traces.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ errorRate: 1, errorStatus: 500, count: 3, pathPrefix: '/tracesnt/' }) });
    const id = await request({ affirmations: ['4210000103'] });
    await receiptOf(id);
    const retries = (await bench.tracking(id)).filter((e) => e.component === 'traces' && e.status === 'retry');
    expect(retries.length).toBeGreaterThan(0);
    expect(await ledger(traces, `&internalReference=EDI-${id}`)).toHaveLength(1);
  }, 60_000);
});

describe('TRACES call throttle', () => {
  it('lets 5 calls through at once and spaces the next ones to at most 5 in any second', async () => {
    const throttle = new CallThrottle(5);
    const started = Date.now();
    const times: number[] = [];
    await Promise.all(Array.from({ length: 11 }, async () => {
      await throttle.take();
      times.push(Date.now() - started);
    }));
    times.sort((a, b) => a - b);
    for (let i = 5; i < times.length; i++) expect(times[i]! - times[i - 5]!).toBeGreaterThanOrEqual(1000);
    expect(times[10]).toBeGreaterThanOrEqual(2000);
  });
});
