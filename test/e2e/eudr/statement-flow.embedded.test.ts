// The timber / EUDR flow through `node bin/edi.js start` on the embedded bus, with the TRACES
// and VMD sandboxes as their own processes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { readTopic, startBroker, startSandbox, stop, writeEudrConfig, type Broker, type EudrPaths, type Proc } from './harness.js';
import { deliveryMessageCarriesOneStatement, SLOW_TRACES, statementFlow, survivesKillWhileWaiting, unknownAffirmationGoesToDlq } from './statement-flow.js';

const RUN = `s${Date.now().toString(36)}`;

describe('timber / EUDR end to end on the embedded bus (inbox → TRACES sandbox → buyer\'s outbox)', () => {
  let dir: string;
  let paths: EudrPaths;
  let broker: Broker | undefined;
  let traces: { proc: Proc; url: string } | undefined;
  let vmd: { proc: Proc; url: string } | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-eudr-'));
    [traces, vmd] = await Promise.all([startSandbox(dir, 'traces'), startSandbox(dir, 'vmd')]);
    paths = writeEudrConfig({ dir, run: RUN, sandboxes: { traces: traces.url, vmd: vmd.url }, statementFlow });
    broker = await startBroker(paths.config, join(dir, 'broker.log'));
  }, 180_000);
  afterAll(async () => {
    await stop(broker);
    await Promise.all([stop(traces?.proc), stop(vmd?.proc)]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('a DeliveryMessage naming two affirmations gets ONE statement and reaches the buyer carrying its reference and verification numbers, valid against our XSD', async () => {
    await deliveryMessageCarriesOneStatement(paths, traces!.url, RUN);
  }, 400_000);

  it('sends a DeliveryMessage naming affirmations VMD does not know to the papiNet DLQ with the numbers named, nothing to TRACES', async () => {
    await unknownAffirmationGoesToDlq(paths, traces!.url, RUN, () => readTopic({ dataDir: paths.dataDir }, 'papinet.dlq'));
  }, 400_000);
});

describe('timber / EUDR on the embedded bus: the broker killed while a document waits for TRACES', () => {
  const run = `k${Date.now().toString(36)}`;
  let dir: string;
  let paths: EudrPaths;
  let broker: Broker | undefined;
  let traces: { proc: Proc; url: string } | undefined;
  let vmd: { proc: Proc; url: string } | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-eudr-kill-'));
    [traces, vmd] = await Promise.all([startSandbox(dir, 'traces', SLOW_TRACES), startSandbox(dir, 'vmd')]);
    paths = writeEudrConfig({ dir, run, sandboxes: { traces: traces.url, vmd: vmd.url }, statementFlow });
    broker = await startBroker(paths.config, join(dir, 'broker-1.log'));
  }, 180_000);
  afterAll(async () => {
    await stop(broker);
    await Promise.all([stop(traces?.proc), stop(vmd?.proc)]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the DeliveryMessage once, with exactly one statement in the ledger, after a SIGKILL between submit and receipt', async () => {
    await survivesKillWhileWaiting(
      paths,
      traces!.url,
      run,
      () => stop(broker, 'SIGKILL'),
      async () => {
        broker = await startBroker(paths.config, join(dir, 'broker-2.log'));
      },
    );
  }, 400_000);
});
