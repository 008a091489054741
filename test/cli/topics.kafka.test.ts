// `edi topics apply` and `edi topics list` on Apache Kafka, as a user runs them (KAFKA_BROKERS
// set): the catalogue's topics and the config's own are created once, then left unchanged; the
// listing shows partitions and end offsets. The config's topic name is unique to the run.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { describeKafka, kafkaBrokers } from '../support/env.js';
import { loadConfig } from '../../runtime/config/load.js';
import { openBus } from '../../runtime/cli/open-bus.js';

const ROOT = resolve(import.meta.dirname, '../..');
const run = `cli${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const TOPIC = `e2e-${run}.orders`;
let dir: string;
let config: string;

function edi(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const { EDI_CONFIG: _c, ...rest } = process.env;
    const child = spawn(process.execPath, [join(ROOT, 'bin/edi.js'), '-c', config, ...args], { cwd: dir, env: { ...rest, KAFKA_BROKERS: kafkaBrokers()!, EDI_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', rej);
    child.once('exit', (code) => res({ code, stdout, stderr }));
  });
}

describeKafka()('edi topics apply | list on Apache Kafka', { timeout: 180_000 }, () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'edi-cli-kafka-'));
    config = join(dir, 'edi.config.yaml');
    writeFileSync(config, toYaml({ dataDir: join(dir, 'data'), topics: [{ name: TOPIC, partitions: 4, contentType: 'application/json', key: 'order number' }], sandboxes: {} }));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('apply creates the config\'s topic once; a second apply leaves everything unchanged', async () => {
    const first = await edi(['topics', 'apply']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`^created\\s+${TOPIC.replace(/\./g, '\\.')}$`, 'm'));
    for (const t of ['papinet.inbound', 'tobacco.messages', 'eds.trips.inbound', 'edi.tracking']) expect(first.stdout).toMatch(new RegExp(`\\s${t.replace(/\./g, '\\.')}$`, 'm'));
    const second = await edi(['topics', 'apply']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(new RegExp(`^unchanged\\s+${TOPIC.replace(/\./g, '\\.')}$`, 'm'));
    expect(second.stdout).not.toMatch(/^created/m);
  });

  it('list shows the partitions and the end offset of each', async () => {
    const bus = await openBus(loadConfig(config, { KAFKA_BROKERS: kafkaBrokers()! }));
    try {
      await bus.produce(['A-1', 'A-2', 'A-3', 'B-1', 'C-1'].map((k) => ({ topic: TOPIC, key: k, value: Buffer.from(`{"order":"${k}"}`), headers: {} })));
    } finally {
      await bus.close();
    }
    const r = await edi(['topics', 'list']);
    expect(r.code, r.stderr).toBe(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith(`${TOPIC} `))!.trim().split(/\s+/);
    expect(row.slice(0, 3)).toEqual([TOPIC, '4', 'delete']);
    const ends = row[3]!.split(',').map(Number);
    expect(ends).toHaveLength(4);
    expect(ends.reduce((a, b) => a + b, 0)).toBe(5);
    expect(row[4]).toBe('5');
    const json = JSON.parse((await edi(['topics', 'list', '--json'])).stdout) as Array<{ name: string; partitions: Array<{ endOffset: string }> }>;
    expect(json.find((t) => t.name === TOPIC)!.partitions.map((p) => Number(p.endOffset))).toEqual(ends);
  });
});
