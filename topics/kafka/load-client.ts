// @confluentinc/kafka-javascript is an optional dependency (a native build that may fail
// where librdkafka's build libraries are missing): load it only when Kafka is chosen, and say
// clearly what is missing when it is not there.
import { coreErrors } from '../../lib/errors.js';

export type KafkaClientModule = typeof import('@confluentinc/kafka-javascript');
export type KafkaJSModule = KafkaClientModule['KafkaJS'];

let loading: Promise<KafkaClientModule> | undefined;

export function loadKafkaClient(): Promise<KafkaClientModule> {
  loading ??= import('@confluentinc/kafka-javascript').then(
    (m) => ((m as { default?: KafkaClientModule }).default ?? m) as KafkaClientModule,
    (err: unknown) => {
      loading = undefined;
      const reason = err instanceof Error ? err.message.split('\n')[0]! : String(err);
      throw coreErrors.create('EDI_ERR_BUS_KAFKA_CLIENT_MISSING', { reason }, { cause: err });
    },
  );
  return loading;
}
