import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import type { Component } from '../../../topics/component.js';
import type { TrackingEvent } from '../../../topics/tracking.js';
import { H } from '../../../topics/headers.js';
import { folderOutbound } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(25);
  }
}

describe('outbound.folder: routed delivery into real folders on the embedded bus', () => {
  let bench: TestBench;
  let dest: string;
  let running: Component | undefined;

  beforeEach(async () => {
    bench = await createTestBench();
    dest = join(bench.dir, 'buyers');
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await bench.close();
  });

  async function start(extra: Record<string, unknown> = {}): Promise<Component> {
    const config = folderOutbound.spec.config.parse({
      path: dest,
      routes: [
        { topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'LV40003000001', to: 'kurzeme', fileName: '{name}' },
        { topic: 'papinet.outbound', header: 'edi-receiver-id', equals: ['SE1', 'SE2'], to: 'nordic' },
      ],
      retry: { maxAttempts: 4, initialDelay: '50ms', maxDelay: '200ms' },
      ...extra,
    });
    const c = await folderOutbound.create(config, await bench.context('buyers-folder'));
    await c.start();
    running = c;
    return c;
  }
  async function send(name: string, receiver: string, body: string, extra: Record<string, string> = {}): Promise<string> {
    const { ids } = await intake(await bench.context('papinet-out'), [
      { topic: 'papinet.outbound', key: name, value: Buffer.from(body), source: `inbox:${name}`, contentType: 'application/xml', extraHeaders: { 'edi-receiver-id': receiver, ...extra } },
    ]);
    return ids[0]!;
  }
  const events = async (id: string, component = 'buyers-folder'): Promise<TrackingEvent[]> => (await bench.tracking(id)).filter((e) => e.component === component);

  it('delivers each record to the folder its receiver routes to, whole and under its template name, and leaves others alone', async () => {
    await start();
    const a = await send('DM-1.xml', 'LV40003000001', '<DM n="1"/>');
    const b = await send('DM-2.xml', 'SE2', '<DM n="2"/>');
    const c = await send('DM-3.xml', 'DE999', '<DM n="3"/>');
    await until(async () => (await events(b)).some((e) => e.status === 'ok'));
    await until(async () => (await events(a)).some((e) => e.status === 'ok'));
    expect(readFileSync(join(dest, 'kurzeme', 'DM-1.xml'), 'utf8')).toBe('<DM n="1"/>');
    expect(readFileSync(join(dest, 'nordic', `${b}.xml`), 'utf8')).toBe('<DM n="2"/>');
    expect((await events(a)).find((e) => e.step === 'deliver')).toMatchObject({ status: 'ok', refs: { path: join(dest, 'kurzeme', 'DM-1.xml') } });
    await sleep(300);
    // Not this destination's: no file, no tracking event from it.
    expect(await events(c)).toEqual([]);
    expect(readdirSync(dest).sort()).toEqual(['kurzeme', 'nordic']);
    // No temporary names left behind.
    expect([...readdirSync(join(dest, 'kurzeme')), ...readdirSync(join(dest, 'nordic'))].filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('never writes over another file: a different file of the same name sends the record to the DLQ, its own earlier copy counts as delivered', async () => {
    mkdirSync(join(dest, 'kurzeme'), { recursive: true });
    writeFileSync(join(dest, 'kurzeme', 'DM-7.xml'), '<DM n="7" other="yes"/>');
    writeFileSync(join(dest, 'kurzeme', 'DM-8.xml'), '<DM n="8"/>');
    await start();
    const other = await send('DM-7.xml', 'LV40003000001', '<DM n="7"/>');
    const same = await send('DM-8.xml', 'LV40003000001', '<DM n="8"/>');
    const [dlq] = await bench.waitFor('papinet.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: other, [H.errorCode]: 'EDI_ERR_DELIVERY_FOLDER_TARGET_EXISTS', [H.errorStage]: 'deliver' });
    expect(readFileSync(join(dest, 'kurzeme', 'DM-7.xml'), 'utf8')).toBe('<DM n="7" other="yes"/>');
    await until(async () => (await events(same)).some((e) => e.step === 'deliver'));
    expect((await events(same)).find((e) => e.step === 'deliver')!.status).toBe('duplicate');
  });

  it('sends a record whose name would leave its folder to the DLQ with the reason, writing nothing', async () => {
    await start({ routes: [{ topic: 'papinet.outbound', fileName: '{header:edi-receiver-file}' }] });
    const id = await send('DM-9.xml', 'X', '<DM n="9"/>', { 'edi-receiver-file': '../../escaped.xml' });
    const [dlq] = await bench.waitFor('papinet.dlq', 1);
    expect(dlq!.headers[H.id]).toBe(id);
    expect(dlq!.headers[H.errorCode]).toBe('EDI_ERR_DELIVERY_FOLDER_NAME_UNSAFE');
    expect(dlq!.headers[H.errorMessage]).toContain('path separator');
    expect(existsSync(join(bench.dir, 'escaped.xml'))).toBe(false);
    expect(existsSync(dest) ? readdirSync(dest) : []).toEqual([]);
  });

  it('retries a failing write with backoff and delivers once the folder is usable; past the limit the record goes to the DLQ with the reason', async () => {
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, 'kurzeme'), 'a file where the folder should be');
    await start({ retry: { maxAttempts: 30, initialDelay: '50ms', maxDelay: '100ms' } });
    const id = await send('DM-4.xml', 'LV40003000001', '<DM n="4"/>');
    await until(async () => (await events(id)).filter((e) => e.status === 'retry').length >= 2);
    rmSync(join(dest, 'kurzeme'));
    await until(async () => (await events(id)).some((e) => e.status === 'ok'));
    expect(readFileSync(join(dest, 'kurzeme', 'DM-4.xml'), 'utf8')).toBe('<DM n="4"/>');
    await running!.stop();

    writeFileSync(join(dest, 'nordic'), 'blocked again');
    await start({ retry: { maxAttempts: 3, initialDelay: '20ms', maxDelay: '50ms' } });
    const lost = await send('DM-5.xml', 'SE1', '<DM n="5"/>');
    const [dlq] = await bench.waitFor('papinet.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: lost, [H.errorCode]: 'EDI_ERR_RETRIES_EXHAUSTED', [H.attempts]: '3' });
    expect(dlq!.headers[H.errorMessage]).toContain('EDI_ERR_DELIVERY_FOLDER_WRITE');
    // Every attempt is tracked: the retries, then the DLQ outcome with the reason.
    await until(async () => (await events(lost)).some((e) => e.status === 'error'));
    const tracked = await events(lost);
    expect(tracked.filter((e) => e.status === 'retry').length).toBeGreaterThanOrEqual(1);
    expect(tracked.find((e) => e.status === 'error')).toMatchObject({ step: 'deliver', errorCode: 'EDI_ERR_RETRIES_EXHAUSTED' });
    expect(tracked.some((e) => e.status === 'ok')).toBe(false);
  });

  it('two destinations on one topic split it by their routing tables: each record delivered once, by its own destination, with one tracking event', async () => {
    await start();
    const other = await folderOutbound.create(
      folderOutbound.spec.config.parse({ path: join(bench.dir, 'german-buyers'), routes: [{ topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'DE999', fileName: '{name}' }] }),
      await bench.context('german-folder'),
    );
    await other.start();
    try {
      const ids = {
        kurzeme: await send('DM-11.xml', 'LV40003000001', '<DM n="11"/>'),
        german: await send('DM-12.xml', 'DE999', '<DM n="12"/>'),
        nobody: await send('DM-13.xml', 'US1', '<DM n="13"/>'),
      };
      await until(async () => (await events(ids.kurzeme)).some((e) => e.status === 'ok'));
      await until(async () => (await events(ids.german, 'german-folder')).some((e) => e.status === 'ok'));
      await sleep(300);
      expect((await bench.tracking(ids.kurzeme)).filter((e) => e.step === 'deliver').map((e) => `${e.component}:${e.status}`)).toEqual(['buyers-folder:ok']);
      expect((await bench.tracking(ids.german)).filter((e) => e.step === 'deliver').map((e) => `${e.component}:${e.status}`)).toEqual(['german-folder:ok']);
      // Routed nowhere: neither destination touches it (and it is not dropped into a DLQ either).
      expect((await bench.tracking(ids.nobody)).filter((e) => e.step === 'deliver')).toEqual([]);
      expect(await bench.read('papinet.dlq')).toHaveLength(0);
      expect(readdirSync(join(bench.dir, 'german-buyers'))).toEqual(['DM-12.xml']);
      expect(readdirSync(join(dest, 'kurzeme'))).toEqual(['DM-11.xml']);
    } finally {
      await other.stop();
    }
  });
});
