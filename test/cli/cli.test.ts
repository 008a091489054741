// The `edi` command line as a user runs it: `node bin/edi.js …` in a child process, on the
// embedded bus of a temporary data directory. The records that track, replay and topics list
// show come from a real broker run: a folder inbox and the papiNet transformer, fed one valid
// and one invalid DeliveryMessageWood (which lands in papinet.dlq).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { validMessage } from '../fixtures/tobacco/messages.js';
import { createEmbeddedBus } from '../../topics/embedded/index.js';
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';
import type { TrackingEvent } from '../../topics/tracking.js';

const ROOT = resolve(import.meta.dirname, '../..');
const EDI = join(ROOT, 'bin/edi.js');
const PAPINET = join(ROOT, 'test/fixtures/papinet');
const DOC_NUMBER = 'KVA-2026-CLI-0001';
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let dir: string;
let dataDir: string;
let config: string;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The child never inherits KAFKA_BROKERS (npm test sets it): these runs are on the embedded bus. */
function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _k, EDI_CONFIG: _c, ...rest } = process.env;
  return { ...rest, EDI_DATA_DIR: dataDir, EDI_LOG_LEVEL: 'warn', ...extra };
}

function edi(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [EDI, '-c', config, ...args], { cwd: dir, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', rej);
    child.once('exit', (code) => res({ code, stdout, stderr }));
  });
}

async function records(topic: string): Promise<BusRecord[]> {
  const bus = await createEmbeddedBus({ dir: join(dataDir, 'bus'), retentionIntervalMs: 0 });
  try {
    const out: BusRecord[] = [];
    for await (const r of bus.scan(topic)) out.push(r);
    return out;
  } finally {
    await bus.close();
  }
}

