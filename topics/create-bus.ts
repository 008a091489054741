// Chooses the Bus backend: the embedded log (default) or Apache Kafka. The Kafka client is an
// optional dependency, loaded only when Kafka is chosen.
import type { Logger } from 'pino';
import type { Bus } from './bus.js';
import type { Secret } from '../lib/secret.js';

export interface BusSettings {
  kind: 'embedded' | 'kafka';
  embedded: { dir: string; synchronous: 'full' | 'normal'; sessionTimeoutMs: number; retentionIntervalMs: number };
  kafka: {
    brokers: string[];
    clientId: string;
    ssl: boolean;
    sasl?: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512'; username: string; password: Secret };
    sessionTimeoutMs: number;
  };
}

export async function createBus(settings: BusSettings, log: Logger): Promise<Bus> {
  if (settings.kind === 'kafka') {
    const { createKafkaBus } = await import('./kafka/index.js');
    return createKafkaBus({ ...settings.kafka, log });
  }
  const { createEmbeddedBus } = await import('./embedded/index.js');
  return createEmbeddedBus({ ...settings.embedded, log });
}
