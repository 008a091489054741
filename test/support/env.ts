// Integration tests talk to real servers. Outside CI a missing server skips its tests with a
// loud notice; in CI (CI=true) nothing may be skipped, so a missing server fails instead.
import { describe } from 'vitest';

export const inCI = process.env.CI === 'true' || process.env.CI === '1';

export function requireServer(name: string, available: boolean, hint: string): typeof describe | typeof describe.skip {
  if (available) return describe;
  if (inCI) throw new Error(`${name} is required in CI but is not available: ${hint}`);
  console.warn(`\n*** SKIPPING ${name} tests: ${hint} ***\n`);
  return describe.skip;
}

/** Brokers of the real Kafka started by test/run.js or .ci/run (KAFKA_BROKERS). */
export function kafkaBrokers(): string | undefined {
  const v = process.env.KAFKA_BROKERS;
  return v && v.trim() ? v.trim() : undefined;
}

export const describeKafka = (): typeof describe | typeof describe.skip =>
  requireServer('Apache Kafka', kafkaBrokers() !== undefined, 'KAFKA_BROKERS is not set (npm test starts Kafka itself when Java and Maven are present)');
