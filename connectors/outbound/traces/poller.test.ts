// outbound.traces with the background poller doing the waiting (one getDds while the record is
// held): receipts and rejections still arrive, from the pending statements in the state store.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import { createTracesSandbox, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import type { Component } from '../../../topics/component.js';
import type { BusRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import { readStatementReceipt, readStatementRequest, STATEMENT_REQUEST_SCHEMA, type StatementRequest } from '../../../transformers/eudr/statement-request.js';
import { vmdFetch, vmdFetchConfig } from '../../inbound/vmd/index.js';
import { tracesStatement, tracesStatementConfig } from './index.js';

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbound.traces: statements TRACES numbers late are finished by the background poller', () => {
  let bench: TestBench;
  let traces: Sandbox;
  let vmd: Sandbox;
  const components: Component[] = [];

  async function request(body: Partial<StatementRequest> & { affirmations: string[] }): Promise<string> {
    const ctx = await bench.context('desk');
    const id = `01TESTPOL${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
    const value: StatementRequest = { id, client: { name: 'SIA Priedes Mežs', country: 'LV', address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' }, identifiers: [{ type: 'vat', value: 'LV40103000001' }] }, requestedAt: new Date().toISOString(), ...body };
    await intake(ctx, [{ topic: 'eudr.statements.requested', key: id, value: Buffer.from(JSON.stringify(value)), source: 'test', contentType: 'application/json', schema: STATEMENT_REQUEST_SCHEMA, id }]);
    return id;
  }

  beforeAll(async () => {
    bench = await createTestBench();
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 2500 }), {});
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await traces.start();
    await vmd.start();
    const fast = { initialDelay: '50ms', maxDelay: '300ms', maxAttempts: 20 };
    components.push(
      await vmdFetch.create(vmdFetchConfig.parse({ baseUrl: vmd.url, retry: fast }), await bench.context('vmd')),
      await tracesStatement.create(
        tracesStatementConfig.parse({ baseUrl: `${traces.url}/tracesnt/`, accounts: [{ username: 'edi-data-centre', authKey: 'sandbox-auth-key-data-centre-0001' }], poll: { initialDelay: '200ms', maxDelay: '500ms', inlinePolls: 1 }, retry: fast }),
        await bench.context('traces'),
      ),
    );
    for (const c of components) await c.start();
  });

  afterAll(async () => {
    for (const c of components) await c.stop();
    await traces?.stop();
    await vmd?.stop();
    await bench?.close();
  });

  it('three statements submitted at once are all finished by the poller (the delivery already done), one receipt each', async () => {
    const ids = await Promise.all([request({ affirmations: ['4210000101'] }), request({ affirmations: ['4210000102'] }), request({ affirmations: ['4210000103', '4210000105'] })]);
    // The delivery step finishes while TRACES still says SUBMITTED.
    for (const id of ids) await until(`statement step of ${id}`, async () => (await bench.tracking(id)).find((e) => e.step === 'statement' && e.status === 'ok'));
    const receipts = await until('three receipts', async () => {
      const r = (await bench.read('eudr.statements.receipts')).filter((x) => ids.includes(x.key ?? ''));
      return r.length >= 3 ? r : undefined;
    });
    expect(receipts.map((r) => r.key).sort()).toEqual([...ids].sort());
    for (const r of receipts) {
      const read = readStatementReceipt(r.value);
      expect(read.ok && read.receipt.referenceNumber).toMatch(/^\d{2}LV[0-9A-Z]{10}$/);
      expect(r.headers[H.id]).toBe(r.key);
    }
    for (const id of ids) {
      const events = await bench.tracking(id);
      expect(events.find((e) => e.step === 'statement')?.refs?.status).toBe('SUBMITTED');
      expect(events.filter((e) => e.step === 'receipt').map((e) => e.status)).toEqual(['ok']);
    }
    expect(await bench.context('traces').then((c) => c.state.scan('pending:'))).toEqual([]);
  }, 60_000);

  it('a rejection found by the poller goes to eudr.dlq with the request as its value, replayable onto eudr.statements.requested', async () => {
    const id = await request({ affirmations: ['4210000104'], comment: 'SANDBOX-REJECT' });
    const dead = await until<BusRecord>('the DLQ record', async () => (await bench.read('eudr.dlq')).find((r) => r.headers[H.id] === id));
    expect(dead.headers[H.errorCode]).toBe('EDI_ERR_TRACES_STATEMENT_REJECTED');
    expect(dead.headers[H.originTopic]).toBe('eudr.statements.requested');
    const read = readStatementRequest(dead.value);
    expect(read.ok && read.request.id).toBe(id);
    expect((await bench.read('eudr.statements.receipts')).some((r) => r.key === id)).toBe(false);
  }, 60_000);
});
