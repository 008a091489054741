// Issue 2, "Must show", on Apache Kafka: `kill -9` of `edi start` while records flow, then a
// restart: every record produced before the kill is consumed, none lost; only uncommitted
// records come round again. Topics, component ids and groups are unique to the run.
import { expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeKafka, kafkaBrokers } from '../../support/env.js';
import { killAndRestart } from './kill-restart.scenario.js';

describeKafka()('edi start on Kafka, killed with SIGKILL while papiNet files flow, then restarted', () => {
  it('delivers every file exactly once to the buyer folder; only uncommitted records are redelivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-kill-restart-kafka-'));
    try {
      const run = `kfk${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
      const result = await killAndRestart({ dir, run, kafkaBrokers: kafkaBrokers()! }, { files: 200, killAfterDelivered: 20, wave: 5, intervalMs: 150 });
      console.log(`Kafka kill -9: at the kill ${result.atKill.dropped} files dropped, ${result.atKill.inbound} records on the inbound topic (${result.atKill.transformerLag} not yet committed by the transformer), ${result.atKill.delivered} files delivered; redelivered after the restart: ${result.redelivered.transformer} to the transformer, ${result.redelivered.delivery} deliveries found already done`);
      expect(result.atKill.delivered).toBeGreaterThanOrEqual(20);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
