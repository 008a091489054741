// The bus conformance suite on Apache Kafka (KAFKA_BROKERS: started by npm test / .ci/run).
import { busConformance } from '../conformance/bus-conformance.js';
import { openBus, type BusSpec } from '../conformance/bus-spec.js';
import { describeKafka, kafkaBrokers } from '../support/env.js';

const MAX_RECORD_BYTES = 8 * 1024 * 1024;

const spec = (): BusSpec => ({
  kind: 'kafka',
  // Short sessions so that a SIGKILLed member's partitions move on quickly.
  options: { brokers: kafkaBrokers()!.split(','), clientId: 'edi-conformance', sessionTimeoutMs: 4000, maxRecordBytes: MAX_RECORD_BYTES },
});

busConformance('kafka', () => openBus(spec()), { childBus: spec, maxRecordBytes: MAX_RECORD_BYTES, settleMs: 10_000 }, describeKafka());
