#!/usr/bin/env node
// `npm test`: runs vitest against a real Apache Kafka. With KAFKA_BROKERS set it uses that
// broker; otherwise, when Java and Maven are present, it starts the test Kafka of
// test/kafka/kafka.js for the run and stops it afterwards (also on Ctrl-C). Without Java or
// Maven the Kafka tests skip with a loud notice, and in CI (CI=true) that is a failure.
// Extra arguments go to `vitest run` (e.g. `npm test -- topics/`).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { kafkaEnv, kafkaToolsAvailable, startKafka } from './kafka/kafka.js';

const inCI = process.env.CI === 'true' || process.env.CI === '1';
const require = createRequire(import.meta.url);
const vitestBin = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');

function loud(lines) {
  const bar = '*'.repeat(78);
  process.stderr.write(`\n${bar}\n${lines.map((l) => `*** ${l}`).join('\n')}\n${bar}\n\n`);
}

let kafka;
let vitest;
let stopping;

async function stopKafka() {
  if (kafka === undefined) return;
  stopping ??= kafka.stop().catch((err) => process.stderr.write(`[test] stopping Kafka failed: ${err.message}\n`));
  await stopping;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    // vitest gets the signal too when it shares our terminal; send it anyway for the other cases.
    vitest?.kill(signal);
    void stopKafka().then(() => process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1)));
  });
}

async function main() {
  const env = { ...process.env };
  if (!env.KAFKA_BROKERS) {
    if (kafkaToolsAvailable()) {
      const started = Date.now();
      process.stderr.write('[test] KAFKA_BROKERS is not set: starting Apache Kafka (KRaft, test/kafka/kafka.js) for this run\n');
      kafka = await startKafka();
      Object.assign(env, kafkaEnv(kafka));
      process.stderr.write(`[test] Kafka ready on ${env.KAFKA_BROKERS} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } else {
      loud([
        'Java and/or Maven were not found: the Apache Kafka tests will be SKIPPED.',
        'Install a JDK (17+) and Maven, or set KAFKA_BROKERS to a running broker, to run them.',
        ...(inCI ? ['CI=true: skipping is not allowed; failing.'] : []),
      ]);
      if (inCI) return 1;
    }
  }
  return await new Promise((resolve) => {
    vitest = spawn(process.execPath, [vitestBin, 'run', ...process.argv.slice(2)], { stdio: 'inherit', env });
    vitest.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

let code = 1;
try {
  code = await main();
} catch (err) {
  process.stderr.write(`[test] ${err instanceof Error ? err.stack : String(err)}\n`);
  code = 1;
} finally {
  await stopKafka();
}
process.exit(code);
