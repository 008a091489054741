// Where the optional Kafka client is not installed (its native build failed, or it was
// omitted), choosing Kafka must fail with EDI_ERR_BUS_KAFKA_CLIENT_MISSING saying what to do.
// Proven for real: the loader runs from a copy of the sources in a directory without
// node_modules, so the import genuinely fails.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';
import { loadKafkaClient } from './load-client.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

it('loads @confluentinc/kafka-javascript when it is installed', async () => {
  const client = await loadKafkaClient();
  expect(typeof client.KafkaJS.Kafka).toBe('function');
});

it('fails with EDI_ERR_BUS_KAFKA_CLIENT_MISSING and the install hint where the client is absent', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'edi-no-kafka-'));
  try {
    cpSync(path.join(root, 'lib/errors.ts'), path.join(dir, 'lib/errors.ts'));
    cpSync(path.join(root, 'topics/kafka/load-client.ts'), path.join(dir, 'topics/kafka/load-client.ts'));
    writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(
      path.join(dir, 'check.ts'),
      "import { loadKafkaClient } from './topics/kafka/load-client.js';\n" +
        'loadKafkaClient().then(() => console.log(JSON.stringify({ loaded: true })), (e) => console.log(JSON.stringify({ code: e.code, retriable: e.retriable, message: e.message })));\n',
    );
    const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
    const run = spawnSync(process.execPath, ['--import', tsx, path.join(dir, 'check.ts')], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const out = JSON.parse(run.stdout) as { code?: string; retriable?: boolean; message?: string };
    expect(out.code).toBe('EDI_ERR_BUS_KAFKA_CLIENT_MISSING');
    expect(out.retriable).toBe(false);
    expect(out.message).toMatch(/CKJS_LINKING=dynamic/);
    expect(out.message).toMatch(/@confluentinc\/kafka-javascript/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
