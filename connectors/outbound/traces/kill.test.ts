// The real broker (`node bin/edi.js start`) killed with SIGKILL between submitDds and the
// statement's receipt, then started again on the same data directory: the TRACES sandbox
// (in this process, so its ledger outlives the broker) holds exactly one statement, and the
// restarted broker found it by internal reference and delivered its receipt once.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { createEmbeddedBus } from '../../../topics/embedded/index.js';
import { buildCatalogue } from '../../../topics/catalogue.js';
import { intakeRecord } from '../../../topics/record.js';
import { H } from '../../../topics/headers.js';
import type { TrackingEvent } from '../../../topics/tracking.js';
import { newId } from '../../../lib/ids.js';
import { recordsIn } from '../../../test/support/broker-process.js';
import { vmdSandbox } from '../../../sandbox/vmd/index.js';
import { createTracesSandbox, tracesSandboxOptions } from '../../../sandbox/traces/index.js';
import type { Sandbox } from '../../../sandbox/sdk/sandbox-server.js';
import { STATEMENT_REQUEST_SCHEMA, readStatementReceipt, type StatementRequest } from '../../../transformers/eudr/statement-request.js';

const ROOT = resolve(import.meta.dirname, '../../..');

interface Broker {
  child: ChildProcess;
  url: Promise<string>;
  exited: Promise<void>;
  output: () => string;
}

function startBroker(config: string): Broker {
  // KAFKA_BROKERS would switch this embedded run to Kafka.
  const { KAFKA_BROKERS: _k, ...env } = process.env;
  const child = spawn(process.execPath, [join(ROOT, 'bin/edi.js'), '-c', config, 'start'], { cwd: ROOT, env: { ...env, EDI_LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = new Promise<string>((res, rej) => {
    const onData = (d: Buffer): void => {
      out += d.toString();
      for (const line of out.split('\n')) {
        if (line.includes('"msg":"broker started"')) res((JSON.parse(line) as { url: string }).url);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', () => rej(new Error(`broker exited before it started:\n${out.slice(-3000)}`)));
  });
  url.catch(() => undefined);
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return { child, url, exited, output: () => out };
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, broker?: Broker): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${broker ? `; broker output:\n${broker.output().slice(-3000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('outbound.traces in a real broker process killed between submit and receipt', () => {
  let dir: string;
  let traces: Sandbox;
  let vmd: Sandbox;
  const brokers: Broker[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-traces-kill-'));
    // Long enough that the statement is still SUBMITTED when the broker is killed.
    traces = createTracesSandbox(tracesSandboxOptions.parse({ availableAfterMs: 6000 }), { dataDir: join(dir, 'traces-sandbox') });
    vmd = vmdSandbox.create(vmdSandbox.options.parse({}), {});
    await traces.start();
    await vmd.start();
  });

  afterAll(async () => {
    for (const b of brokers) {
      if (b.child.exitCode === null && b.child.signalCode === null) b.child.kill('SIGKILL');
      await b.exited;
    }
    await traces?.stop();
    await vmd?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('leaves exactly one statement in the sandbox ledger and one receipt, delivered by the restarted broker’s poller', async () => {
    const dataDir = join(dir, 'data');
    const config = join(dir, 'broker.yaml');
    writeFileSync(
      config,
      toYaml({
        dataDir,
        http: { host: '127.0.0.1', port: 0 },
        log: { level: 'info' },
        shutdownTimeout: '5s',
        bus: { kind: 'embedded', embedded: { sessionTimeout: '3s' } },
        sandboxes: { traces: { enabled: true, url: traces.url }, vmd: { enabled: true, url: vmd.url } },
        connectors: {
          'vmd-affirmations': { type: 'inbound.vmd', baseUrl: '${sandbox:vmd}' },
          'traces-statements': {
            type: 'outbound.traces',
            baseUrl: '${sandbox:traces}/tracesnt/',
            accounts: [{ name: 'default', username: 'edi-data-centre', authKey: 'sandbox-auth-key-data-centre-0001' }],
            // One poll while the record is held, then the background poller (its state must survive the kill).
            poll: { initialDelay: '300ms', maxDelay: '1s', inlinePolls: 1 },
            retry: { initialDelay: '100ms', maxDelay: '1s', maxAttempts: 30 },
          },
        },
      }),
    );

    // The request is on the bus before the broker starts, as if the desk had taken it.
    const id = newId();
    const request: StatementRequest = {
      id,
      client: { name: 'SIA Priedes Mežs', country: 'LV', address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' }, identifiers: [{ type: 'vat', value: 'LV40103000001' }] },
      affirmations: ['4210000101', '4210000102'],
      requestedAt: new Date().toISOString(),
    };
    const bus = await createEmbeddedBus({ dir: join(dataDir, 'bus') });
    await bus.ensureTopics(buildCatalogue().all());
    await bus.produce([intakeRecord({ topic: 'eudr.statements.requested', key: id, value: Buffer.from(JSON.stringify(request)), source: 'kill-test', contentType: 'application/json', schema: STATEMENT_REQUEST_SCHEMA, id })]);
    await bus.close();

    const ledger = async (): Promise<Array<{ uuid: string; status: string; referenceNumber: string | null }>> =>
      ((await (await fetch(`${traces.url}/_sandbox/ledger?internalReference=EDI-${id}`)).json()) as { statements: Array<{ uuid: string; status: string; referenceNumber: string | null }> }).statements;

    // First run: killed -9 as soon as TRACES holds the statement, while it is still SUBMITTED.
    const first = startBroker(config);
    brokers.push(first);
    await first.url;
    const submitted = await until('the statement at TRACES', async () => ((await ledger()).length > 0 ? await ledger() : undefined), 60_000, first);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(submitted).toHaveLength(1);
    expect(submitted[0]!.status).toBe('SUBMITTED');

    // Second run on the same data directory: the statement is found, not submitted again.
    const second = startBroker(config);
    brokers.push(second);
    const url = await second.url;
    const events = await until(
      'the receipt after the restart',
      async () => {
        const res = await fetch(`${url}/v1/messages/${id}`);
        if (!res.ok) return undefined;
        const body = (await res.json()) as { events?: TrackingEvent[] };
        const done = (body.events ?? []).filter((e) => e.step === 'receipt' || (e.step === 'statement' && e.status === 'error'));
        return done.length > 0 ? body.events! : undefined;
      },
      90_000,
      second,
    );
    second.child.kill('SIGTERM');
    await second.exited;

    // The authentication key never reaches the broker's log.
    expect(first.output() + second.output()).not.toContain('sandbox-auth-key-data-centre-0001');

    const final = await ledger();
    expect(final).toHaveLength(1);
    expect(final[0]!.uuid).toBe(submitted[0]!.uuid);
    expect(final[0]!.status).toBe('AVAILABLE');
    // Submitted once, one receipt event, no failure.
    expect(events.filter((e) => e.step === 'submit').map((e) => e.status)).toEqual(['ok']);
    expect(events.filter((e) => e.step === 'receipt').map((e) => e.status)).toEqual(['ok']);
    expect(events.filter((e) => e.status === 'error')).toEqual([]);

    const receipts = (await recordsIn(dataDir, 'eudr.statements.receipts')).filter((r) => r.headers[H.id] === id);
    expect(receipts).toHaveLength(1);
    const receipt = readStatementReceipt(receipts[0]!.value);
    expect(receipt.ok && receipt.receipt.uuid).toBe(submitted[0]!.uuid);
    expect(receipt.ok && receipt.receipt.referenceNumber).toBe(final[0]!.referenceNumber);
  }, 240_000);
});
