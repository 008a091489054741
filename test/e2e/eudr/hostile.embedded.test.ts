// Hostile papiNet inputs through `node bin/edi.js start` on the embedded bus: each refused with
// a clear code (inbox error/ or papinet.dlq), the broker alive, a good document still delivered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { readTopic, startBroker, stop, writeEudrConfig, type Broker, type EudrPaths } from './harness.js';
import { dropHostileThenGood, expectOutcomes, hostileCases } from './hostile.js';

const RUN = `h${Date.now().toString(36)}`;

describe('hostile papiNet inputs end to end on the embedded bus', () => {
  let dir: string;
  let paths: EudrPaths;
  let broker: Broker | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-eudr-hostile-'));
    paths = writeEudrConfig({ dir, run: RUN });
    broker = await startBroker(paths.config, join(dir, 'broker.log'));
  }, 120_000);
  afterAll(async () => {
    await stop(broker);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an external entity, billion laughs, a 60 MB file and invalid UTF-8 with clear codes, stays healthy, and still delivers the next good document', async () => {
    const cases = hostileCases(RUN, { rawLarge: true });
    await dropHostileThenGood(paths, cases, RUN);
    // The embedded log is SQLite in WAL mode: a reader beside the running broker sees committed records.
    const records = await expectOutcomes(broker!, paths, cases, () => readTopic({ dataDir: paths.dataDir }, 'papinet.dlq'));
    for (const r of records) expect(r.headers['edi-origin-topic']).toBe('papinet.inbound');
    await stop(broker);
    expect(broker!.child.exitCode).toBe(0);
    broker = undefined;
  }, 400_000);
});
