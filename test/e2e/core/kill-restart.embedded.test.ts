// Issue 2, "Must show": `kill -9` of `edi start` while records flow, then a restart, on the
// embedded bus: every record produced before the kill is consumed, none lost; only uncommitted
// records come round again (kill-restart.scenario.ts has the checks).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killAndRestart } from './kill-restart.scenario.js';

describe('edi start on the embedded bus, killed with SIGKILL while papiNet files flow, then restarted', () => {
  it('delivers every file exactly once to the buyer folder; only uncommitted records are redelivered', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-kill-restart-'));
    try {
      const result = await killAndRestart({ dir, run: `emb${Date.now().toString(36)}` }, { files: 400, killAfterDelivered: 40, wave: 5, intervalMs: 50 });
      console.log(`embedded kill -9: at the kill ${result.atKill.dropped} files dropped, ${result.atKill.inbound} records on the inbound topic (${result.atKill.transformerLag} not yet committed by the transformer), ${result.atKill.delivered} files delivered; redelivered after the restart: ${result.redelivered.transformer} to the transformer, ${result.redelivered.delivery} deliveries found already done`);
      expect(result.atKill.delivered).toBeGreaterThanOrEqual(40);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
