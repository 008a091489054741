import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { H } from '../../../topics/headers.js';
import type { Component } from '../../../topics/component.js';
import { newId } from '../../../lib/ids.js';
import { formatEventTime } from '../../../schemas/tobacco/index.js';
import { recallCodeFor } from '../../../transformers/tobacco/recall-code.js';
import { validMessage, type FixtureIds } from '../../../test/fixtures/tobacco/messages.js';
import { ledger, md5Hex, startRouter } from '../../../sandbox/tobacco/test-client.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import { tobaccoRouter, tobaccoRouterConfig } from './index.js';
import type { TobaccoReceipt } from './receipt.js';

const SECRET = 'edi-sandbox-secret';
const SEED = { EO_ID: 'SBXEO0000001', F_ID: 'SBXF00000001', EO_ID2: 'SBXEO0000002', F_ID2: 'SBXF00000003', M_ID: 'SBXM00000001' };
let unit = 0;
let aggregated = 0;
const ids = (): FixtureIds => ({
  ...SEED,
  upUIs: Array.from({ length: 4 }, () => `SBXU${String(++unit).padStart(9, '0')}`),
  aUIs: Array.from({ length: 2 }, () => `SBXA${String(++aggregated).padStart(7, '0')}`),
});

/** A message on tobacco.messages as the transformer leaves it: Code from edi-id, serialised once. */
async function putMessage(bench: TestBench, message: Record<string, unknown>): Promise<{ id: string; code: string; bytes: Buffer }> {
  const id = newId();
  const code = recallCodeFor(id);
  const { Message_Type, ...rest } = message;
  const bytes = Buffer.from(JSON.stringify({ Message_Type, Code: code, ...rest }));
  await intake(await bench.context('tobacco-transform'), [{ id, topic: 'tobacco.messages', key: String(message.EO_ID), value: bytes, source: 'test', contentType: 'application/json; charset=utf-8' }]);
  return { id, code, bytes };
}

