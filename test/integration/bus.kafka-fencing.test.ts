// Zombie fencing of produce-with-state on Kafka (KIP-98 transactional ids, as KIP-618 uses
// them for exactly-once sources): a second instance of a component writing the same state
// namespace takes over, and the first one's next atomic produce fails for good instead of
// committing records and state behind the new owner's back.
import { randomBytes } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import type { Bus } from '../../topics/bus.js';
import { createKafkaBus } from '../../topics/kafka/index.js';
import { EdiError } from '../../lib/errors.js';
import { describeKafka, kafkaBrokers } from '../support/env.js';

describeKafka()('Kafka produce-with-state fencing', () => {
  const opened: Bus[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
  });
  const open = async (): Promise<Bus> => {
    const bus = await createKafkaBus({ brokers: kafkaBrokers()!.split(','), clientId: 'edi-fencing-test' });
    opened.push(bus);
    return bus;
  };

  it('fences the older instance once a newer one writes the same state namespace', async () => {
    const suffix = randomBytes(3).toString('hex');
    const topic = `fencing.intake.${suffix}`;
    const ns = `fencing-${suffix}`;
    const first = await open();
    await first.ensureTopics([{ name: topic, description: 'fencing test', key: 'file', contentType: 'text/plain', partitions: 1, cleanup: 'delete', retentionMs: 3_600_000 }]);
    const rec = (v: string) => ({ topic, key: v, value: Buffer.from(v), headers: {} });

    await first.produce([rec('a')], { state: [{ namespace: ns, key: 'seen/a', value: 1 }] });
    const second = await open();
    await second.produce([rec('b')], { state: [{ namespace: ns, key: 'seen/b', value: 1 }] });

    const err = await first.produce([rec('zombie')], { state: [{ namespace: ns, key: 'seen/zombie', value: 1 }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EdiError);
    expect((err as EdiError).code).toBe('EDI_ERR_BUS_KAFKA_FENCED');
    expect((err as EdiError).retriable).toBe(false);
    // And it stays fenced: no later atomic produce from the zombie goes through either.
    const again = await first.produce([rec('zombie2')], { state: [{ namespace: ns, key: 'seen/zombie2', value: 1 }] }).catch((e: unknown) => e);
    expect((again as EdiError).code).toBe('EDI_ERR_BUS_KAFKA_FENCED');

    const values: string[] = [];
    for await (const r of second.scan(topic)) values.push(r.value.toString());
    expect(values).toEqual(['a', 'b']);
    const reopened = await (await open()).openState(ns);
    expect((await reopened.scan('')).map(([k]) => k)).toEqual(['seen/a', 'seen/b']);
  });
});
