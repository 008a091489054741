// `edi eds clients` and `edi eds reconcile` as an operator runs them (node bin/edi.js, its own
// process) against a bus the delivery connector wrote to and the EDS sandbox over HTTP.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import { intake } from '../../connectors/sdk/intake.js';
import type { Component } from '../../topics/component.js';
import { newId } from '../../lib/ids.js';
import { carriageBody } from '../../transformers/eds/body.js';
import { edsDelivery, edsDeliveryConfig } from '../../connectors/outbound/eds/index.js';
import type { Sandbox } from '../../sandbox/sdk/sandbox-server.js';
import { call, startEdsSandbox } from '../../sandbox/eds/test-client.js';
import { seedCredentials, seedDrivers, tripOfDriver } from '../../test/fixtures/eds/trips.js';
import { localDate } from '../../schemas/eds/index.js';

const ROOT = resolve(import.meta.dirname, '../..');

function edi(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((done) => {
    const { KAFKA_BROKERS: _k, ...env } = process.env;
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'edi.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => done({ code, out }));
  });
}

describe('edi eds clients / edi eds reconcile', () => {
  const drivers = seedDrivers();
  const team = [drivers[0]!, drivers[1]!, drivers[30]!];
  const day = localDate(Date.now() - 2 * 86_400_000);
  let dir: string;
  let bench: TestBench;
  let sandbox: Sandbox;
  let component: Component;
  let config: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-cli-eds-'));
    bench = await createTestBench({ dir });
    sandbox = await startEdsSandbox();
    const credentials = seedCredentials();
    config = join(dir, 'edi.yaml');
    writeFileSync(
      config,
      toYaml({
        dataDir: dir,
        http: { host: '127.0.0.1', port: 0 },
        sandboxes: { eds: { enabled: true, url: sandbox.url } },
        connectors: { 'eds-delivery': { type: 'outbound.eds', environment: 'sandbox', baseUrl: '${sandbox:eds}', credentials } },
      }),
    );
    component = await edsDelivery.create(edsDeliveryConfig.parse({ environment: 'sandbox', baseUrl: sandbox.url, credentials }), await bench.context('eds-delivery'));
    await component.start();
    const ctx = await bench.context('eds-transform');
    for (const d of team) for (let n = 0; n < 3; n++) await intake(ctx, [{ id: newId(), topic: 'eds.trips.valid', key: d.clientId, value: carriageBody(tripOfDriver(d, n, { day })), source: 'test', contentType: 'application/json' }]);
    await bench.waitFor('eds.trips.receipts', 9);
    await component.stop();
  }, 60_000);
  afterAll(async () => {
    await bench?.close();
    await sandbox?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('edi eds clients lists every client with its token state, and no secret', async () => {
    const { code, out } = await edi(['-c', config, 'eds', 'clients']);
    expect(code, out).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1 + 50);
    const line = (id: string) => lines.find((l) => l.includes(id))!;
    expect(line(team[0]!.clientId)).toMatch(/taksometri-shared\s+with 9\s+valid\s+\d{4}-\d\d-\d\dT/);
    expect(line(drivers[5]!.clientId)).toMatch(/\snone\s/);
    expect(line(team[0]!.clientId)).not.toContain(team[0]!.personCode);
    for (const s of Object.values(seedCredentials().secrets)) expect(out).not.toContain(s);
    const json = await edi(['-c', config, 'eds', 'clients', '--json']);
    const parsed = JSON.parse(json.out) as Array<{ clientId: string; token: string; tokenRequests: number }>;
    expect(parsed.find((c) => c.clientId === team[2]!.clientId)).toMatchObject({ token: 'valid', tokenRequests: 1 });
  }, 60_000);

  it('edi eds reconcile finds nothing missing, then finds a trip deleted from the sandbox ledger', async () => {
    const ok = await edi(['-c', config, 'eds', 'reconcile', '--date', day]);
    expect(ok.code, ok.out).toBe(0);
    expect(ok.out).toContain(`EDS reconciliation ${day}: delivered 9, in the EDS report 9, matched 9`);
    const ledger = (await call(`${sandbox.url}/_sandbox/ledger?clientId=${team[1]!.clientId}`, 'GET')).json as { trips: Array<{ id: number; carriage: { StartDateTime: string } }> };
    const gone = ledger.trips[1]!;
    expect((await call(`${sandbox.url}/_sandbox/ledger/${gone.id}`, 'DELETE')).status).toBe(204);
    const missing = await edi(['-c', config, 'eds', 'reconcile', '--date', day]);
    expect(missing.code, missing.out).toBe(1);
    expect(missing.out).toContain('delivered 9, in the EDS report 8, matched 8');
    expect(missing.out).toMatch(new RegExp(`missing at EDS \\(delivered, not in the report\\): 1\\n .*client ${team[1]!.clientId}.*${gone.carriage.StartDateTime}`));
    expect(missing.out).toContain('missing in the broker (in the report, never delivered by it): 0');
    // The same from a report file (the XML a carrier downloads from EDS).
    const xml = await fetch(`${sandbox.url}/_sandbox/report?date=${day}&format=xml`).then((r) => r.text());
    writeFileSync(join(dir, 'report.xml'), xml);
    const fromFile = await edi(['-c', config, 'eds', 'reconcile', '--date', day, '--report', join(dir, 'report.xml'), '--json']);
    expect(fromFile.code, fromFile.out).toBe(1);
    expect(JSON.parse(fromFile.out)).toMatchObject({ deliveredCount: 9, reportedCount: 8, matchedCount: 8 });
  }, 60_000);
});
