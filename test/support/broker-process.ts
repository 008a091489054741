// `edi start` as a child process for crash tests: the real broker, killed (by a test hook or by
// the test) and started again on the same data directory.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createEmbeddedBus } from '../../topics/embedded/index.js';
import type { BusRecord } from '../../topics/record.js';

const repo = new URL('../../', import.meta.url).pathname;

export interface BrokerExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the broker until it exits by itself, or until `done()` is true (then SIGTERM: a graceful stop). */
export function runBroker(configFile: string, env: Record<string, string>, done: () => boolean, timeoutMs = 30_000): Promise<BrokerExit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repo, 'bin/edi.js'), '-c', configFile, 'start'], {
      cwd: repo,
      // recordsIn reads the embedded log: the child never inherits KAFKA_BROKERS (npm test sets it).
      env: { ...withoutKafka(process.env), EDI_LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const deadline = Date.now() + timeoutMs;
    const poll = setInterval(() => {
      if (done()) {
        clearInterval(poll);
        child.kill('SIGTERM');
      } else if (Date.now() > deadline) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`the broker did not get there within ${timeoutMs} ms: ${stderr}`));
      }
    }, 50);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolve({ code, signal, stderr });
    });
  });
}

function withoutKafka(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _k, ...rest } = env;
  return rest;
}

/** Every record of a topic in the embedded log of a data directory (the broker must be stopped). */
export async function recordsIn(dataDir: string, topic: string): Promise<BusRecord[]> {
  const bus = await createEmbeddedBus({ dir: join(dataDir, 'bus'), retentionIntervalMs: 0 });
  try {
    const out: BusRecord[] = [];
    for await (const r of bus.scan(topic)) out.push(r);
    return out;
  } finally {
    await bus.close();
  }
}
