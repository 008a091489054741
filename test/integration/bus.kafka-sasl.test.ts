// The Kafka bus over SASL (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) against the test broker's
// SASL listener: librdkafka's clients and our own wire-protocol connection (topic configs)
// both authenticate; a wrong password is refused with a clear error that does not carry it.
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Bus } from '../../topics/bus.js';
import { createKafkaBus } from '../../topics/kafka/index.js';
import { BrokerConnection } from '../../topics/kafka/wire/broker-connection.js';
import { Secret } from '../../lib/secret.js';
import { EdiError } from '../../lib/errors.js';
import { requireServer } from '../support/env.js';

const brokers = process.env.KAFKA_SASL_BROKERS?.split(',').filter(Boolean);
const username = process.env.KAFKA_SASL_USERNAME ?? '';
const password = process.env.KAFKA_SASL_PASSWORD ?? '';
const describeSasl = requireServer('Apache Kafka SASL listener', brokers !== undefined && brokers.length > 0, 'KAFKA_SASL_BROKERS is not set (test/kafka/kafka.js starts one)');

describeSasl('Kafka bus over SASL', () => {
  const opened: Bus[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
  });

  for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
    it(`creates, configures, writes and reads a topic authenticated with ${mechanism.toUpperCase()}`, async () => {
      const bus = await createKafkaBus({ brokers: brokers!, sasl: { mechanism, username, password: new Secret(password) } });
      opened.push(bus);
      const topic = `sasl-${mechanism}-${randomBytes(3).toString('hex')}`;
      const spec = { name: topic, description: 'sasl test', key: 'k', contentType: 'text/plain', partitions: 1, cleanup: 'delete' as const, retentionMs: 60_000 };
      expect(await bus.ensureTopics([spec])).toEqual([{ name: topic, action: 'created' }]);
      // An update goes through the wire-protocol connection (IncrementalAlterConfigs).
      expect(await bus.ensureTopics([{ ...spec, retentionMs: 120_000 }])).toEqual([{ name: topic, action: 'updated' }]);
      await bus.produce([{ topic, key: 'k', value: Buffer.from('over sasl'), headers: {} }]);
      const [info] = await bus.describeTopics([topic]);
      expect(info!.retentionMs).toBe(120_000);
      const values: string[] = [];
      for await (const r of bus.scan(topic)) values.push(r.value.toString());
      expect(values).toEqual(['over sasl']);
    });
  }

  it('refuses a wrong password with EDI_ERR_BUS_KAFKA_AUTH, naming the user but not the password', async () => {
    const wrong = `wrong-${randomBytes(6).toString('hex')}`;
    const err = await BrokerConnection.open({ brokers: brokers!, clientId: 'sasl-test', ssl: false, sasl: { mechanism: 'scram-sha-256', username, password: new Secret(wrong) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EdiError);
    expect((err as EdiError).code).toBe('EDI_ERR_BUS_KAFKA_AUTH');
    expect((err as EdiError).retriable).toBe(false);
    expect((err as EdiError).message).toContain(username);
    expect(JSON.stringify(err) + (err as Error).message + String((err as Error).stack)).not.toContain(wrong);
  });
});
