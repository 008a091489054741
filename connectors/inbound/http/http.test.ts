import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import type { Component } from '../../../topics/component.js';
import { H } from '../../../topics/headers.js';
import { httpInbound } from './index.js';
import { sha256Hex } from './options.js';
import { isLoopback } from './request-checks.js';

const SAWMILL_KEY = 'k-sawmill-8f3a1c9e2b7d';
const ERP_KEY = 'k-erp-77aa01';
const LOCAL_KEY = 'dev-local-key';
const xml = '<?xml version="1.0" encoding="UTF-8"?><DeliveryMessageWood><DeliveryMessageNumber>DM-1</DeliveryMessageNumber></DeliveryMessageWood>';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { id?: string; code?: string; message?: string };
}

describe('inbound.http: POST /v1/inbound/{flow} on a real fastify server and the embedded bus', () => {
  let bench: TestBench;
  let url: string;
  let component: Component;
  let logLines: string[];

  beforeEach(async () => {
    logLines = [];
    const sink = new Writable({ write: (c: Buffer, _e, done) => (logLines.push(c.toString()), done()) });
    bench = await createTestBench({ log: pino({ level: 'debug' }, sink) });
    const config = httpInbound.spec.config.parse({
      flows: {
        papinet: { topic: 'papinet.inbound', contentTypes: ['application/xml', 'text/xml'], maxBodySize: '64KB' },
        tobacco: { topic: 'tobacco.events.inbound', contentTypes: ['application/json', 'avro/binary'] },
      },
      senders: [
        { id: 'sawmill-kurzeme', keySha256: sha256Hex(SAWMILL_KEY), flows: ['papinet'] },
        { id: 'erp', keySha256: sha256Hex(ERP_KEY), flows: ['tobacco'] },
        { id: 'local', key: LOCAL_KEY, flows: ['*'], loopbackOnly: true },
      ],
    });
    component = await httpInbound.create(config, await bench.context('http-intake'));
    await component.start();
    url = await bench.http.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => {
    await component.stop();
    await bench.close();
  });

  async function post(path: string, body: string | Buffer | undefined, headers: Record<string, string> = {}): Promise<Answer> {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    return { status: res.status, headers: Object.fromEntries(res.headers), body: text ? JSON.parse(text) : {} };
  }
  const asSawmill = (extra: Record<string, string> = {}) => ({ authorization: `Bearer ${SAWMILL_KEY}`, 'content-type': 'application/xml', ...extra });
  const records = (topic = 'papinet.inbound') => bench.read(topic);

  it('produces no record without a valid key: 401 without or with an unknown key, 403 for a flow the sender may not use', async () => {
    expect(await post('/v1/inbound/papinet', xml, { 'content-type': 'application/xml' })).toMatchObject({ status: 401, body: { code: 'EDI_ERR_HTTP_INTAKE_UNAUTHORIZED' } });
    expect(await post('/v1/inbound/papinet', xml, { authorization: 'Bearer not-a-key', 'content-type': 'application/xml' })).toMatchObject({ status: 401 });
    expect(await post('/v1/inbound/papinet', xml, { 'x-api-key': `${SAWMILL_KEY}x`, 'content-type': 'application/xml' })).toMatchObject({ status: 401 });
    const forbidden = await post('/v1/inbound/papinet', xml, { authorization: `Bearer ${ERP_KEY}`, 'content-type': 'application/xml' });
    expect(forbidden).toMatchObject({ status: 403, body: { code: 'EDI_ERR_HTTP_INTAKE_FORBIDDEN_FLOW' } });
    expect(forbidden.body.message).toBe('sender erp may not post to flow papinet');
    expect(await records()).toHaveLength(0);
    expect((await bench.read('edi.tracking')).length).toBe(0);
  });

  it('answers 202 {id} only once the record is durable, with Location, edi-sender and an intake tracking event', async () => {
    const answer = await post('/v1/inbound/papinet', xml, asSawmill({ 'x-edi-filename': 'DM-1.xml' }));
    expect(answer.status).toBe(202);
    expect(answer.body).toEqual({ id: expect.stringMatching(/^[0-9A-Z]{26}$/) });
    expect(answer.headers.location).toBe(`/v1/messages/${answer.body.id}`);
    // Read at once after the answer: it is already on the bus.
    const [r] = await records();
    expect(r!.value.toString()).toBe(xml);
    expect(r!.key).toBe('DM-1.xml');
    expect(r!.headers).toMatchObject({ [H.id]: answer.body.id, [H.contentType]: 'application/xml', [H.source]: 'http-intake:sawmill-kurzeme/DM-1.xml', 'edi-sender': 'sawmill-kurzeme' });
    expect((await bench.tracking(answer.body.id!)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok']);
  });

  it('same Idempotency-Key twice from one sender: the same id and one record; concurrent retries too; another body under the key gets 422', async () => {
    const first = await post('/v1/inbound/papinet', xml, asSawmill({ 'idempotency-key': 'dm-1-attempt' }));
    const second = await post('/v1/inbound/papinet', xml, asSawmill({ 'idempotency-key': 'dm-1-attempt' }));
    expect(first.status).toBe(202);
    expect(second).toMatchObject({ status: 202, body: { id: first.body.id } });
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(await records()).toHaveLength(1);

    // Injected in one tick, so all eight are in flight before the first commit resolves.
    const burst = await Promise.all(
      Array.from({ length: 8 }, () => bench.http.inject({ method: 'POST', url: '/v1/inbound/papinet', payload: `${xml}<!--b-->`, headers: asSawmill({ 'idempotency-key': '"burst-1"' }), remoteAddress: '127.0.0.1' })),
    );
    expect(new Set(burst.map((b) => b.json().id)).size).toBe(1);
    expect(burst.every((b) => b.statusCode === 202)).toBe(true);
    expect(await records()).toHaveLength(2);

    const other = await post('/v1/inbound/papinet', `${xml}<!--changed-->`, asSawmill({ 'idempotency-key': 'dm-1-attempt' }));
    expect(other).toMatchObject({ status: 422, body: { code: 'EDI_ERR_HTTP_INTAKE_IDEMPOTENCY_MISMATCH' } });
    // The key is the sender's own: another sender using the same key string makes its own record.
    const local = await post('/v1/inbound/papinet', xml, { authorization: `Bearer ${LOCAL_KEY}`, 'content-type': 'application/xml', 'idempotency-key': 'dm-1-attempt' });
    expect(local.status).toBe(202);
    expect(local.body.id).not.toBe(first.body.id);
    expect(await records()).toHaveLength(3);
  });

  it('refuses bodies over the flow limit with 413, by Content-Length before reading and while reading a chunked upload', async () => {
    const big = `<a>${'x'.repeat(70 * 1024)}</a>`;
    expect(await post('/v1/inbound/papinet', big, asSawmill())).toMatchObject({ status: 413, body: { code: 'EDI_ERR_HTTP_INTAKE_TOO_LARGE' } });
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(`${url}/v1/inbound/papinet`, { method: 'POST', headers: { ...asSawmill(), 'transfer-encoding': 'chunked' } }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      for (let i = 0; i < 70; i++) req.write('x'.repeat(1024));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).code).toBe('EDI_ERR_HTTP_INTAKE_TOO_LARGE');
    expect(await records()).toHaveLength(0);
  });

  it('refuses content types the flow does not take with 415: other types, none, and text in a charset other than UTF-8', async () => {
    for (const contentType of ['application/json', 'text/plain', 'text/xml; charset=iso-8859-1']) {
      expect(await post('/v1/inbound/papinet', xml, asSawmill({ 'content-type': contentType })), contentType).toMatchObject({ status: 415, body: { code: 'EDI_ERR_HTTP_INTAKE_MEDIA_TYPE' } });
    }
    const noType = await post('/v1/inbound/papinet', Buffer.from(xml), { authorization: `Bearer ${SAWMILL_KEY}` });
    expect(noType).toMatchObject({ status: 415 });
    expect((await post('/v1/inbound/papinet', xml, asSawmill({ 'content-type': 'text/xml; charset=UTF-8' }))).status).toBe(202);
  });

  it('refuses bad input with 400 and a clear error: empty, not UTF-8, broken JSON, bad Idempotency-Key, hostile file names; unknown flows 404', async () => {
    expect(await post('/v1/inbound/papinet', '', asSawmill())).toMatchObject({ status: 400, body: { code: 'EDI_ERR_HTTP_INTAKE_EMPTY' } });
    const latin1 = Buffer.concat([Buffer.from('<a>K'), Buffer.from([0xf6]), Buffer.from('ln</a>')]);
    expect(await post('/v1/inbound/papinet', latin1, asSawmill())).toMatchObject({ status: 400, body: { code: 'EDI_ERR_HTTP_INTAKE_NOT_UTF8', message: 'the body is not valid UTF-8 (first bad byte at offset 4)' } });
    const erp = { authorization: `Bearer ${ERP_KEY}`, 'content-type': 'application/json' };
    expect(await post('/v1/inbound/tobacco', '{"eventType": "IRU",', erp)).toMatchObject({ status: 400, body: { code: 'EDI_ERR_HTTP_INTAKE_BAD_JSON' } });
    expect((await post('/v1/inbound/tobacco', Buffer.from([0x00, 0x00, 0x00, 0x00, 0x01, 0x02]), { ...erp, 'content-type': 'avro/binary' })).status, 'binary Avro is not checked as text').toBe(202);
    expect(await post('/v1/inbound/papinet', xml, asSawmill({ 'idempotency-key': 'x'.repeat(300) }))).toMatchObject({ status: 400, body: { code: 'EDI_ERR_HTTP_INTAKE_BAD_IDEMPOTENCY_KEY' } });
    for (const name of ['../../etc/passwd', '/etc/passwd', '..', 'a\\b.xml', 'a\tb.xml']) {
      expect(await post('/v1/inbound/papinet', xml, asSawmill({ 'x-edi-filename': name })), name).toMatchObject({ status: 400, body: { code: 'EDI_ERR_HTTP_INTAKE_BAD_FILENAME' } });
    }
    for (const path of ['/v1/inbound/..%2F..%2Fetc%2Fpasswd', '/v1/inbound/papinet%00', '/v1/inbound/nope']) {
      expect(await post(path, xml, asSawmill()), path).toMatchObject({ status: 404, body: { code: 'EDI_ERR_HTTP_INTAKE_FLOW_UNKNOWN' } });
    }
    expect(await records()).toHaveLength(0);
    // Alive and well after all that.
    expect((await post('/v1/inbound/papinet', xml, asSawmill())).status).toBe(202);
  });

  it('takes the local key only from loopback, and never writes a key into the log', async () => {
    const fromLoopback = await bench.http.inject({ method: 'POST', url: '/v1/inbound/papinet', payload: xml, headers: { authorization: `Bearer ${LOCAL_KEY}`, 'content-type': 'application/xml' }, remoteAddress: '127.0.0.1' });
    expect(fromLoopback.statusCode).toBe(202);
    const fromLan = await bench.http.inject({ method: 'POST', url: '/v1/inbound/papinet', payload: xml, headers: { authorization: `Bearer ${LOCAL_KEY}`, 'content-type': 'application/xml', 'x-forwarded-for': '127.0.0.1' }, remoteAddress: '10.20.30.40' });
    expect(fromLan.statusCode).toBe(403);
    expect(fromLan.json()).toMatchObject({ code: 'EDI_ERR_HTTP_INTAKE_LOOPBACK_ONLY' });
    expect([isLoopback('::1'), isLoopback('::ffff:127.0.0.1'), isLoopback('127.8.9.10'), isLoopback('128.0.0.1'), isLoopback('::ffff:10.0.0.1')]).toEqual([true, true, true, false, false]);
    await post('/v1/inbound/papinet', xml, { authorization: `Bearer ${SAWMILL_KEY}wrong`, 'content-type': 'application/xml' });
    const log = logLines.join('');
    expect(log).toContain('EDI_ERR_HTTP_INTAKE_LOOPBACK_ONLY');
    for (const key of [SAWMILL_KEY, LOCAL_KEY, ERP_KEY]) expect(log).not.toContain(key);
  });

  it('answers 503 once stopped, and refuses a config whose sender names an unknown flow, by path', async () => {
    await component.stop();
    expect(await post('/v1/inbound/papinet', xml, asSawmill())).toMatchObject({ status: 503, body: { code: 'EDI_ERR_SHUTTING_DOWN' } });
    const bad = httpInbound.spec.config.safeParse({ flows: { papinet: { topic: 'papinet.inbound', contentTypes: ['application/xml'] } }, senders: [{ id: 'a', keySha256: 'ab', flows: ['trips'] }] });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['senders.0.flows.0', 'senders.0.keySha256']);
  });
});

describe('inbound.http in the default config: the local sender key', () => {
  it('takes EDI_API_KEY (default dev-local-key), only from loopback, and the README says so', async () => {
    const { parse } = await import('yaml');
    const repo = new URL('../../../', import.meta.url);
    const config = parse(readFileSync(new URL('edi.config.yaml', repo), 'utf8')) as { connectors: Record<string, { type: string; senders?: Array<Record<string, unknown>> }> };
    const intakes = Object.values(config.connectors).filter((c) => c.type === 'inbound.http');
    expect(intakes).toHaveLength(1);
    const local = intakes[0]!.senders!.filter((s) => typeof s.key === 'string');
    // One sender with a plain key, and it is the loopback-only local one; every other sender is by hash.
    expect(local).toEqual([expect.objectContaining({ key: '${env:EDI_API_KEY:-dev-local-key}', loopbackOnly: true })]);
    const readme = readFileSync(new URL('README.md', repo), 'utf8');
    const quickStart = readme.slice(readme.indexOf('## Quick start'), readme.indexOf('## Architecture'));
    for (const fact of ['EDI_API_KEY', 'dev-local-key', 'loopback', 'EDI_ERR_HTTP_INTAKE_LOOPBACK_ONLY', '/v1/inbound/']) expect(quickStart, fact).toContain(fact);
  });
});
