// `edi eudr usage --month` as a user runs it (node bin/edi.js in a child process) over receipts
// on the embedded bus of a temporary data directory.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { createEmbeddedBus } from '../../topics/embedded/index.js';
import { buildCatalogue } from '../../topics/catalogue.js';
import { intakeRecord } from '../../topics/record.js';
import type { StatementReceipt } from '../../transformers/eudr/statement-request.js';
import { usageForMonth } from '../../transformers/eudr/usage.js';

const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let config: string;

function receipt(id: string, clientId: string, fellingSites: number, submittedAt: string, affirmations = ['4210000101']): StatementReceipt {
  return {
    id,
    status: 'AVAILABLE',
    uuid: `00000000-0000-4000-8000-${id.padStart(12, '0').slice(-12)}`,
    internalReferenceNumber: `EDI-${id}`,
    referenceNumber: '26LVABCDEFGHJK',
    verificationNumber: 'ABCDEFGH',
    affirmations,
    client: { id: clientId, name: `Client ${clientId}`, country: 'LV' },
    operatorRole: 'REPRESENTATIVE_OPERATOR',
    fellingSites,
    areaHa: fellingSites * 1.5,
    environment: 'eudr-test',
    account: 'default',
    submittedAt,
    availableAt: submittedAt,
  };
}

const RECEIPTS = [
  receipt('1', 'LV40103000001', 3, '2026-05-02T08:00:00.000Z', ['4210000101', '4210000102']),
  receipt('2', 'LV40103000001', 1, '2026-05-31T23:59:00.000Z'),
  receipt('2', 'LV40103000001', 1, '2026-05-31T23:59:00.000Z'), // the same statement delivered twice counts once
  receipt('3', 'LV40003999002', 2, '2026-05-15T10:00:00.000Z'),
  receipt('4', 'LV40003999002', 5, '2026-06-01T00:00:00.000Z'), // next month
];

function edi(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { KAFKA_BROKERS: _k, EDI_CONFIG: _c, ...env } = process.env;
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/edi.js'), '-c', config, ...args], { cwd: dir, env: { ...env, EDI_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', rej);
    child.once('exit', (code) => res({ code, stdout, stderr }));
  });
}

describe('edi eudr usage', () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-eudr-cli-'));
    config = join(dir, 'edi.yaml');
    writeFileSync(config, toYaml({ dataDir: join(dir, 'data'), bus: { kind: 'embedded' } }));
    const bus = await createEmbeddedBus({ dir: join(dir, 'data', 'bus') });
    await bus.ensureTopics(buildCatalogue().all());
    await bus.produce(RECEIPTS.map((r) => intakeRecord({ topic: 'eudr.statements.receipts', key: r.id, value: Buffer.from(JSON.stringify(r)), source: 'test', contentType: 'application/json', id: `01TESTRECEIPT${r.id}` })));
    await bus.close();
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('counts felling sites per client for the month, each statement once', async () => {
    const run = await edi(['eudr', 'usage', '--month', '2026-05', '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { clients: Array<{ clientId: string; statements: number; fellingSites: number; affirmations: number }>; fellingSites: number };
    expect(out.clients).toEqual([
      expect.objectContaining({ clientId: 'LV40103000001', statements: 2, affirmations: 3, fellingSites: 4 }),
      expect.objectContaining({ clientId: 'LV40003999002', statements: 1, fellingSites: 2 }),
    ]);
    expect(out.fellingSites).toBe(6);
    const table = await edi(['eudr', 'usage', '--month', '2026-05']);
    expect(table.stdout).toContain('total felling sites in 2026-05: 6');
  }, 60_000);

  it('refuses a month that is not YYYY-MM', async () => {
    const run = await edi(['eudr', 'usage', '--month', '2026-13']);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('YYYY-MM');
  }, 60_000);

  it('usageForMonth leaves out other months', () => {
    expect(usageForMonth(RECEIPTS, '2026-06')).toEqual([expect.objectContaining({ clientId: 'LV40003999002', fellingSites: 5 })]);
    expect(usageForMonth(RECEIPTS, '2026-04')).toEqual([]);
  });
});
