// `node bin/edi.js …` as a child process for the end-to-end runs (broker, sandboxes, CLI): its
// output goes to a log file that the test reads back line by line, as an operator would.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const EDI = join(ROOT, 'bin', 'edi.js');

export interface Proc {
  child: ChildProcess;
  log: string;
  exited: Promise<number | null>;
}

/**
 * The child's environment: ours, less KAFKA_BROKERS (it would switch an embedded run to Kafka;
 * `npm test` sets it for the Kafka suites), plus what the caller gives.
 */
function childEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { KAFKA_BROKERS: _k, ...rest } = process.env;
  return { ...rest, ...env };
}

export function spawnEdi(args: string[], logFile: string, env: NodeJS.ProcessEnv = {}): Proc {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [EDI, ...args], { cwd: ROOT, stdio: ['ignore', out, out], env: childEnv(env) });
  closeSync(out);
  const exited = new Promise<number | null>((r) => child.once('exit', (code, signal) => r(code ?? (signal ? -1 : null))));
  return { child, log: logFile, exited };
}

/** The first log line `pick` recognises; fails with the log's tail if the process exits first. */
export async function waitForLine<T>(proc: Proc, pick: (line: string) => T | undefined, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let done = false;
  void proc.exited.then(() => (done = true));
  for (;;) {
    const text = readFileSync(proc.log, 'utf8');
    for (const line of text.split('\n')) {
      const hit = pick(line);
      if (hit !== undefined) return hit;
    }
    if (done) throw new Error(`${what}: the process exited; its log:\n${text.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`${what}: not seen within ${timeoutMs} ms; log:\n${text.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function stop(proc: Proc | undefined, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (proc === undefined || proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill(signal);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
  await proc.exited;
  clearTimeout(timer);
}
