import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync, openSync, writeSync, closeSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import type { Component } from '../../../topics/component.js';
import type { BusRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import { sha256Hex } from '../../../lib/ids.js';
import { folderInbound } from './index.js';
import { DUPLICATE_OF_HEADER } from './inbox.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

const doc = (n: number) => `<?xml version="1.0" encoding="UTF-8"?>\n<DeliveryMessageWood><DeliveryMessageNumber>DM-${n}</DeliveryMessageNumber></DeliveryMessageWood>\n`;
const today = () => new Date().toISOString().slice(0, 10);

describe('inbound.folder on a real directory and the embedded bus', () => {
  let bench: TestBench;
  let inbox: string;
  let running: Component | undefined;

  beforeEach(async () => {
    bench = await createTestBench();
    inbox = join(bench.dir, 'inbox');
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await bench.close();
  });

  async function start(options: Record<string, unknown> = {}): Promise<Component> {
    const config = folderInbound.spec.config.parse({ path: inbox, topic: 'papinet.inbound', stableWindow: '300ms', ...options });
    const c = await folderInbound.create(config, await bench.context('inbox-papinet'));
    await c.start();
    running = c;
    return c;
  }
  const records = (): Promise<BusRecord[]> => bench.read('papinet.inbound');
  const archived = (): string[] => (existsSync(join(inbox, 'archive', today())) ? readdirSync(join(inbox, 'archive', today())).sort() : []);
  const errors = (): string[] => (existsSync(join(inbox, 'error')) ? readdirSync(join(inbox, 'error')).sort() : []);

  it('takes a file written slowly in chunks over 3 s exactly once, whole, only after it stopped changing', async () => {
    mkdirSync(inbox, { recursive: true });
    // The default 2 s window: chunks come every 300 ms, so even a loaded machine that stalls the
    // writer for a second does not make the half-written file look complete.
    await start({ stableWindow: '2s' });
    const chunks = Array.from({ length: 10 }, (_, i) => `<Chunk n="${i}">${'x'.repeat(2000)}</Chunk>\n`);
    const fd = openSync(join(inbox, 'DM-slow.xml'), 'w');
    for (const chunk of chunks) {
      writeSync(fd, chunk);
      await sleep(300);
      expect(await records(), 'nothing may be taken while the file is still being written').toHaveLength(0);
    }
    closeSync(fd);
    const [r] = await bench.waitFor('papinet.inbound', 1, 30_000);
    await until(() => archived().includes('DM-slow.xml'), 15_000, 'archive');
    await sleep(2500);
    const all = await records();
    expect(all).toHaveLength(1);
    expect(r!.value.toString()).toBe(chunks.join(''));
    expect(r!.headers[H.sha256]).toBe(sha256Hex(chunks.join('')));
    expect(existsSync(join(inbox, 'DM-slow.xml'))).toBe(false);
  });

  it('rescans at start-up with the same check: a file still being written when the inbox starts is taken whole', async () => {
    mkdirSync(inbox, { recursive: true });
    const path = join(inbox, 'DM-startup.xml');
    writeFileSync(path, '<DeliveryMessageWood>\n');
    await start({ stableWindow: '1500ms' });
    for (let i = 0; i < 5; i++) {
      await sleep(250);
      writeFileSync(path, `<Line n="${i}"/>\n`, { flag: 'a' });
    }
    writeFileSync(path, '</DeliveryMessageWood>\n', { flag: 'a' });
    const [r] = await bench.waitFor('papinet.inbound', 1);
    expect(r!.value.toString()).toBe(readFileSync(join(inbox, 'archive', today(), 'DM-startup.xml'), 'utf8'));
    expect(r!.value.toString()).toMatch(/<\/DeliveryMessageWood>\n$/);
  });

  it('takes files already complete at start-up at once, with headers, key and tracking, and archives them by date', async () => {
    mkdirSync(inbox, { recursive: true });
    for (let i = 1; i <= 3; i++) {
      writeFileSync(join(inbox, `DM-${i}.xml`), doc(i));
      const old = new Date(Date.now() - 60_000);
      utimesSync(join(inbox, `DM-${i}.xml`), old, old);
    }
    await start({ stableWindow: '30s' });
    const all = await bench.waitFor('papinet.inbound', 3, 5000);
    expect(all.map((r) => r.key).sort()).toEqual(['DM-1.xml', 'DM-2.xml', 'DM-3.xml']);
    const r = all.find((x) => x.key === 'DM-2.xml')!;
    expect(r.headers).toMatchObject({ [H.source]: 'inbox-papinet:DM-2.xml', [H.contentType]: 'application/xml', [H.sha256]: sha256Hex(doc(2)) });
    await until(() => archived().length === 3, 5000, 'archive');
    expect(archived()).toEqual(['DM-1.xml', 'DM-2.xml', 'DM-3.xml']);
    const events = await bench.tracking(r.headers[H.id]!);
    expect(events.map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok']);
  });

  it('ignores uploads in progress (.part, .tmp, ~, dot-files) and takes the file once renamed to its final name', async () => {
    mkdirSync(inbox, { recursive: true });
    await start();
    for (const name of ['DM-9.xml.part', 'DM-9.xml.tmp', 'DM-9.xml~', '.DM-9.xml']) writeFileSync(join(inbox, name), doc(9));
    await sleep(1200);
    expect(await records()).toHaveLength(0);
    writeFileSync(join(inbox, 'DM-9.xml'), doc(9));
    const [r] = await bench.waitFor('papinet.inbound', 1);
    expect(r!.key).toBe('DM-9.xml');
    await sleep(600);
    expect(await records()).toHaveLength(1);
    expect(readdirSync(inbox).sort()).toEqual(['.DM-9.xml', 'DM-9.xml.part', 'DM-9.xml.tmp', 'DM-9.xml~', 'archive']);
  });

  it('with done-markers, takes a file only once NAME.done exists, and removes the marker with it', async () => {
    mkdirSync(inbox, { recursive: true });
    await start({ doneMarkers: ['.done', '.ok'] });
    writeFileSync(join(inbox, 'DM-5.xml'), doc(5));
    await sleep(1200);
    expect(await records()).toHaveLength(0);
    writeFileSync(join(inbox, 'DM-5.xml.ok'), '');
    await bench.waitFor('papinet.inbound', 1);
    await until(() => !existsSync(join(inbox, 'DM-5.xml.ok')), 5000, 'marker removal');
    expect(archived()).toEqual(['DM-5.xml']);
  });

  it('rejects the same content under another name as a duplicate, into error/ with the reason', async () => {
    mkdirSync(inbox, { recursive: true });
    await start();
    writeFileSync(join(inbox, 'DM-7.xml'), doc(7));
    const [first] = await bench.waitFor('papinet.inbound', 1);
    writeFileSync(join(inbox, 'DM-7-resent.xml'), doc(7));
    await until(() => errors().includes('DM-7-resent.xml.error.json'), 5000, 'error report');
    const report = JSON.parse(readFileSync(join(inbox, 'error', 'DM-7-resent.xml.error.json'), 'utf8'));
    expect(report).toMatchObject({ code: 'EDI_ERR_FOLDER_DUPLICATE_CONTENT', file: 'DM-7-resent.xml' });
    expect(report.message).toContain(first!.headers[H.id]);
    expect(typeof report.at).toBe('string');
    expect(await records()).toHaveLength(1);
    // The refusal is tracked under the file name.
    const tracking = (await bench.read('edi.tracking')).map((r) => JSON.parse(r.value.toString()));
    expect(tracking.find((e) => e.status === 'error')).toMatchObject({ step: 'intake', errorCode: 'EDI_ERR_FOLDER_DUPLICATE_CONTENT', source: 'inbox-papinet:DM-7-resent.xml' });
  });

  it('accepts a duplicate when configured, marking the record with the original id', async () => {
    mkdirSync(inbox, { recursive: true });
    await start({ duplicates: 'accept' });
    writeFileSync(join(inbox, 'a.xml'), doc(8));
    const [first] = await bench.waitFor('papinet.inbound', 1);
    writeFileSync(join(inbox, 'b.xml'), doc(8));
    const all = await bench.waitFor('papinet.inbound', 2);
    expect(all.find((r) => r.key === 'b.xml')!.headers[DUPLICATE_OF_HEADER]).toBe(first!.headers[H.id]);
  });

  it('takes a file dropped again under the same name with new content as a new record', async () => {
    mkdirSync(inbox, { recursive: true });
    await start();
    writeFileSync(join(inbox, 'DM-3.xml'), doc(3));
    await bench.waitFor('papinet.inbound', 1);
    await until(() => archived().includes('DM-3.xml'), 5000, 'archive');
    writeFileSync(join(inbox, 'DM-3.xml'), doc(33));
    const all = await bench.waitFor('papinet.inbound', 2);
    expect(all.map((r) => r.value.toString())).toEqual([doc(3), doc(33)]);
    await until(() => archived().length === 2, 5000, 'second archive');
    expect(archived()).toContain('DM-3.xml');
    expect(archived().find((n) => n !== 'DM-3.xml')).toMatch(/^DM-3\.[0-9A-Z]{26}\.xml$/);
  });

  it('deletes files after intake when after=delete', async () => {
    mkdirSync(inbox, { recursive: true });
    await start({ after: 'delete' });
    writeFileSync(join(inbox, 'DM-4.xml'), doc(4));
    await bench.waitFor('papinet.inbound', 1);
    await until(() => !existsSync(join(inbox, 'DM-4.xml')), 5000, 'delete');
    expect(existsSync(join(inbox, 'archive'))).toBe(false);
  });

  it('refuses hostile input into error/ with a clear error and keeps taking good files: bad names, empty, over-size, not UTF-8', async () => {
    mkdirSync(inbox, { recursive: true });
    await start({ maxFileSize: '1KB' });
    const latin1Name = Buffer.concat([Buffer.from(inbox + '/DM-'), Buffer.from([0xe9, 0xff]), Buffer.from('.xml')]);
    writeFileSync(latin1Name, doc(1));
    writeFileSync(join(inbox, 'DM-line\nbreak.xml'), doc(2));
    writeFileSync(join(inbox, 'empty.xml'), '');
    writeFileSync(join(inbox, 'big.xml'), 'x'.repeat(2048));
    writeFileSync(join(inbox, 'latin1.xml'), Buffer.concat([Buffer.from('<a>K'), Buffer.from([0xf6]), Buffer.from('ln</a>')]));
    writeFileSync(join(inbox, 'good.xml'), doc(42));
    const [good] = await bench.waitFor('papinet.inbound', 1);
    expect(good!.key).toBe('good.xml');
    await until(() => errors().filter((n) => n.endsWith('.error.json')).length === 5, 8000, 'five error reports');
    // The file whose name is not UTF-8 sits in error/ under its own bytes.
    expect(readdirSync(Buffer.from(join(inbox, 'error')), { encoding: 'buffer' }).some((n) => n.equals(Buffer.concat([Buffer.from('DM-'), Buffer.from([0xe9, 0xff]), Buffer.from('.xml')])))).toBe(true);
    // Names as bytes: one of them is not UTF-8 and a string path could not open it.
    const errorDir = Buffer.from(join(inbox, 'error') + '/');
    const reports = Object.fromEntries(
      readdirSync(errorDir, { encoding: 'buffer' })
        .filter((n) => n.toString('latin1').endsWith('.error.json'))
        .map((n) => {
          const r = JSON.parse(readFileSync(Buffer.concat([errorDir, n]), 'utf8'));
          return [r.file as string, r as { code: string; message: string }];
        }),
    );
    expect(reports['empty.xml']!.code).toBe('EDI_ERR_FOLDER_EMPTY');
    expect(reports['big.xml']!.code).toBe('EDI_ERR_FOLDER_TOO_LARGE');
    expect(reports['big.xml']!.message).toContain('2048 bytes');
    expect(reports['latin1.xml']!.code).toBe('EDI_ERR_FOLDER_NOT_UTF8');
    expect(reports['latin1.xml']!.message).toContain('offset 4');
    expect(reports['DM-\\xe9\\xff.xml']!.code).toBe('EDI_ERR_FOLDER_NAME_UNSAFE');
    expect(reports['DM-line\\x0abreak.xml']!.code).toBe('EDI_ERR_FOLDER_NAME_UNSAFE');
    // The bad files themselves sit in error/, the inbox holds nothing but our folders.
    expect(readdirSync(inbox).sort()).toEqual(['archive', 'error']);
    expect(await records()).toHaveLength(1);
    // Alive: a file dropped after all that is still taken.
    writeFileSync(join(inbox, 'after.xml'), doc(43));
    await bench.waitFor('papinet.inbound', 2);
  });

  it('takes 10,000 files dropped at once: 10,000 records, each file archived once, memory bounded', async () => {
    mkdirSync(inbox, { recursive: true });
    const n = 10_000;
    const body = (i: number) => `${doc(i)}<!-- ${'p'.repeat(2800)} -->\n`;
    const rssBefore = process.memoryUsage().rss;
    await start({ stableWindow: '500ms' });
    const t0 = Date.now();
    for (let i = 0; i < n; i++) writeFileSync(join(inbox, `DM-${String(i).padStart(5, '0')}.xml`), body(i));
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    await until(async () => (await bench.bus.describeTopics(['papinet.inbound']))[0]!.partitions.reduce((s, p) => s + Number(p.endOffset), 0) >= n, 180_000, `${n} records`);
    const seconds = (Date.now() - t0) / 1000;
    await until(() => archived().length === n, 60_000, 'all archived');
    clearInterval(sampler);
    const all = await records();
    expect(all).toHaveLength(n);
    expect(new Set(all.map((r) => r.key)).size).toBe(n);
    expect(readdirSync(inbox).sort()).toEqual(['archive']);
    console.log(`10,000 files -> ${all.length} records in ${seconds.toFixed(1)} s (incl. writing them); RSS before ${(rssBefore / 2 ** 20).toFixed(0)} MB, peak ${(peakRss / 2 ** 20).toFixed(0)} MB`);
    expect(peakRss - rssBefore).toBeLessThan(400 * 2 ** 20);
  }, 300_000);
});
