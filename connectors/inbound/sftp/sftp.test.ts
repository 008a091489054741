import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createTestBench, type TestBench } from '../../sdk/test-kit.js';
import { describeSshd, startSshd, type Sshd } from '../../../test/support/sshd.js';
import { H } from '../../../topics/headers.js';
import { sftpInbound, type SftpInboxComponent } from './index.js';

const doc = (n: number) => `<?xml version="1.0" encoding="UTF-8"?>\n<DeliveryMessageWood><DeliveryMessageNumber>DM-${n}</DeliveryMessageNumber>${'<Item/>'.repeat(n % 7)}</DeliveryMessageWood>\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describeSshd()('inbound.sftp against a real OpenSSH sshd', () => {
  let sshd: Sshd;
  let bench: TestBench;
  let out: string;
  let logLines: string[];
  let running: SftpInboxComponent | undefined;

  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.close();
  });
  beforeEach(async () => {
    if (!sshd.running()) await sshd.start();
    logLines = [];
    const sink = new Writable({ write: (chunk: Buffer, _e, done) => (logLines.push(chunk.toString()), done()) });
    bench = await createTestBench({ log: pino({ level: 'debug' }, sink) });
    out = join(sshd.root, `out-${Date.now()}`);
    mkdirSync(out);
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
    await bench.close();
    rmSync(out, { recursive: true, force: true });
  });

  async function startInbox(extra: Record<string, unknown> = {}): Promise<SftpInboxComponent> {
    const config = sftpInbound.spec.config.parse({
      host: sshd.host,
      port: sshd.port,
      username: sshd.username,
      privateKey: sshd.userKey,
      hostKeyFingerprint: sshd.hostKeyFingerprint,
      remoteDir: out,
      topic: 'papinet.inbound',
      minAge: 0,
      pollOnStart: false,
      pollInterval: '1h',
      ...extra,
    });
    const c = (await sftpInbound.create(config, await bench.context('sftp-sawmill'))) as SftpInboxComponent;
    await c.start();
    running = c;
    return c;
  }
  const remoteFiles = (dir = out) => (existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isFile()).map((d) => d.name).sort() : []);
  const alerts = async () => (await bench.read('edi.alerts')).map((r) => JSON.parse(r.value.toString()) as { code: string; message: string });

  it('takes a batch of 500 files over a connection dropped mid-batch: 500 records, no duplicate, every remote file moved', async () => {
    for (let i = 0; i < 500; i++) writeFileSync(join(out, `DM-${String(i).padStart(4, '0')}.xml`), doc(i));
    const inbox = await startInbox({ batchFiles: 50, downloadConcurrency: 2 });
    let droppedAt = -1;
    let settled = false;
    const polling = inbox.poll().finally(() => (settled = true));
    // Watched through the inbox's own count (cheap) rather than by scanning the topic, which on a
    // loaded machine could let the whole batch finish between two looks.
    while (droppedAt < 0 && !settled) {
      const n = (inbox.describe() as { taken: number }).taken;
      if (n >= 100) {
        expect(sshd.dropSessions(), 'an SFTP session to drop').toBeGreaterThan(0);
        droppedAt = n;
      }
      await sleep(2);
    }
    await polling;
    expect(droppedAt, 'the connection must be dropped while the batch runs').toBeGreaterThanOrEqual(100);
    expect(droppedAt, 'the connection must drop in the middle of the batch').toBeLessThan(500);
    expect(inbox.describe()).toMatchObject({ reconnects: expect.any(Number) });
    expect((inbox.describe() as { reconnects: number }).reconnects).toBeGreaterThanOrEqual(1);
    const records = await bench.read('papinet.inbound');
    expect(records).toHaveLength(500);
    expect(new Set(records.map((r) => r.key)).size).toBe(500);
    expect(records.every((r) => r.value.toString() === doc(Number(r.key!.slice(3, 7))))).toBe(true);
    expect(remoteFiles()).toEqual([]);
    expect(remoteFiles(join(out, 'processed'))).toHaveLength(500);
    expect(records[0]!.headers[H.source]).toBe(`sftp-sawmill:${out}/${records[0]!.key}`);
    // Secrets never reach the log.
    const keyBody = sshd.userKey.split('\n')[2]!;
    expect(logLines.join('')).not.toContain(keyBody);
  }, 120_000);

  it('refuses a server whose host key is not the pinned one: no login attempted, an alert, nothing taken', async () => {
    writeFileSync(join(out, 'DM-1.xml'), doc(1));
    const before = sshd.logMark();
    const inbox = await startInbox({ hostKeyFingerprint: sshd.otherFingerprint });
    await inbox.poll();
    expect(await bench.read('papinet.inbound')).toHaveLength(0);
    expect(remoteFiles()).toEqual(['DM-1.xml']);
    const [alert] = await alerts();
    expect(alert).toMatchObject({ code: 'EDI_ERR_SFTP_HOST_KEY_MISMATCH' });
    expect(alert!.message).toContain(sshd.hostKeyFingerprint);
    expect((inbox.describe() as { lastPoll: { ok: boolean; error: string } }).lastPoll).toMatchObject({ ok: false, error: expect.stringContaining('EDI_ERR_SFTP_HOST_KEY_MISMATCH') });
    // sshd saw the connection close before any authentication.
    const closed = /Connection closed by 127\.0\.0\.1|Disconnected from 127\.0\.0\.1 port \d+ \[preauth\]/;
    for (let i = 0; i < 100 && !closed.test(sshd.logSince(before)); i++) await sleep(20);
    const log = sshd.logSince(before);
    expect(log, log).toMatch(closed);
    expect(log).not.toMatch(/Accepted publickey|Failed publickey|Postponed publickey|Starting session/);
    // A second poll does not raise the alert again.
    await inbox.poll();
    expect(await alerts()).toHaveLength(1);
  });

  it('retries a remote move that fails at every poll and never takes the file again', async () => {
    writeFileSync(join(out, 'DM-7.xml'), doc(7));
    writeFileSync(join(sshd.root, 'blocked'), 'a file where a directory should be');
    const inbox = await startInbox({ processedDir: join(sshd.root, 'blocked', 'processed') });
    for (let i = 0; i < 3; i++) await inbox.poll();
    expect(await bench.read('papinet.inbound')).toHaveLength(1);
    expect(remoteFiles()).toEqual(['DM-7.xml']);
    expect((await alerts()).map((a) => a.code)).toEqual(['EDI_ERR_SFTP_MOVE_FAILED']);
    rmSync(join(sshd.root, 'blocked'));
    await inbox.poll();
    expect(remoteFiles()).toEqual([]);
    expect(remoteFiles(join(sshd.root, 'blocked', 'processed'))).toEqual(['DM-7.xml']);
    expect(await bench.read('papinet.inbound')).toHaveLength(1);
    rmSync(join(sshd.root, 'blocked'), { recursive: true });
  });

  it('takes a batch only once its manifest is there and the file count matches, then moves the manifest too', async () => {
    for (const n of [1, 2, 3]) writeFileSync(join(out, `DM-${n}.xml`), doc(n));
    const inbox = await startInbox({ manifest: 'batch.done', minAge: '1h' });
    await inbox.poll();
    expect(await bench.read('papinet.inbound'), 'no manifest yet').toHaveLength(0);
    writeFileSync(join(out, 'batch.done'), '4\n');
    await inbox.poll();
    expect(await bench.read('papinet.inbound'), 'the manifest announces 4 files, 3 are there').toHaveLength(0);
    expect((await alerts()).map((a) => a.code)).toEqual(['EDI_ERR_SFTP_MANIFEST_MISMATCH']);
    writeFileSync(join(out, 'batch.done'), 'DM-1.xml\nDM-2.xml\nDM-3.xml\n');
    await inbox.poll();
    expect((await bench.read('papinet.inbound')).map((r) => r.key).sort()).toEqual(['DM-1.xml', 'DM-2.xml', 'DM-3.xml']);
    expect(remoteFiles()).toEqual([]);
    expect(remoteFiles(join(out, 'processed'))).toEqual(['DM-1.xml', 'DM-2.xml', 'DM-3.xml', 'batch.done']);
  });

  it('leaves a file younger than minAge for a later poll', async () => {
    writeFileSync(join(out, 'DM-5.xml'), doc(5));
    const inbox = await startInbox({ minAge: '10m' });
    await inbox.poll();
    expect(await bench.read('papinet.inbound')).toHaveLength(0);
    const old = new Date(Date.now() - 11 * 60_000);
    utimesSync(join(out, 'DM-5.xml'), old, old);
    await inbox.poll();
    expect(await bench.read('papinet.inbound')).toHaveLength(1);
  });

  it('refuses empty, over-size, non-UTF-8 files into error/ with a report, leaves unsafe names alone with an alert, and takes the good file', async () => {
    writeFileSync(join(out, 'empty.xml'), '');
    writeFileSync(join(out, 'big.xml'), 'x'.repeat(5000));
    writeFileSync(join(out, 'latin1.xml'), Buffer.concat([Buffer.from('<a>K'), Buffer.from([0xf6]), Buffer.from('ln</a>')]));
    writeFileSync(join(out, 'line\nbreak.xml'), doc(2));
    writeFileSync(Buffer.concat([Buffer.from(join(out, 'DM-')), Buffer.from([0xe9]), Buffer.from('.xml')]), doc(3));
    writeFileSync(join(out, 'good.xml'), doc(4));
    const inbox = await startInbox({ maxFileSize: '4KB' });
    await inbox.poll();
    const records = await bench.read('papinet.inbound');
    expect(records.map((r) => r.key)).toEqual(['good.xml']);
    const errorDir = join(out, 'error');
    expect(remoteFiles(errorDir)).toEqual(['big.xml', 'big.xml.error.json', 'empty.xml', 'empty.xml.error.json', 'latin1.xml', 'latin1.xml.error.json']);
    const codeOf = (n: string) => JSON.parse(readFileSync(join(errorDir, `${n}.error.json`), 'utf8')).code;
    expect([codeOf('empty.xml'), codeOf('big.xml'), codeOf('latin1.xml')]).toEqual(['EDI_ERR_SFTP_FILE_EMPTY', 'EDI_ERR_SFTP_FILE_TOO_LARGE', 'EDI_ERR_SFTP_FILE_NOT_UTF8']);
    expect(readdirSync(out)).toHaveLength(4); // the two unsafe names, processed/ and error/
    expect((await alerts()).map((a) => a.code)).toEqual(['EDI_ERR_SFTP_FILE_NAME_UNSAFE', 'EDI_ERR_SFTP_FILE_NAME_UNSAFE']);
    const errors = (await bench.read('edi.tracking')).map((r) => JSON.parse(r.value.toString())).filter((e) => e.status === 'error');
    expect(errors).toHaveLength(5);
    await inbox.poll();
    expect(await alerts(), 'unsafe names are reported once').toHaveLength(2);
    expect(await bench.read('papinet.inbound')).toHaveLength(1);
  });

  it('rejects invalid schedules and time zones by path, and reports the next cron poll in the time zone given', async () => {
    const base = { host: 'h', username: 'u', password: 'p', hostKeyFingerprint: sshd.hostKeyFingerprint, remoteDir: '/out', topic: 'papinet.inbound' };
    const bad = sftpInbound.spec.config.safeParse({ ...base, cron: 'every night', timeZone: 'Mars/Olympus' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.')).sort()).toEqual(['cron', 'timeZone']);
    expect(sftpInbound.spec.config.safeParse({ ...base, password: undefined }).success).toBe(false);
    expect(sftpInbound.spec.config.safeParse({ ...base, remoteDir: '/out/../../etc' }).success).toBe(false);
    const inbox = await startInbox({ cron: '0 2 * * *', timeZone: 'Europe/Riga' });
    const next = new Date((inbox.describe() as { nextPoll: string }).nextPoll);
    expect(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Riga', hour: '2-digit', minute: '2-digit' }).format(next)).toBe('02:00');
  });
});