async function timeline(query: string): Promise<Array<{ id: string; events: TrackingEvent[] }>> {
  const r = await edi(['track', query, '--json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as Array<{ id: string; events: TrackingEvent[] }>) : [];
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edi-cli-'));
  dataDir = join(dir, 'data');
  config = join(dir, 'edi.config.yaml');
  writeFileSync(
    config,
    toYaml({
      dataDir,
      http: { host: '127.0.0.1', port: 0 },
      shutdownTimeout: '5s',
      sandboxes: {},
      connectors: { 'inbox-papinet': { type: 'inbound.folder', path: 'inbox/papinet', topic: 'papinet.inbound', stableWindow: '100ms' } },
      transformers: { 'papinet-validate': { type: 'transformer.papinet' } },
    }),
  );
  const inbox = join(dataDir, 'inbox', 'papinet');
  mkdirSync(inbox, { recursive: true });
  writeFileSync(join(inbox, 'DM-CLI-1.xml'), readFileSync(join(PAPINET, 'DeliveryMessageWood-original.xml'), 'utf8').replace('KVA-2026-000417', DOC_NUMBER));
  writeFileSync(join(inbox, 'DM-BAD-1.xml'), readFileSync(join(PAPINET, 'invalid-enumeration.xml')));

  // A real broker takes both files; `edi track` (run beside it) says when both were validated.
  const broker = spawn(process.execPath, [EDI, '-c', config, 'start'], { cwd: dir, env: childEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  broker.stderr.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<number | null>((r) => broker.once('exit', (code) => r(code)));
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      const good = await timeline('DM-CLI-1.xml');
      const bad = await timeline('DM-BAD-1.xml');
      const validated = (t: typeof good, status: string) => t.some((m) => m.events.some((e) => e.step === 'validate' && e.status === status));
      if (validated(good, 'ok') && validated(bad, 'error')) break;
      if (broker.exitCode !== null) throw new Error(`the broker exited: ${log}`);
      if (Date.now() > deadline) throw new Error(`the broker did not validate both files in 90 s: ${log}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    broker.kill('SIGTERM');
    expect(await exited, log).toBe(0);
  }
}, 150_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('edi --help', { timeout: 180_000 }, () => {
  it('documents every command the issue names', async () => {
    const r = await edi(['--help']);
    expect(r.code).toBe(0);
    for (const command of ['start', 'run <component-id>', 'topics', 'validate <files...>', 'track [options] <query>', 'replay [options] <dlq-topic>', 'connectors', 'sandbox', 'config']) {
      expect(r.stdout).toContain(command);
    }
    const topics = await edi(['topics', '--help']);
    expect(topics.stdout).toMatch(/apply/);
    expect(topics.stdout).toMatch(/list/);
    const replay = await edi(['replay', '--help']);
    expect(replay.stdout).toMatch(/--id <id\.\.\.>/);
    expect(replay.stdout).toMatch(/--all/);
    expect((await edi(['track', '--help'])).stdout).toMatch(/--json/);
  });
});

describe('edi validate', { timeout: 180_000 }, () => {
  const issueLine = /^(.+):(\d+):(\d+): (.+)$/;

  it('a valid papiNet DeliveryMessageWood: exit 0', async () => {
    const file = join(PAPINET, 'DeliveryMessageWood-original.xml');
    const r = await edi(['validate', file]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain(`${file}: valid`);
  });

  it('an invalid papiNet document: exit 1 with file:line:col: message naming the schema error', async () => {
    const file = join(PAPINET, 'invalid-enumeration.xml');
    const r = await edi(['validate', file]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(issueLine);
    const [, name, line] = issueLine.exec(lines[0]!)!;
    expect(name).toBe(file);
    expect(Number(line)).toBeGreaterThan(1);
    expect(r.stdout).toMatch(/Priede/);
  });

  it('tobacco data-dictionary events as JSON: a valid one exit 0; a broken one exit 1 naming each rule', async () => {
    const good = join(dir, 'EIV-valid.json');
    writeFileSync(good, JSON.stringify(validMessage('EIV'), null, 2));
    const bad = join(dir, 'EIV-broken.json');
    const broken: Record<string, unknown> = { ...validMessage('EIV'), Invoice_Currency: 'EURO' };
    delete broken.Invoice_Number;
    writeFileSync(bad, JSON.stringify(broken, null, 2));
    const ok = await edi(['validate', good]);
    expect(ok.code, ok.stdout).toBe(0);
    const r = await edi(['validate', bad]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l.startsWith(`${bad}:`) && issueLine.test(l)).toBe(true);
    // Positions come from the JSON text: the missing field at its object, the bad one at its key.
    const currencyLine = readFileSync(bad, 'utf8').split('\n').findIndex((l) => l.includes('"Invoice_Currency"')) + 1;
    expect(lines.find((l) => l.includes('Invoice_Number'))).toMatch(new RegExp(`^${escape(bad)}:1:1: REQUIRED_FIELD_FAILED_VALIDATION`));
    expect(lines.find((l) => l.includes('Invoice_Currency'))).toMatch(new RegExp(`^${escape(bad)}:${currencyLine}:3: FAILED_VALIDATION`));
  });

  it('broken JSON: exit 1 at the line of the syntax error', async () => {
    const file = join(dir, 'EDP-syntax.json');
    writeFileSync(file, '{\n "Message_Type": "EDP",\n "EO_ID" "x"\n}\n');
    const r = await edi(['validate', file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^${escape(file)}:3:\\d+: `, 'm'));
  });

  it('EDS taxi trips: a valid JSON trip exit 0; a trip with broken fields exit 1 per rule', async () => {
    const trip = { CarriersTaxpayerCode: '40009999001', DriversPersonCode: '32000000001', NumberPlate: 'TX1001', StartDateTime: '2024-05-01T10:00:00', EndDateTime: '2024-05-01T10:20:00', Distance: 5.5, ServiceFee: 10.1 };
    const good = join(dir, 'trip-ok.json');
    writeFileSync(good, JSON.stringify(trip));
    const bad = join(dir, 'trip-bad.json');
    writeFileSync(bad, JSON.stringify({ ...trip, EndDateTime: '2024-05-01T09:00:00', ServiceFee: -3 }));
    const ok = await edi(['validate', good]);
    expect(ok.code, ok.stdout).toBe(0);
    expect(ok.stdout).toContain(`${good}: valid`);
    const r = await edi(['validate', bad]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l.startsWith(`${bad}:`) && issueLine.test(l)).toBe(true);
    expect(lines.some((l) => /:1:\d+: EDI_ERR_EDS_TRIP_INVALID: ServiceFee/.test(l))).toBe(true);
    expect(lines.some((l) => /:1:\d+: EDI_ERR_EDS_TRIP_INVALID: EndDateTime/.test(l))).toBe(true);
  });

  it('several files: exit 1 when any is invalid; an unknown format and a missing file are issues too', async () => {
    const unknown = join(dir, 'notes.txt');
    writeFileSync(unknown, 'hello');
    const good = join(PAPINET, 'DeliveryMessageWood-original.xml');
    const r = await edi(['validate', good, unknown, join(dir, 'missing.xml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${good}: valid`);
    expect(r.stdout).toMatch(new RegExp(`${unknown.replace(/[.]/g, '\\.')}:0:0: .*known: `));
    expect(r.stdout).toMatch(/missing\.xml:0:0: cannot read: ENOENT/);
  });
});

describe('edi track', { timeout: 180_000 }, () => {
  it('by file name, by edi-id and by business key: the same timeline (intake, validate)', async () => {
    const byName = await timeline('DM-CLI-1.xml');
    expect(byName).toHaveLength(1);
    const { id, events } = byName[0]!;
    expect(events.map((e) => `${e.step}:${e.status}`)).toEqual(expect.arrayContaining(['intake:ok', 'validate:ok']));
    expect(events.find((e) => e.step === 'intake')!.source).toMatch(/DM-CLI-1\.xml$/);
    expect((await timeline(id))[0]!.events).toEqual(events);
    const byKey = await timeline(DOC_NUMBER);
    expect(byKey.map((m) => m.id)).toEqual([id]);
  });

  it('without --json: one line per event under the edi-id', async () => {
    const { id } = (await timeline('DM-CLI-1.xml'))[0]!;
    const r = await edi(['track', id]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(id);
    expect(lines.some((l) => /\bintake\s+ok\s+inbox-papinet\b/.test(l))).toBe(true);
    expect(lines.some((l) => /\bvalidate\s+ok\s+papinet-validate\b/.test(l))).toBe(true);
  });

  it('a document that failed: its error code and message are on the timeline', async () => {
    const [bad] = await timeline('DM-BAD-1.xml');
    const failed = bad!.events.find((e) => e.step === 'validate')!;
    expect(failed.status).toBe('error');
    expect(failed.errorCode).toMatch(/^EDI_ERR_/);
    const r = await edi(['track', 'DM-BAD-1.xml']);
    expect(r.stdout).toContain(failed.errorCode!);
  });

  it('a data directory no broker has run on: nothing matches, with a hint, exit 1', async () => {
    const fresh = join(dir, 'fresh-data');
    const r = await edi(['track', 'DM-CLI-1.xml'], { EDI_DATA_DIR: fresh });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no message matches DM-CLI-1.xml');
    expect(r.stderr).toContain('edi.tracking does not exist yet');
  });

  it('nothing matches: exit 1 and says so', async () => {
    const r = await edi(['track', 'no-such-message']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('no message matches no-such-message');
    const j = await edi(['track', 'no-such-message', '--json']);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toEqual([]);
  });
});

describe('edi topics list', { timeout: 180_000 }, () => {
  it('prints every catalogue topic with its partitions and end offsets', async () => {
    const r = await edi(['topics', 'list']);
    expect(r.code, r.stderr).toBe(0);
    const row = (name: string): string[] => r.stdout.split('\n').find((l) => l.startsWith(`${name} `))!.trim().split(/\s+/);
    for (const t of ['papinet.inbound', 'papinet.valid', 'papinet.dlq', 'eudr.statements.receipts', 'tobacco.events.inbound', 'eds.trips.inbound', 'edi.tracking']) {
      expect(r.stdout).toMatch(new RegExp(`^${t.replace(/\./g, '\\.')} `, 'm'));
    }
    // name, partitions, cleanup, end offsets, records
    expect(row('papinet.inbound').slice(0, 2)).toEqual(['papinet.inbound', '3']);
    expect(row('papinet.inbound')[3]!.split(',').reduce((n, o) => n + Number(o), 0)).toBe(2);
    expect(row('papinet.dlq')).toEqual(['papinet.dlq', '1', 'delete', '1', '1']);
    expect(row('eudr.statements.receipts')[2]).toBe('compact');
  });

  it('--json: partitions with start and end offsets', async () => {
    const r = await edi(['topics', 'list', '--json']);
    const infos = JSON.parse(r.stdout) as Array<{ name: string; partitions: Array<{ partition: number; endOffset: string }> }>;
    const valid = infos.find((t) => t.name === 'papinet.valid')!;
    expect(valid.partitions).toHaveLength(3);
    expect(valid.partitions.reduce((n, p) => n + Number(p.endOffset), 0)).toBe(1);
  });
});

describe('edi replay', { timeout: 180_000 }, () => {
  it('needs --id or --all', async () => {
    const r = await edi(['replay', 'papinet.dlq']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--id .*--all/);
  });

  it('--id puts the DLQ record back on its source topic with its edi-id and without the error headers; once', async () => {
    const [dlqd] = await records('papinet.dlq');
    const id = dlqd!.headers[H.id]!;
    expect(dlqd!.headers[H.originTopic]).toBe('papinet.inbound');
    const before = (await records('papinet.inbound')).length;

    const r = await edi(['replay', 'papinet.dlq', '--id', id, '--id', 'no-such-id']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`replayed ${id} -> papinet.inbound`);
    expect(r.stdout).toMatch(/skipped\s+no-such-id: not found in papinet\.dlq/);
    expect(r.stdout).toContain('1 replayed, 1 skipped');

    const inbound = await records('papinet.inbound');
    expect(inbound).toHaveLength(before + 1);
    const back = inbound.filter((x) => x.headers[H.id] === id);
    expect(back).toHaveLength(2);
    const replayed = back.find((x) => x.headers[H.replayedAt] !== undefined)!;
    expect(replayed.value.equals(dlqd!.value)).toBe(true);
    expect(replayed.key).toBe(dlqd!.key);
    for (const h of [H.errorCode, H.errorMessage, H.errorStage, H.originTopic]) expect(replayed.headers[h]).toBeUndefined();

    // The replay is on the message's timeline.
    const t = await timeline(id);
    expect(t[0]!.events.some((e) => e.step === 'replay' && e.status === 'replayed')).toBe(true);

    // A second --all skips it (replayed before); --again replays it once more.
    const again = await edi(['replay', 'papinet.dlq', '--all']);
    expect(again.stdout).toMatch(new RegExp(`skipped\\s+${id}: already replayed`));
    expect(again.stdout).toContain('0 replayed, 1 skipped');
    const forced = await edi(['replay', 'papinet.dlq', '--all', '--again']);
    expect(forced.stdout).toContain('1 replayed, 0 skipped');
    expect((await records('papinet.inbound')).filter((x) => x.headers[H.id] === id)).toHaveLength(3);
  });
});
