// Reading and changing topic configs (cleanup.policy, retention.ms, max.message.bytes) with
// DescribeConfigs (KIP-133) and IncrementalAlterConfigs (KIP-339), which the Confluent
// client's admin API does not offer.
import { kafkaErrors } from '../errors.js';
import type { BrokerConnection } from './broker-connection.js';
import { ApiKey, errorName } from './protocol.js';

const RESOURCE_TOPIC = 2;
const OP_SET = 0;

export interface ConfigValue {
  value: string | null;
  /** True when the topic sets it itself (not inherited from broker defaults). */
  explicit: boolean;
}

/** Config source DYNAMIC_TOPIC_CONFIG (KIP-226): set on the topic itself. */
const SOURCE_TOPIC = 1;

export async function describeTopicConfigs(
  conn: BrokerConnection,
  topics: readonly string[],
  keys: readonly string[],
): Promise<Map<string, Map<string, ConfigValue>>> {
  const out = new Map<string, Map<string, ConfigValue>>();
  if (topics.length === 0) return out;
  const v = conn.version(ApiKey.DescribeConfigs, 1, 4);
  if (v === undefined) throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_PROTOCOL', { api: 'DescribeConfigs', broker: conn.broker, reason: 'no common version (we speak 1-4)' });
  const r = await conn.request(ApiKey.DescribeConfigs, v, (w) => {
    w.array(topics, (x, topic) => {
      x.int8(RESOURCE_TOPIC).string(topic).array(keys, (y, k) => y.string(k), false);
    });
    w.bool(false); // include_synonyms
    if (v >= 3) w.bool(false); // include_documentation
  });
  r.int32(); // throttle_time_ms
  const results = r.array((x) => {
    const errorCode = x.int16();
    const errorMessage = x.nullableString();
    x.int8();
    const name = x.string();
    const configs = x.array((y) => {
      const key = y.string();
      const value = y.nullableString();
      y.bool(); // read_only
      const source = y.int8();
      y.bool(); // is_sensitive
      y.array((z) => {
        z.string();
        z.nullableString();
        z.int8();
      });
      if (v >= 3) {
        y.int8(); // config_type
        y.nullableString(); // documentation
      }
      return { key, value, explicit: source === SOURCE_TOPIC };
    });
    return { errorCode, errorMessage, name, configs };
  });
  for (const res of results) {
    if (res.errorCode !== 0) {
      throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_PROTOCOL', { api: 'DescribeConfigs', broker: conn.broker, reason: `${res.name}: ${res.errorMessage ?? errorName(res.errorCode)}` });
    }
    out.set(res.name, new Map(res.configs.map((c) => [c.key, { value: c.value, explicit: c.explicit }])));
  }
  return out;
}

/** Sets the given configs on a topic, leaving its other configs as they are. */
export async function setTopicConfigs(conn: BrokerConnection, topic: string, settings: Record<string, string>): Promise<void> {
  const entries = Object.entries(settings);
  if (entries.length === 0) return;
  const v = conn.version(ApiKey.IncrementalAlterConfigs, 0, 1);
  if (v === undefined) throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_PROTOCOL', { api: 'IncrementalAlterConfigs', broker: conn.broker, reason: 'no common version (we speak 0-1)' });
  const r = await conn.request(ApiKey.IncrementalAlterConfigs, v, (w) => {
    w.array([topic], (x, name) => {
      x.int8(RESOURCE_TOPIC)
        .string(name)
        .array(entries, (y, [key, value]) => {
          y.string(key).int8(OP_SET).nullableString(value);
        });
    });
    w.bool(false); // validate_only
  });
  r.int32(); // throttle_time_ms
  const responses = r.array((x) => ({ errorCode: x.int16(), errorMessage: x.nullableString(), type: x.int8(), name: x.string() }));
  for (const res of responses) {
    if (res.errorCode !== 0) {
      throw kafkaErrors.create('EDI_ERR_BUS_KAFKA_TOPIC_CONFIG', {
        settings: entries.map(([k, val]) => `${k}=${val}`).join(', '),
        topic: res.name,
        reason: res.errorMessage ?? errorName(res.errorCode),
      });
    }
  }
}
