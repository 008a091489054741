// A bus described as JSON, so that a child process (the crash test) can open the same
// backend as the test that started it.
import type { Logger } from 'pino';
import type { Bus } from '../../topics/bus.js';

export type BusSpec =
  | { kind: 'embedded'; options: { dir: string; sessionTimeoutMs?: number; heartbeatMs?: number; pollMs?: number; maxRecordBytes?: number; log?: Logger } }
  | { kind: 'kafka'; options: { brokers: string[]; clientId?: string; sessionTimeoutMs?: number; maxRecordBytes?: number; log?: Logger } };

export async function openBus(spec: BusSpec): Promise<Bus> {
  if (spec.kind === 'kafka') {
    const { createKafkaBus } = await import('../../topics/kafka/index.js');
    return createKafkaBus(spec.options);
  }
  const { createEmbeddedBus } = await import('../../topics/embedded/index.js');
  return createEmbeddedBus(spec.options);
}
