// verify.traces at the mill against the TRACES sandbox over HTTP: a DeliveryMessage checked by
// the real papiNet transformer, carrying the numbers of statements the real statement flow got
// from the sandbox (usable), of a withdrawn one (non-usable) and made-up ones (non-existent).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import { createTracesSandbox, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import type { Component } from '../../../topics/component.js';
import type { BusRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import { Secret } from '../../../lib/secret.js';
import { papinetTransformer } from '../../../transformers/papinet/component.js';
import { papinetTransformerConfig } from '../../../transformers/papinet/spec.js';
import { readStatementReceipt, STATEMENT_REQUEST_SCHEMA, type StatementReceipt, type StatementRequest } from '../../../transformers/eudr/statement-request.js';
import { vmdFetch, vmdFetchConfig } from '../../inbound/vmd/index.js';
import { tracesStatement, tracesStatementConfig } from './index.js';
import { tracesVerify, tracesVerifyConfig, EUDR_VERIFIED_HEADER } from './verify.js';
import { CallThrottle } from './throttle.js';
import { callTraces } from './client.js';
import { parseDdsModificationResponse, withdrawDdsRequest } from './v3/index.js';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/papinet/DeliveryMessageWood-with-eudr.xml', import.meta.url), 'utf8');
const DATA_CENTRE = { username: 'edi-data-centre', authKey: 'sandbox-auth-key-data-centre-0001' };

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('verify.traces: EUDR numbers on documents arriving at the mill, checked with TRACES Verify', () => {
  let bench: TestBench;
  let traces: Sandbox;
  let vmd: Sandbox;
  const components: Component[] = [];
  const statements: StatementReceipt[] = [];

  async function statement(affirmations: string[]): Promise<StatementReceipt> {
    const ctx = await bench.context('desk');
    const id = `01TESTVFY${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
    const value: StatementRequest = { id, client: { name: 'SIA Priedes Mežs', country: 'LV', address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' }, identifiers: [{ type: 'vat', value: 'LV40103000001' }] }, affirmations, requestedAt: new Date().toISOString() };
    await intake(ctx, [{ topic: 'eudr.statements.requested', key: id, value: Buffer.from(JSON.stringify(value)), source: 'test', contentType: 'application/json', schema: STATEMENT_REQUEST_SCHEMA, id }]);
    const r = await until('receipt', async () => (await bench.read('eudr.statements.receipts')).find((x) => x.key === id));
    const read = readStatementReceipt(r.value);
    if (!read.ok) throw new Error(read.reason);
    return read.receipt;
  }

  /** The fixture with its two statements' numbers replaced, under a new document number. */
  async function deliveryMessage(number: string, first: [string, string], second: [string, string]): Promise<string> {
    const xml = FIXTURE.replaceAll('KVA-2026-000388', number).replaceAll('26LVQ7K2M9XT4A', first[0]).replaceAll('HX4T9QZB', first[1]).replaceAll('26LV8RW3C5NJ0E', second[0]).replaceAll('M2KD7PLA', second[1]);
    const ctx = await bench.context('inbox');
    const { ids } = await intake(ctx, [{ topic: 'papinet.inbound', key: `${number}.xml`, value: Buffer.from(xml), source: `inbox:${number}.xml`, contentType: 'application/xml' }]);
    return ids[0]!;
  }

  const outcome = (id: string) =>
    until<BusRecord>(`the verification of ${id}`, async () => (await bench.read('papinet.verified')).find((r) => r.headers[H.id] === id) ?? (await bench.read('papinet.dlq')).find((r) => r.headers[H.id] === id));

  beforeAll(async () => {
    bench = await createTestBench();
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 300 }), {});
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await traces.start();
    await vmd.start();
    const fast = { initialDelay: '50ms', maxDelay: '300ms', maxAttempts: 20 };
    components.push(
      await vmdFetch.create(vmdFetchConfig.parse({ baseUrl: vmd.url, retry: fast }), await bench.context('vmd')),
      await tracesStatement.create(tracesStatementConfig.parse({ baseUrl: `${traces.url}/tracesnt/`, accounts: [DATA_CENTRE], poll: { initialDelay: '100ms', maxDelay: '300ms' }, retry: fast }), await bench.context('traces')),
      await papinetTransformer.create(papinetTransformerConfig.parse({}), await bench.context('papinet')),
      await tracesVerify.create(
        tracesVerifyConfig.parse({ baseUrl: `${traces.url}/tracesnt/`, accounts: [{ username: 'edi-sawmill', authKey: 'sandbox-auth-key-sawmill-0003' }], retry: fast }),
        await bench.context('mill-verify'),
      ),
    );
    for (const c of components) await c.start();
    statements.push(await statement(['4210000101']), await statement(['4210000102']));
  }, 90_000);

  afterAll(async () => {
    for (const c of components) await c.stop();
    await traces?.stop();
    await vmd?.stop();
    await bench?.close();
  });

  it('a DeliveryMessage whose two statements are AVAILABLE passes to papinet.verified unchanged, with the answers', async () => {
    const [a, b] = statements as [StatementReceipt, StatementReceipt];
    const id = await deliveryMessage('KVA-2026-V0001', [a.referenceNumber, a.verificationNumber], [b.referenceNumber, b.verificationNumber]);
    const r = await outcome(id);
    expect(r.topic).toBe('papinet.verified');
    expect(r.key).toBe('KVA-2026-V0001');
    const valid = (await bench.read('papinet.valid')).find((x) => x.headers[H.id] === id)!;
    expect(r.value.equals(valid.value)).toBe(true);
    const answers = JSON.parse(r.headers[EUDR_VERIFIED_HEADER]!) as Array<{ referenceNumber: string; result: string }>;
    expect(answers.map((x) => [x.referenceNumber, x.result])).toEqual([
      [a.referenceNumber, 'EXISTING_USABLE'],
      [b.referenceNumber, 'EXISTING_USABLE'],
    ]);
  }, 60_000);

  it('a made-up reference number → papinet.dlq, NON_EXISTENT named with the number', async () => {
    const [a] = statements as [StatementReceipt];
    const id = await deliveryMessage('KVA-2026-V0002', [a.referenceNumber, a.verificationNumber], ['26LVZZZZZZZZZZ', 'ZZZZZZZZ']);
    const r = await outcome(id);
    expect(r.topic).toBe('papinet.dlq');
    expect(r.headers[H.errorCode]).toBe('EDI_ERR_TRACES_DECLARATION_NOT_USABLE');
    expect(r.headers[H.errorMessage]).toContain('NON_EXISTENT');
    expect(r.headers[H.errorMessage]).toContain('26LVZZZZZZZZZZ');
    expect(r.headers[H.attempts]).toBe('1');
  }, 60_000);

  it('a withdrawn statement → papinet.dlq, EXISTING_NON_USABLE with its status', async () => {
    const withdrawn = await statement(['4210000105']);
    await callTraces({ baseUrl: `${traces.url}/tracesnt/`, timeoutMs: 10_000 }, new CallThrottle(5), DATA_CENTRE.username, withdrawDdsRequest({ username: DATA_CENTRE.username, authKey: new Secret(DATA_CENTRE.authKey), webServiceClientId: 'eudr-test' }, withdrawn.uuid), (body, c) => parseDdsModificationResponse('withdrawDds', body, c));
    const [a] = statements as [StatementReceipt];
    const id = await deliveryMessage('KVA-2026-V0003', [withdrawn.referenceNumber, withdrawn.verificationNumber], [a.referenceNumber, a.verificationNumber]);
    const r = await outcome(id);
    expect(r.topic).toBe('papinet.dlq');
    expect(r.headers[H.errorMessage]).toContain('EXISTING_NON_USABLE');
    expect(r.headers[H.errorMessage]).toContain('WITHDRAWN');
  }, 60_000);

  it('passes over documents without EUDR references (no verification, no DLQ record)', async () => {
    const xml = readFileSync(new URL('../../../test/fixtures/papinet/DeliveryMessageWood-original.xml', import.meta.url));
    const ctx = await bench.context('inbox');
    const { ids } = await intake(ctx, [{ topic: 'papinet.inbound', key: 'plain.xml', value: xml, source: 'inbox:plain.xml', contentType: 'application/xml' }]);
    await until('the plain document on papinet.valid', async () => (await bench.read('papinet.valid')).find((r) => r.headers[H.id] === ids[0]));
    await new Promise((r) => setTimeout(r, 1000));
    expect((await bench.tracking(ids[0]!)).some((e) => e.component === 'mill-verify')).toBe(false);
    expect((await bench.read('papinet.verified')).some((r) => r.headers[H.id] === ids[0])).toBe(false);
  }, 60_000);
});
