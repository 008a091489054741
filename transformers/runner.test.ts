import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../connectors/sdk/test-kit.js';
import { intake } from '../connectors/sdk/intake.js';
import { transformerComponent } from './runner.js';
import { derivedRecord } from '../topics/record.js';
import { coreErrors, defineErrors } from '../lib/errors.js';
import { H } from '../topics/headers.js';

const errs = defineErrors({ EDI_ERR_TEST_NOT_A_NUMBER: { message: '{value} is not a number', retriable: false } });

describe('transformer runner', () => {
  let bench: TestBench;
  beforeEach(async () => {
    bench = await createTestBench();
  });
  afterEach(async () => {
    await bench.close();
  });

  it('publishes outputs keeping edi-id, and sends a failing record to the DLQ with its reason', async () => {
    const ctx = await bench.context('doubler');
    const component = transformerComponent(ctx, {
      input: ['eds.trips.inbound'],
      step: 'map',
      transform: (r) => {
        const n = Number(r.value.toString());
        if (Number.isNaN(n)) return { ok: false, error: errs.create('EDI_ERR_TEST_NOT_A_NUMBER', { value: r.value.toString() }, { detail: { path: '$' } }) };
        return { ok: true, records: [derivedRecord(r, { topic: 'eds.trips.receipts', key: r.key, value: Buffer.from(String(n * 2)), contentType: 'text/plain' })] };
      },
    });
    await component.start();
    const { ids } = await intake(await bench.context('in'), ['1', 'x', '3'].map((v) => ({ topic: 'eds.trips.inbound', key: 'k', value: Buffer.from(v), source: 'in:f', contentType: 'text/plain' })));
    const out = await bench.waitFor('eds.trips.receipts', 2);
    const [dlq] = await bench.waitFor('eds.dlq', 1);
    await component.stop();
    expect(out.map((r) => r.value.toString())).toEqual(['2', '6']);
    expect(out.map((r) => r.headers[H.id])).toEqual([ids[0], ids[2]]);
    expect(out[0]!.headers[H.source]).toBe('in:f');
    expect(dlq!.headers).toMatchObject({ [H.id]: ids[1], [H.errorCode]: 'EDI_ERR_TEST_NOT_A_NUMBER', [H.errorStage]: 'map', [H.errorDetail]: '{"path":"$"}' });
    expect((await bench.tracking(ids[1]!)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'map:error']);
  });

  it('does not commit a batch whose transform hit a retriable error, and handles it again', async () => {
    let calls = 0;
    const ctx = await bench.context('flaky');
    const component = transformerComponent(ctx, {
      input: ['eds.trips.inbound'],
      step: 'map',
      transform: (r) => {
        calls++;
        if (calls === 1) return { ok: false, error: coreErrors.create('EDI_ERR_NETWORK', { operation: 'schema registry', reason: 'ECONNREFUSED' }) };
        return { ok: true, records: [derivedRecord(r, { topic: 'eds.trips.receipts', key: r.key, value: r.value, contentType: 'text/plain' })] };
      },
    });
    await component.start();
    await intake(await bench.context('in'), [{ topic: 'eds.trips.inbound', key: 'k', value: Buffer.from('v'), source: 'in:f', contentType: 'text/plain' }]);
    await bench.waitFor('eds.trips.receipts', 1);
    await component.stop();
    expect(calls).toBe(2);
    expect(await bench.read('eds.dlq')).toHaveLength(0);
  });
});
