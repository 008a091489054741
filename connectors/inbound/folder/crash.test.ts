// A crash between commit and archive, in a real broker process: SIGKILL right after the record
// and the seen-file state are durable, before the file leaves the inbox. The restarted broker
// must archive the file without producing a second record.
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEmbeddedBus } from '../../../topics/embedded/index.js';
import type { BusRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';

const repo = new URL('../../../', import.meta.url).pathname;

function runBroker(config: string, env: Record<string, string>, until: () => boolean, timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin/edi.js'), '-c', config, 'start'], { cwd: repo, env: { ...process.env, EDI_LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + timeoutMs;
    const poll = setInterval(() => {
      if (until()) {
        clearInterval(poll);
        child.kill('SIGTERM');
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`broker did not get there in ${timeoutMs} ms: ${stderr}`));
      }
    }, 50);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

async function records(dataDir: string, topic: string): Promise<BusRecord[]> {
  const bus = await createEmbeddedBus({ dir: join(dataDir, 'bus'), retentionIntervalMs: 0 });
  try {
    const out: BusRecord[] = [];
    for await (const r of bus.scan(topic)) out.push(r);
    return out;
  } finally {
    await bus.close();
  }
}

describe('inbound.folder in a real broker process killed between commit and archive', () => {
  it('SIGKILL right after the commit, then a restart: the file is archived and there is exactly one record', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-folder-crash-'));
    try {
      const dataDir = join(dir, 'data');
      const inbox = join(dataDir, 'inbox', 'papinet');
      mkdirSync(inbox, { recursive: true });
      const config = join(dir, 'edi.config.yaml');
      writeFileSync(
        config,
        [
          `dataDir: ${dataDir}`,
          'http: { host: 127.0.0.1, port: 0 }',
          'sandboxes: {}',
          'transformers: {}',
          'connectors:',
          '  inbox-papinet:',
          '    type: inbound.folder',
          '    path: inbox/papinet',
          '    topic: papinet.inbound',
          '    stableWindow: 200ms',
          '',
        ].join('\n'),
      );
      writeFileSync(join(inbox, 'DM-1001.xml'), '<DeliveryMessageWood><DeliveryMessageNumber>DM-1001</DeliveryMessageNumber></DeliveryMessageWood>\n');

      // First run: the test hook kills the process itself right after the commit.
      const first = await runBroker(config, { EDI_TEST_CRASH_AT: 'inbound.folder:after-commit' }, () => false);
      expect(first.signal, first.stderr).toBe('SIGKILL');
      expect(existsSync(join(inbox, 'DM-1001.xml')), 'the file must still be in the inbox after the crash').toBe(true);
      const afterCrash = await records(dataDir, 'papinet.inbound');
      expect(afterCrash).toHaveLength(1);

      // Second run: finds the committed file again and only archives it.
      const day = new Date().toISOString().slice(0, 10);
      const archived = () => existsSync(join(inbox, 'archive', day)) && readdirSync(join(inbox, 'archive', day)).includes('DM-1001.xml');
      const second = await runBroker(config, {}, archived);
      expect(second.code, second.stderr).toBe(0);
      expect(existsSync(join(inbox, 'DM-1001.xml'))).toBe(false);

      const all = await records(dataDir, 'papinet.inbound');
      expect(all).toHaveLength(1);
      expect(all[0]!.headers[H.id]).toBe(afterCrash[0]!.headers[H.id]);
      const intakeEvents = (await records(dataDir, 'edi.tracking')).filter((r) => JSON.parse(r.value.toString()).step === 'intake');
      expect(intakeEvents).toHaveLength(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