describe('outbound.tobacco-router against the router sandbox', () => {
  let bench: TestBench;
  let router: Sandbox;
  let dir: string;
  let logs: string[];
  const running: Component[] = [];

  const start = async (overrides: Record<string, unknown> = {}, id = 'tobacco-router'): Promise<Component> => {
    const config = tobaccoRouterConfig.parse({
      tokenUrl: `${router.url}/token`,
      messageUrl: `${router.url}/v1`,
      clientId: 'edi-sandbox-client',
      clientSecret: SECRET,
      retry: { initialDelay: '20ms', maxDelay: '100ms' },
      ...overrides,
    });
    const component = await tobaccoRouter.create(config, await bench.context(id));
    await component.start();
    running.push(component);
    return component;
  };
  const receipts = async (n: number): Promise<TobaccoReceipt[]> => (await bench.waitFor('tobacco.receipts', n)).map((r) => JSON.parse(r.value.toString()) as TobaccoReceipt);
  const faults = (f: Record<string, unknown>) => fetch(`${router.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) });

  beforeEach(async () => {
    logs = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, cb) => (logs.push(chunk.toString()), cb()) });
    bench = await createTestBench({ log: pino({ level: 'trace' }, sink) });
    dir = mkdtempSync(join(tmpdir(), 'tobacco-router-'));
    router = await startRouter({}, dir);
  });
  afterEach(async () => {
    for (const c of running.splice(0)) await c.stop();
    await bench.close();
    await router.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('202: POSTs the exact bytes with their lower-case MD5, archives them, and puts a receipt with the Code on tobacco.receipts', async () => {
    const component = await start();
    const { id, code, bytes } = await putMessage(bench, validMessage('EDP', ids()));
    const [receipt] = await receipts(1);
    expect(receipt).toMatchObject({ Code: code, Message_Type: 'EDP', EO_ID: SEED.EO_ID, status: 202, warnings: [], duplicate: false, environment: 'sandbox', ediId: id, checksum: md5Hex(bytes) });
    expect(receipt!.response).toMatchObject({ Code: code, Error: 0, Checksum: md5Hex(bytes) });
    const [entry] = await ledger(router.url, `?Code=${code}`);
    expect(JSON.stringify(entry!.message)).toBe(bytes.toString());
    const day = new Date().toISOString().slice(0, 10);
    expect(readFileSync(join(bench.dir, 'archive', 'tobacco', day, `${code}.json`)).equals(bytes)).toBe(true);
    const [record] = await bench.read('tobacco.receipts');
    expect(record!.key).toBe(code);
    expect(record!.headers[H.id]).toBe(id);
    expect((await bench.tracking(id)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'deliver:ok']);
    expect(component.describe?.()).toMatchObject({ tokensIssued: 1, delivered: 1 });
  });

  it('299: a late event is accepted and its warning kept in the receipt', async () => {
    await start();
    const late = formatEventTime(new Date(Date.now() - 30 * 3_600_000));
    const { code } = await putMessage(bench, { ...validMessage('EDP', ids()), Event_Time: late });
    const [receipt] = await receipts(1);
    expect(receipt).toMatchObject({ Code: code, status: 299 });
    expect(receipt!.warnings.map((w) => w.Error_Code)).toEqual(['SHIPMENT_WITHIN_24_HOURS']);
  });

  it('400: the router’s Errors[] go to tobacco.dlq with the record, nothing to the ledger', async () => {
    await start();
    const { id, code } = await putMessage(bench, { ...validMessage('EDP', ids()), upUIs: ['NOSUCHUI0001'] });
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: id, [H.errorCode]: 'EDI_ERR_TOBACCO_ROUTER_REJECTED', [H.errorStage]: 'deliver', [H.attempts]: '1', [H.originTopic]: 'tobacco.messages' });
    const detail = JSON.parse(dlq!.headers[H.errorDetail]!) as { status: number; Errors: Array<{ Error_Code: string; Error_Data: string }> };
    expect(detail).toMatchObject({ status: 400, Code: code, routerCodes: ['UI_NOT_EXIST'] });
    expect(detail.Errors[0]).toMatchObject({ Error_Code: 'UI_NOT_EXIST', Error_Data: 'NOSUCHUI0001' });
    expect(await ledger(router.url, `?Code=${code}`)).toEqual([]);
  });

  it('a refusal naming thousands of UIs still leaves a parseable edi-error-detail (bounded), with the codes', async () => {
    await start();
    const unknown = Array.from({ length: 3000 }, (_, i) => `NOSUCHUI${String(i).padStart(6, '0')}`);
    await putMessage(bench, { ...validMessage('EDP', ids()), upUIs: unknown });
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    expect(dlq!.headers[H.errorDetail]!.length).toBeLessThan(4000);
    const detail = JSON.parse(dlq!.headers[H.errorDetail]!) as { routerCodes: string[]; Errors: Array<{ Error_Data: string }> };
    expect(detail.routerCodes).toEqual(['UI_NOT_EXIST']);
    expect(detail.Errors[0]!.Error_Data).toMatch(/^NOSUCHUI000000#NOSUCHUI000001#.*…$/);
  });

  it('one token serves many messages; a token the router expired is renewed once on 401 and the message goes through', async () => {
    const component = await start();
    const i = ids();
    for (const type of ['EPO', 'EIV', 'EPR'] as const) await putMessage(bench, validMessage(type, i));
    await receipts(3);
    expect(component.describe?.()).toMatchObject({ tokensIssued: 1 });
    await faults({ expireTokensNow: true });
    const { code } = await putMessage(bench, validMessage('EPO', ids()));
    const all = await receipts(4);
    expect(all.find((r) => r.Code === code)).toMatchObject({ Code: code, status: 202 });
    expect(component.describe?.()).toMatchObject({ tokensIssued: 2 });
    expect(await bench.read('tobacco.dlq')).toEqual([]);
  });

  it('renews the token before expires_in runs out (tokenRefreshBefore), not only after a 401', async () => {
    await faults({ tokenTtlSeconds: 2 });
    const component = await start({ tokenRefreshBefore: '1500ms' });
    await putMessage(bench, validMessage('EPO', ids()));
    await receipts(1);
    // The first token is still valid at the router for another ~0.8 s: only renewal ahead of time fetches another.
    await new Promise((r) => setTimeout(r, 1200));
    await putMessage(bench, validMessage('EPO', ids()));
    await receipts(2);
    expect(component.describe?.()).toMatchObject({ tokensIssued: 2, delivered: 2 });
  });

  it('5xx and dropped connections are retried with backoff; the router records the message once', async () => {
    await start();
    await faults({ errorRate: 1, errorStatus: 503, count: 2, pathPrefix: '/v1' });
    const first = await putMessage(bench, validMessage('EPO', ids()));
    await receipts(1);
    await faults({ dropRate: 1, count: 1, pathPrefix: '/v1' });
    const second = await putMessage(bench, validMessage('EPO', ids()));
    await receipts(2);
    expect((await bench.tracking(first.id)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'deliver:retry', 'deliver:retry', 'deliver:ok']);
    expect((await bench.tracking(second.id)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'deliver:retry', 'deliver:ok']);
    expect(await ledger(router.url, `?Code=${first.code}`)).toHaveLength(1);
    expect(await ledger(router.url, `?Code=${second.code}`)).toHaveLength(1);
  });

  it('a redelivery (no idempotency mark, as after a crash right after the POST) carries the same Code and the router records it once', async () => {
    await start({}, 'router-a');
    const { code } = await putMessage(bench, validMessage('EDP', ids()));
    await receipts(1);
    // Another component id: its own state, no mark; reads tobacco.messages from the start.
    await start({}, 'router-b');
    const both = await receipts(2);
    expect(both.map((r) => [r.Code, r.status])).toEqual([
      [code, 202],
      [code, 202],
    ]);
    expect(await ledger(router.url, `?Code=${code}`)).toHaveLength(1);
    expect(await bench.read('tobacco.dlq')).toEqual([]);
  });

  it('a router that answers a known Code with "Code already exists" (CEH) is taken as already delivered, not as a refusal', async () => {
    await router.stop();
    router = await startRouter({ duplicateCode: 'reject' }, dir);
    await start({}, 'router-a');
    const { code } = await putMessage(bench, validMessage('EPO', ids()));
    await receipts(1);
    await start({}, 'router-b');
    const both = await receipts(2);
    expect(both.map((r) => [r.Code, r.duplicate, r.status])).toEqual([
      [code, false, 202],
      [code, true, 400],
    ]);
    expect(await bench.read('tobacco.dlq')).toEqual([]);
    expect(await ledger(router.url, `?Code=${code}`)).toHaveLength(1);
  });

  it('a wrong client secret raises an alert and the message waits (retriable) — the secret and the token never reach a log, an alert, tracking or the DLQ', async () => {
    await start({ clientSecret: 'not-the-secret-4711', retry: { maxAttempts: 3, initialDelay: '20ms', maxDelay: '50ms' } });
    const { id } = await putMessage(bench, validMessage('EPO', ids()));
    const [alert] = await bench.waitFor('edi.alerts', 1);
    expect(JSON.parse(alert!.value.toString())).toMatchObject({ code: 'EDI_ERR_TOBACCO_ROUTER_TOKEN_REFUSED' });
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    expect(dlq!.headers[H.errorCode]).toBe('EDI_ERR_RETRIES_EXHAUSTED');
    expect(dlq!.headers[H.errorMessage]).toMatch(/token endpoint .* refused client edi-sandbox-client: HTTP 401/);
    const everything = [logs.join(''), JSON.stringify(await bench.read('edi.alerts')), JSON.stringify(await bench.tracking(id)), JSON.stringify(dlq!.headers)].join('\n');
    expect(everything).not.toContain('not-the-secret-4711');
    expect(everything).not.toContain(Buffer.from('edi-sandbox-client:not-the-secret-4711').toString('base64'));
  });

  it('the token never reaches the logs at trace level', async () => {
    await start();
    await putMessage(bench, validMessage('EPO', ids()));
    await receipts(1);
    const token = (await (await fetch(`${router.url}/token?grant_type=client_credentials`, { method: 'POST', headers: { authorization: `Basic ${Buffer.from(`edi-sandbox-client:${SECRET}`).toString('base64')}` } })).json()) as { access_token: string };
    expect(token.access_token.length).toBeGreaterThan(10);
    expect(logs.join('')).not.toContain(SECRET);
    expect(logs.join('')).not.toMatch(/authorization/i);
  });
});
