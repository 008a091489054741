// The Kafka backend of the Bus. The client library is an optional dependency, loaded here on
// first use so that the embedded default never needs it.
import type { Bus } from '../bus.js';
import { loadKafkaClient } from './load-client.js';
import { compileOptions, type KafkaBusOptions } from './options.js';
import { KafkaBus } from './kafka-bus.js';

export type { KafkaBusOptions } from './options.js';
export { kafkaErrors } from './errors.js';

export async function createKafkaBus(options: KafkaBusOptions): Promise<Bus> {
  const client = await loadKafkaClient();
  return new KafkaBus(client, compileOptions(options));
}
