// A crash between commit and archive, in a real broker process: SIGKILL right after the record
// and the seen-file state are durable, before the file leaves the inbox. The restarted broker
// must archive the file without producing a second record.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { H } from '../../../topics/headers.js';
import { recordsIn as records, runBroker } from '../../../test/support/broker-process.js';

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
