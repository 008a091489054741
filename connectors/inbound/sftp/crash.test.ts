// A crash between commit and the remote move, in a real broker process polling a real sshd:
// SIGKILL right after the records and the per-file state are durable. The restarted broker must
// move the remote file without taking it again.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSshd, startSshd, type Sshd } from '../../../test/support/sshd.js';
import { recordsIn, runBroker } from '../../../test/support/broker-process.js';
import { H } from '../../../topics/headers.js';

describeSshd()('inbound.sftp in a real broker process killed between commit and the remote move', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
  });
  afterAll(async () => {
    await sshd?.close();
  });

  it('SIGKILL right after the commit, then a restart: the remote files are moved and each was taken once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-sftp-crash-'));
    try {
      const dataDir = join(dir, 'data');
      const out = join(sshd.root, 'crash');
      mkdirSync(out);
      for (const n of [1, 2, 3]) writeFileSync(join(out, `DM-${n}.xml`), `<DeliveryMessageWood><DeliveryMessageNumber>DM-${n}</DeliveryMessageNumber></DeliveryMessageWood>\n`);
      const config = join(dir, 'edi.config.yaml');
      writeFileSync(
        config,
        [
          `dataDir: ${dataDir}`,
          'http: { host: 127.0.0.1, port: 0 }',
          'sandboxes: {}',
          'transformers: {}',
          'connectors:',
          '  sftp-sawmill:',
          '    type: inbound.sftp',
          `    host: ${sshd.host}`,
          `    port: ${sshd.port}`,
          `    username: ${sshd.username}`,
          // The key comes from a file, as in production.
          `    privateKey: \${file:${sshd.userKeyPath}}`,
          `    hostKeyFingerprint: "${sshd.hostKeyFingerprint}"`,
          `    remoteDir: ${out}`,
          '    topic: papinet.inbound',
          '    minAge: 0',
          '    pollInterval: 200ms',
          '',
        ].join('\n'),
      );
      const first = await runBroker(config, { EDI_TEST_CRASH_AT: 'inbound.sftp:after-commit' }, () => false);
      expect(first.signal, first.stderr).toBe('SIGKILL');
      const afterCrash = await recordsIn(dataDir, 'papinet.inbound');
      expect(afterCrash).toHaveLength(3);
      expect(readdirSync(out).filter((n) => n.endsWith('.xml')).sort(), 'nothing moved before the crash').toEqual(['DM-1.xml', 'DM-2.xml', 'DM-3.xml']);

      const moved = () => existsSync(join(out, 'processed')) && readdirSync(join(out, 'processed')).length === 3;
      const second = await runBroker(config, {}, moved);
      expect(second.code, second.stderr).toBe(0);
      expect(readdirSync(out).filter((n) => n.endsWith('.xml'))).toEqual([]);
      const all = await recordsIn(dataDir, 'papinet.inbound');
      expect(all.map((r) => r.headers[H.id]).sort()).toEqual(afterCrash.map((r) => r.headers[H.id]).sort());
      expect(second.stderr).not.toContain(sshd.userKey.split('\n')[2]!);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
