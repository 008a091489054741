import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestBench, type TestBench } from './test-kit.js';
import { startDelivery } from './delivery.js';
import { intake } from './intake.js';
import { coreErrors, defineErrors } from '../../lib/errors.js';
import { H } from '../../topics/headers.js';
import { replayDlq } from '../../runtime/replay.js';

// A real HTTP peer that records what it was sent and answers as told.
function peer(answer: (n: number, body: string) => number): Promise<{ server: Server; url: string; received: string[] }> {
  const received: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(answer(received.length, body)).end();
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received })));
}

const testErrors = defineErrors({ EDI_ERR_TEST_REFUSED: { message: 'peer refused with {status}', retriable: false } });

async function post(url: string, body: Buffer): Promise<void> {
  const res = await fetch(url, { method: 'POST', body });
  if (res.status >= 500) throw coreErrors.create('EDI_ERR_UPSTREAM_5XX', { operation: 'post', system: 'peer', status: res.status });
  if (res.status >= 400) throw testErrors.create('EDI_ERR_TEST_REFUSED', { status: res.status });
}

describe('delivery loop (connectors/sdk/delivery.ts) on the embedded bus', () => {
  let bench: TestBench;
  beforeEach(async () => {
    bench = await createTestBench();
  });
  afterEach(async () => {
    await bench.close();
  });

  it('retries a 5xx with backoff, then delivers once and tracks it', async () => {
    const p = await peer((n) => (n <= 2 ? 503 : 201));
    const ctx = await bench.context('out');
    const { ids } = await intake(await bench.context('in'), [{ topic: 'eds.trips.inbound', key: 'c1', value: Buffer.from('trip-1'), source: 'in:t1', contentType: 'application/json' }]);
    const sub = await startDelivery(ctx, { topics: ['eds.trips.inbound'], step: 'deliver', retry: { initialDelayMs: 10, maxDelayMs: 20 }, deliver: async (r) => (await post(p.url, r.value), { refs: { to: 'peer' } }) });
    await waitUntil(async () => (await bench.tracking(ids[0]!)).some((e) => e.step === 'deliver' && e.status === 'ok'));
    await sub.close();
    p.server.close();
    expect(p.received).toEqual(['trip-1', 'trip-1', 'trip-1']);
    const steps = (await bench.tracking(ids[0]!)).map((e) => `${e.step}:${e.status}`);
    expect(steps).toEqual(['intake:ok', 'deliver:retry', 'deliver:retry', 'deliver:ok']);
  });

  it('sends a permanent failure to the DLQ at once with the reason, and replay delivers it', async () => {
    let refuse = true;
    const p = await peer(() => (refuse ? 422 : 201));
    const ctx = await bench.context('out');
    const { ids } = await intake(await bench.context('in'), [{ topic: 'eds.trips.inbound', key: 'c1', value: Buffer.from('bad'), source: 'in:t', contentType: 'application/json' }]);
    const sub = await startDelivery(ctx, { topics: ['eds.trips.inbound'], step: 'deliver', deliver: async (r) => (await post(p.url, r.value), {}) });
    const [dlq] = await bench.waitFor('eds.dlq', 1);
    expect(p.received).toHaveLength(1);
    expect(dlq!.headers).toMatchObject({ [H.id]: ids[0], [H.errorCode]: 'EDI_ERR_TEST_REFUSED', [H.errorStage]: 'deliver', [H.originTopic]: 'eds.trips.inbound', [H.attempts]: '1' });
    expect(dlq!.value.toString()).toBe('bad');

    refuse = false;
    const result = await replayDlq(bench.bus, 'eds.dlq', { ids: [ids[0]!] });
    expect(result.replayed).toEqual([{ id: ids[0], to: 'eds.trips.inbound' }]);
    await waitUntil(async () => (await bench.tracking(ids[0]!)).some((e) => e.step === 'deliver' && e.status === 'ok'));
    expect(p.received).toEqual(['bad', 'bad']);
    // A second replay of the same DLQ record is refused unless asked again.
    expect((await replayDlq(bench.bus, 'eds.dlq', { all: true })).skipped[0]!.reason).toMatch(/already replayed/);
    await sub.close();
    p.server.close();
  });

  it('never delivers a record twice when it is redelivered after the idempotency mark was committed', async () => {
    const p = await peer(() => 201);
    const { ids } = await intake(await bench.context('in'), [{ topic: 'eds.trips.inbound', key: 'c1', value: Buffer.from('once'), source: 'in:t', contentType: 'application/json' }]);
    const run = async (group: string) => {
      const sub = await startDelivery(await bench.context('out'), { topics: ['eds.trips.inbound'], group, step: 'deliver', deliver: async (r) => (await post(p.url, r.value), {}) });
      await waitUntil(async () => (await bench.bus.groupLag(group, ['eds.trips.inbound'])).every((l) => l.lag === 0));
      await sub.close();
    };
    await run('g1');
    // A new group reads the topic from the start: the same records arrive again, as after a lost commit.
    await run('g2');
    p.server.close();
    expect(p.received).toEqual(['once']);
    expect((await bench.tracking(ids[0]!)).filter((e) => e.step === 'deliver')).toHaveLength(1);
  });

  it('keeps per-key order while delivering different keys in parallel', async () => {
    const p = await peer(() => 201);
    const items = Array.from({ length: 60 }, (_, i) => ({ topic: 'eds.trips.inbound', key: `k${i % 3}`, value: Buffer.from(`k${i % 3}:${i}`), source: 'in:t', contentType: 'text/plain' }));
    await intake(await bench.context('in'), items);
    const sub = await startDelivery(await bench.context('out'), {
      topics: ['eds.trips.inbound'],
      step: 'deliver',
      concurrency: 3,
      deliver: async (r) => {
        await new Promise((res) => setTimeout(res, Math.random() * 5));
        await post(p.url, r.value);
        return {};
      },
    });
    await waitUntil(async () => p.received.length === 60);
    await sub.close();
    p.server.close();
    for (const k of ['k0', 'k1', 'k2']) {
      const seq = p.received.filter((b) => b.startsWith(`${k}:`)).map((b) => Number(b.split(':')[1]));
      expect(seq).toEqual([...seq].sort((a, b) => a - b));
      expect(seq).toHaveLength(20);
    }
  });
});

async function waitUntil(cond: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 30));
  }
}
