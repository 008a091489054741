// Hostile papiNet inputs through `node bin/edi.js start` on Apache Kafka (KAFKA_BROKERS): the
// same run as on the embedded bus. Topics and component ids carry a run id: the test Kafka is
// shared with other suites and runs.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeKafka, kafkaBrokers } from '../../support/env.js';
import { readTopic, runTopics, startBroker, stop, writeEudrConfig, type Broker, type EudrPaths } from './harness.js';
import { dropHostileThenGood, expectOutcomes, hostileCases } from './hostile.js';

const RUN = `h${Date.now().toString(36)}`;
const { names: T, specs } = runTopics(RUN);

describeKafka()('hostile papiNet inputs end to end on Apache Kafka', () => {
  let dir: string;
  let paths: EudrPaths;
  let broker: Broker | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'edi-e2e-eudr-hostile-kafka-'));
    paths = writeEudrConfig({ dir, run: RUN, topics: T, kafka: { clientId: `edi-${RUN}`, topics: specs } });
    broker = await startBroker(paths.config, join(dir, 'broker.log'), { KAFKA_BROKERS: kafkaBrokers()! });
  }, 180_000);
  afterAll(async () => {
    await stop(broker);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an external entity, billion laughs, a 60 MB file and invalid UTF-8 with clear codes, stays healthy, and still delivers the next good document', async () => {
    const cases = hostileCases(RUN, { rawLarge: false });
    await dropHostileThenGood(paths, cases, RUN);
    const records = await expectOutcomes(broker!, paths, cases, () => readTopic({ kafka: kafkaBrokers()! }, T.dlq));
    for (const r of records) expect(r.headers['edi-origin-topic']).toBe(T.inbound);
  }, 400_000);
});
