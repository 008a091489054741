// inbound.vmd against the real VMD sandbox over HTTP, on a real embedded bus.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import { H } from '../../../topics/headers.js';
import { readPreparedStatement, STATEMENT_REQUEST_SCHEMA, type StatementRequest } from '../../../transformers/eudr/statement-request.js';
import { vmdFetch } from './index.js';
import { vmdFetchConfig } from './spec.js';
import type { Component } from '../../../topics/component.js';

const client = { name: 'SIA Priedes Mežs', country: 'LV', address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' }, identifiers: [{ type: 'vat' as const, value: 'LV40103000001' }] };

describe('inbound.vmd: statement requests get their felling affirmations from the VMD sandbox', () => {
  let bench: TestBench;
  let sandbox: Sandbox;
  let component: Component;

  async function request(affirmations: string[]): Promise<string> {
    const ctx = await bench.context('desk');
    // The id is assigned at intake; the request carries it as its statement id.
    const id = `01TESTVMD${Math.random().toString(36).slice(2, 12).toUpperCase()}`;
    const body: StatementRequest = { id, client: { ...client, identifiers: client.identifiers }, affirmations, requestedAt: new Date().toISOString() };
    await intake(ctx, [{ topic: 'eudr.statements.requested', key: id, value: Buffer.from(JSON.stringify(body)), source: 'test', contentType: 'application/json', schema: STATEMENT_REQUEST_SCHEMA, id }]);
    return id;
  }

  beforeAll(async () => {
    bench = await createTestBench();
    sandbox = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await sandbox.start();
    const config = vmdFetchConfig.parse({ baseUrl: sandbox.url, retry: { initialDelay: '50ms', maxDelay: '200ms', maxAttempts: 20 } });
    component = await vmdFetch.create(config, await bench.context('vmd'));
    await component.start();
  });

  afterAll(async () => {
    await component?.stop();
    await sandbox?.stop();
    await bench?.close();
  });

  it('prepares a request naming two affirmations (one in LKS-92) with both documents as VMD served them, keeping the edi-id', async () => {
    const id = await request(['4210000101', '4210000102']);
    const records = await bench.waitFor('eudr.statements.prepared', 1, 30_000);
    const mine = records.find((r) => r.headers[H.id] === id)!;
    expect(mine.key).toBe(id);
    const read = readPreparedStatement(mine.value);
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.prepared.affirmationDocuments.map((d) => d.number)).toEqual(['4210000101', '4210000102']);
    const served = await (await fetch(`${sandbox.url}/api/public/affirmation-geojson/4210000102`)).text();
    expect(read.prepared.affirmationDocuments[1]!.geojson).toBe(served);
    expect(read.prepared.affirmationDocuments[1]!.geojson).toContain('EPSG::3059');
  });

  it('sends a request naming an unknown affirmation to eudr.dlq with the number in the reason, nothing prepared', async () => {
    const before = (await bench.read('eudr.statements.prepared')).length;
    const id = await request(['4210000101', '4299999999']);
    const dlq = await bench.waitFor('eudr.dlq', 1, 30_000);
    const mine = dlq.find((r) => r.headers[H.id] === id)!;
    expect(mine.headers[H.errorCode]).toBe('EDI_ERR_VMD_AFFIRMATION_NOT_FOUND');
    expect(mine.headers[H.errorMessage]).toContain('4299999999');
    expect(mine.headers[H.attempts]).toBe('1');
    expect((await bench.read('eudr.statements.prepared')).length).toBe(before);
  });

  it('retries while VMD answers 503 and prepares the request once VMD is back', async () => {
    await fetch(`${sandbox.url}/_sandbox/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outageMs: 1500 }) });
    const id = await request(['4210000104']);
    await new Promise((r) => setTimeout(r, 700));
    expect((await bench.read('eudr.statements.prepared')).some((r) => r.headers[H.id] === id)).toBe(false);
    const retries = (await bench.tracking(id)).filter((e) => e.status === 'retry');
    expect(retries.length).toBeGreaterThan(0);
    const deadline = Date.now() + 30_000;
    while (!(await bench.read('eudr.statements.prepared')).some((r) => r.headers[H.id] === id)) {
      if (Date.now() > deadline) throw new Error('not prepared after the outage');
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 45_000);
});
