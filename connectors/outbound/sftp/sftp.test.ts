import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { intake } from '../../sdk/intake.js';
import type { Component } from '../../../topics/component.js';
import type { TrackingEvent } from '../../../topics/tracking.js';
import { H } from '../../../topics/headers.js';
import { describeSshd, startSshd, type Sshd } from '../../../test/support/sshd.js';
import { sftpOutbound } from './index.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => boolean | Promise<boolean>, ms = 30_000, every = 50): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(every);
  }
}

describeSshd()('outbound.sftp against a real OpenSSH sshd', () => {
  let sshd: Sshd;
  let bench: TestBench;
  let inbound: string;
  let running: Component | undefined;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.close();
  });
  beforeEach(async () => {
    if (!sshd.running()) await sshd.start();
    bench = await createTestBench();
    inbound = join(sshd.root, `in-${Date.now()}`);
    mkdirSync(inbound);
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await bench.close();
  });

  async function start(extra: Record<string, unknown> = {}): Promise<Component> {
    const config = sftpOutbound.spec.config.parse({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.userKey,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      remoteDir: inbound,
      routes: [{ topic: 'papinet.outbound', header: 'edi-receiver-id', equals: 'SE1' }],
      fileName: '{stem}.{id}{ext}',
      retry: { maxAttempts: 40, initialDelay: '250ms', maxDelay: '2s' },
      ...extra,
    });
    const c = await sftpOutbound.create(config, await bench.context('buyer-sftp'));
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
  const events = async (id: string): Promise<TrackingEvent[]> => (await bench.tracking(id)).filter((e) => e.component === 'buyer-sftp');

  it('uploads as NAME.part and renames it, leaving only the whole file, and tracks the delivery with its remote path', async () => {
    await start();
    // Big enough for the upload to take a while: the test watches the remote folder meanwhile.
    const body = `<DM n="1">${'<Item/>'.repeat(4_000_000)}</DM>`;
    const id = await send('DM-1.xml', body);
    const seen = new Set<string>();
    let partialFinalSeen = false;
    await until(async () => {
      for (const n of readdirSync(inbound)) {
        seen.add(n);
        // The final name never shows a partial file.
        if (n === `DM-1.${id}.xml` && readFileSync(join(inbound, n)).length !== body.length) partialFinalSeen = true;
      }
      return (await events(id)).some((e) => e.status === 'ok');
    }, 30_000, 2);
    expect(seen.has(`DM-1.${id}.xml.part`), 'the upload ran under NAME.part').toBe(true);
    expect(partialFinalSeen).toBe(false);
    expect(readdirSync(inbound)).toEqual([`DM-1.${id}.xml`]);
    expect(readFileSync(join(inbound, `DM-1.${id}.xml`), 'utf8')).toBe(body);
    expect((await events(id)).find((e) => e.status === 'ok')!.refs).toMatchObject({ path: `sftp://127.0.0.1:${sshd.port}${inbound}/DM-1.${id}.xml` });
  });

  it('delivers after the server comes back from a 10 s outage: retried with backoff, nothing lost, one file', async () => {
    await sshd.stop();
    await start();
    const id = await send('DM-2.xml', '<DM n="2"/>');
    await sleep(10_000);
    const retries = (await events(id)).filter((e) => e.status === 'retry');
    expect(retries.length, 'retried while the server was down').toBeGreaterThanOrEqual(3);
    expect(retries[0]!.errorCode).toBe('EDI_ERR_SFTP_CONNECT');
    expect(existsSync(join(inbound, `DM-2.${id}.xml`))).toBe(false);
    await sshd.start();
    await until(async () => (await events(id)).some((e) => e.status === 'ok'));
    expect(readdirSync(inbound)).toEqual([`DM-2.${id}.xml`]);
    expect(await bench.read('papinet.dlq')).toHaveLength(0);
  }, 60_000);

  it('refuses a server with another host key: the record goes to the DLQ with the reason and an alert is raised, nothing uploaded', async () => {
    await start({ hostKeyFingerprint: sshd.otherFingerprint });
    const id = await send('DM-3.xml', '<DM n="3"/>');
    const [dlq] = await bench.waitFor('papinet.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: id, [H.errorCode]: 'EDI_ERR_SFTP_HOST_KEY_MISMATCH' });
    const alerts = (await bench.read('edi.alerts')).map((r) => JSON.parse(r.value.toString()));
    expect(alerts).toMatchObject([{ code: 'EDI_ERR_SFTP_HOST_KEY_MISMATCH' }]);
    expect(readdirSync(inbound)).toEqual([]);
  });
});
