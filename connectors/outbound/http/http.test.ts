import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import type { Component } from '../../../topics/component.js';
import type { TrackingEvent } from '../../../topics/tracking.js';
import { H } from '../../../topics/headers.js';
import { httpOutbound, retryAfterMs } from './index.js';

const TOKEN = 'tok-3c1e88d0-buyer';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(25);
  }
}

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** A real HTTP receiver on 127.0.0.1 that answers as the test says. */
async function receiver(answer: (n: number, r: Received) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const r = { headers: req.headers, body, at: Date.now() };
      received.push(r);
      const a = answer(received.length, r);
      res.writeHead(a.status, a.headers).end(a.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/documents`, received };
}

describe('outbound.http against a real HTTP server on loopback', () => {
  let bench: TestBench;
  let running: Component | undefined;
  let server: Server | undefined;
  let logLines: string[];

  beforeEach(async () => {
    logLines = [];
    bench = await createTestBench({ log: pino({ level: 'debug' }, new Writable({ write: (c: Buffer, _e, done) => (logLines.push(c.toString()), done()) })) });
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    server?.close();
    await bench.close();
  });

  async function start(url: string, extra: Record<string, unknown> = {}): Promise<Component> {
    const config = httpOutbound.spec.config.parse({
      url,
      bearerToken: TOKEN,
      routes: [{ topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'SE1' }],
      retry: { maxAttempts: 5, initialDelay: '50ms', maxDelay: '200ms' },
      ...extra,
    });
    const c = await httpOutbound.create(config, await bench.context('buyer-api'));
    await c.start();
    running = c;
    return c;
  }
  async function send(name: string, body: string): Promise<string> {
    const { ids } = await intake(await bench.context('papinet-out'), [
      { topic: 'papinet.outbound', key: name, value: Buffer.from(body), source: `inbox:${name}`, contentType: 'application/xml', extraHeaders: { 'edi-receiver-id': 'SE1' } },
    ]);
    return ids[0]!;
  }
  const events = async (id: string): Promise<TrackingEvent[]> => (await bench.tracking(id)).filter((e) => e.component === 'buyer-api');

  it('POSTs the document with an Idempotency-Key from edi-id, the same on every retry; 503 twice, then delivered once', async () => {
    const peer = await receiver((n) => ({ status: n <= 2 ? 503 : 201 }));
    server = peer.server;
    await start(peer.url);
    const id = await send('DM-1.xml', '<DM n="1"/>');
    await until(async () => (await events(id)).some((e) => e.status === 'ok'));
    expect(peer.received).toHaveLength(3);
    for (const r of peer.received) {
      expect(r.body).toBe('<DM n="1"/>');
      expect(r.headers).toMatchObject({ 'idempotency-key': id, 'x-edi-id': id, 'content-type': 'application/xml', authorization: `Bearer ${TOKEN}`, 'x-edi-filename': 'DM-1.xml' });
    }
    expect((await events(id)).map((e) => e.status)).toEqual(['retry', 'retry', 'ok']);
    expect((await events(id))[0]!.errorCode).toBe('EDI_ERR_UPSTREAM_5XX');
  });

  it('sends a 4xx refusal to the DLQ at once with status and answer; a 409 is a duplicate, not a failure', async () => {
    const peer = await receiver((_n, r) => (r.body.includes('bad') ? { status: 422, body: '{"error":"DeliveryMessageNumber missing"}' } : { status: 409 }));
    server = peer.server;
    await start(peer.url);
    const bad = await send('DM-2.xml', '<DM bad="yes"/>');
    const dup = await send('DM-3.xml', '<DM n="3"/>');
    const [dlq] = await bench.waitFor('papinet.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: bad, [H.errorCode]: 'EDI_ERR_DELIVERY_HTTP_REJECTED', [H.attempts]: '1' });
    expect(dlq!.headers[H.errorMessage]).toContain('HTTP 422: {"error":"DeliveryMessageNumber missing"}');
    await until(async () => (await events(dup)).length > 0);
    expect((await events(dup))[0]!.status).toBe('duplicate');
    expect(peer.received.filter((r) => r.body.includes('bad'))).toHaveLength(1);
  });

  it('past the retry limit the record goes to the DLQ with the last reason; the token appears in no log, DLQ record or tracking event', async () => {
    const peer = await receiver(() => ({ status: 502 }));
    server = peer.server;
    await start(peer.url, { retry: { maxAttempts: 3, initialDelay: '20ms', maxDelay: '50ms' } });
    const id = await send('DM-4.xml', '<DM n="4"/>');
    const [dlq] = await bench.waitFor('papinet.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: id, [H.errorCode]: 'EDI_ERR_RETRIES_EXHAUSTED', [H.attempts]: '3' });
    expect(dlq!.headers[H.errorMessage]).toContain('HTTP 502');
    expect(peer.received).toHaveLength(3);
    const everything = [logLines.join(''), JSON.stringify(dlq!.headers), JSON.stringify(await bench.read('edi.tracking').then((rs) => rs.map((r) => r.value.toString())))].join('\n');
    expect(everything).not.toContain(TOKEN);
  });

  it('honours Retry-After on 429 and delivers afterwards', async () => {
    const peer = await receiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '1' } } : { status: 200 }));
    server = peer.server;
    await start(peer.url);
    const id = await send('DM-5.xml', '<DM n="5"/>');
    await until(async () => (await events(id)).some((e) => e.status === 'ok'));
    expect(peer.received[1]!.at - peer.received[0]!.at).toBeGreaterThanOrEqual(950);
    expect(retryAfterMs('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:27:58 GMT'))).toBe(2000);
  });

  it('refuses a URL with credentials in it at config time', () => {
    const bad = httpOutbound.spec.config.safeParse({ url: 'https://user:secret@example.com/x', routes: [{ topic: 'papinet.outbound' }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]!.path).toEqual(['url']);
  });
});
