import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, createServer } from 'node:net';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import { intake } from '../../connectors/sdk/intake.js';
import { H } from '../../topics/headers.js';
import type { Component } from '../../topics/component.js';
import { writeConfluentFrame } from '../../schemas/avro/confluent-wire.js';
import { HttpSchemaRegistry } from '../../schemas/avro/registry-http.js';
import { loadAvroSchemas } from '../../schemas/avro/loader.js';
import { validMessage } from '../../test/fixtures/tobacco/messages.js';
import { describeSchemaRegistry, freePort, startSchemaRegistry, type SchemaRegistryServer } from '../../test/support/schema-registry.js';
import { tobaccoTransformer } from './index.js';
import { tobaccoTransformerConfig } from './spec.js';
import { recallCodeFor } from './recall-code.js';
import { tobaccoEventSchemaOf } from './event-schemas.js';

const dispatchAvro = tobaccoEventSchemaOf('EDP').schema;

/** An ERP dispatch as an Avro record (optional fields null). */
function erpDispatch(eventTime = Date.now()): Record<string, unknown> {
  const m = validMessage('EDP');
  const t = dispatchAvro.type as unknown as { fields: Array<{ name: string }> };
  const values: Record<string, unknown> = { ...m, Event_Time: eventTime, Transport_cont1: false, EMCS: true, SAAD: false, Exp_Declaration: false };
  return Object.fromEntries(t.fields.map((f) => [f.name, values[f.name] ?? null]));
}

async function startTransformer(bench: TestBench, options: Record<string, unknown> = {}, id = 'tobacco-transform'): Promise<Component> {
  const component = await tobaccoTransformer.create(tobaccoTransformerConfig.parse(options), await bench.context(id));
  await component.start();
  return component;
}

describe('transformer.tobacco on the embedded bus', () => {
  let bench: TestBench;
  let component: Component | undefined;
  beforeEach(async () => {
    bench = await createTestBench();
  });
  afterEach(async () => {
    await component?.stop();
    component = undefined;
    await bench.close();
  });

  it('turns a JSON data-dictionary message into exact bytes on tobacco.messages, keyed by EO_ID, with the recall Code of its edi-id', async () => {
    component = await startTransformer(bench);
    const message = validMessage('EPO');
    const { ids } = await intake(await bench.context('http-in'), [{ topic: 'tobacco.events.inbound', key: null, value: Buffer.from(JSON.stringify(message)), source: 'http-tobacco:req-1', contentType: 'application/json' }]);
    const [out] = await bench.waitFor('tobacco.messages', 1);
    const code = recallCodeFor(ids[0]!);
    expect(out!.key).toBe(message.EO_ID);
    expect(out!.headers).toMatchObject({ [H.id]: ids[0], [H.contentType]: 'application/json; charset=utf-8', [H.schema]: 'tobacco.Message', [H.source]: 'http-tobacco:req-1' });
    expect(out!.value.toString('utf8')).toBe(JSON.stringify({ Message_Type: 'EPO', Code: code, ...message }));
    const steps = await bench.tracking(ids[0]!);
    expect(steps.map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'transform:ok']);
    expect(steps[1]!.refs).toMatchObject({ Code: code, Message_Type: 'EPO', form: 'json-message' });
  });

  it('sends a broken rule to tobacco.dlq with the field path, the rule and the value, and nothing to tobacco.messages', async () => {
    component = await startTransformer(bench);
    const bad: Record<string, unknown> = { ...validMessage('EDP'), Transport_mode: 9 };
    delete bad.Destination_ID2;
    const { ids } = await intake(await bench.context('in'), [
      { topic: 'tobacco.events.inbound', key: null, value: Buffer.from(JSON.stringify(bad)), source: 'inbox-tobacco:bad.json', contentType: 'application/json' },
      { topic: 'tobacco.events.inbound', key: null, value: Buffer.from(JSON.stringify(validMessage('EIV'))), source: 'inbox-tobacco:ok.json', contentType: 'application/json' },
    ]);
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    await bench.waitFor('tobacco.messages', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: ids[0], [H.errorCode]: 'EDI_ERR_TOBACCO_RULE', [H.errorStage]: 'transform', [H.originTopic]: 'tobacco.events.inbound' });
    const detail = JSON.parse(dlq!.headers[H.errorDetail]!) as { path: string; rule: string; value: string; violations: Array<{ path: string; rule: string; value: unknown; routerCode: string }> };
    expect(detail.violations.map((v) => [v.path, v.rule, v.value, v.routerCode])).toEqual([
      ['Destination_ID2', 'required-if', undefined, 'REQUIRED_FIELD_FAILED_VALIDATION'],
      ['Transport_mode', 'enum', 9, 'FAILED_VALIDATION'],
    ]);
    expect(detail).toMatchObject({ path: 'Destination_ID2', rule: 'required-if' });
    expect(dlq!.value.toString()).toBe(JSON.stringify(bad));
    expect((await bench.read('tobacco.messages')).map((r) => r.headers[H.id])).toEqual([ids[1]]);
  });

  it('a message breaking hundreds of rules keeps edi-error-detail parseable: as many violations as fit, the rest counted', async () => {
    component = await startTransformer(bench);
    const ui = 'PLU0000000001AB';
    const bad = { ...validMessage('EDP'), upUIs: Array.from({ length: 400 }, () => ui), Colour: 'x'.repeat(5000) };
    await intake(await bench.context('in'), [{ topic: 'tobacco.events.inbound', key: null, value: Buffer.from(JSON.stringify(bad)), source: 'in:many.json', contentType: 'application/json' }]);
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    const detail = JSON.parse(dlq!.headers[H.errorDetail]!) as { violations: Array<{ value: unknown }>; omitted?: number };
    expect(detail.violations.length).toBeGreaterThan(0);
    expect(detail.violations.length + (detail.omitted ?? 0)).toBeGreaterThan(1);
    for (const v of detail.violations) expect(JSON.stringify(v.value ?? null).length).toBeLessThan(300);
  });

  it('takes the event schema of a file from its name, and sniffs Avro and JSON sent as application/octet-stream', async () => {
    component = await startTransformer(bench);
    const avro = dispatchAvro.type.toBuffer(erpDispatch());
    const json = { ...validMessage('EPR') } as Record<string, unknown>;
    delete json.Message_Type;
    await intake(await bench.context('inbox'), [
      { topic: 'tobacco.events.inbound', key: null, value: avro, source: 'inbox-tobacco:Dispatch-0042.avro', contentType: 'application/octet-stream' },
      { topic: 'tobacco.events.inbound', key: null, value: Buffer.from(JSON.stringify(json)), source: 'inbox-tobacco:EPR_0043.json', contentType: 'application/json' },
      { topic: 'tobacco.events.inbound', key: null, value: Buffer.from(JSON.stringify(json)), source: 'http-tobacco:req-9', contentType: 'application/octet-stream', schema: 'edi.tobacco.erp.Payment' },
    ]);
    const out = await bench.waitFor('tobacco.messages', 3);
    expect(out.map((r) => (JSON.parse(r.value.toString()) as { Message_Type: string }).Message_Type)).toEqual(['EDP', 'EPR', 'EPR']);
    expect(await bench.read('tobacco.dlq')).toEqual([]);
  });

  it('sends Confluent-framed records to the DLQ when no schema registry is configured (replayable once one is)', async () => {
    component = await startTransformer(bench);
    await bench.bus.produce([{ topic: 'tobacco.events.inbound', key: 'EO', value: writeConfluentFrame(1, dispatchAvro.type.toBuffer(erpDispatch())), headers: {} }]);
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    expect(dlq!.headers[H.errorCode]).toBe('EDI_ERR_SCHEMA_REGISTRY_NOT_CONFIGURED');
    expect(dlq!.headers[H.id]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
  });
});

describeSchemaRegistry()('transformer.tobacco with a real schema registry (Confluent wire format)', () => {
  let registry: SchemaRegistryServer;
  let bench: TestBench;
  let component: Component | undefined;
  beforeAll(async () => {
    registry = await startSchemaRegistry();
    console.info(`[schema registry] ${registry.product}: install ${registry.timings.installMs} ms, start ${registry.timings.startMs} ms`);
  });
  afterAll(async () => registry?.stop());
  beforeEach(async () => {
    bench = await createTestBench();
  });
  afterEach(async () => {
    await component?.stop();
    component = undefined;
    await bench.close();
  });

  it('decodes what an ERP producer wrote (no edi-* headers): writer schema by id, a deterministic edi-id, the same one on redelivery', async () => {
    const client = new HttpSchemaRegistry({ url: registry.url });
    const id = await client.register('tobacco.events.inbound-value', JSON.stringify(dispatchAvro.json));
    expect(await client.register('tobacco.events.inbound-value', JSON.stringify(dispatchAvro.json))).toBe(id);
    component = await startTransformer(bench, { schemaRegistry: { url: registry.url } });
    const event = erpDispatch();
    await bench.bus.produce([{ topic: 'tobacco.events.inbound', key: String(event.EO_ID), value: writeConfluentFrame(id, dispatchAvro.type.toBuffer(event)), headers: {} }]);
    const [out] = await bench.waitFor('tobacco.messages', 1);
    const ediId = out!.headers[H.id]!;
    expect(ediId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(out!.headers[H.source]).toMatch(/^kafka:tobacco\.events\.inbound\/\d+\/0$/);
    const message = JSON.parse(out!.value.toString()) as Record<string, unknown>;
    expect(message).toMatchObject({ Message_Type: 'EDP', Code: recallCodeFor(ediId), EO_ID: event.EO_ID, Transport_cont1: 0, EMCS: 1 });
    expect((await bench.tracking(ediId)).map((e) => `${e.step}:${e.status}`)).toEqual(['transform:ok']);
    await component.stop();
    // Another group reads the same record again (as after a crash before the commit): same id, same Code.
    component = await startTransformer(bench, { schemaRegistry: { url: registry.url } }, 'tobacco-transform-again');
    const both = await bench.waitFor('tobacco.messages', 2);
    expect(both[1]!.headers[H.id]).toBe(ediId);
    expect(both[1]!.value.equals(out!.value)).toBe(true);
  });

  it('a schema id the registry does not know goes to the DLQ as EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN', async () => {
    component = await startTransformer(bench, { schemaRegistry: { url: registry.url } });
    await bench.bus.produce([{ topic: 'tobacco.events.inbound', key: 'EO', value: writeConfluentFrame(987_654, dispatchAvro.type.toBuffer(erpDispatch())), headers: {} }]);
    const [dlq] = await bench.waitFor('tobacco.dlq', 1);
    expect(dlq!.headers[H.errorCode]).toBe('EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN');
    expect(JSON.parse(dlq!.headers[H.errorDetail]!)).toEqual({ schemaId: 987_654 });
  });

  it('while the registry is down the batch waits (no DLQ, no output) and goes through once it is back', async () => {
    const port = await freePort();
    const first = await startSchemaRegistry({ port });
    const schema = JSON.stringify(loadAvroSchemas('tobacco').get('edi.tobacco.erp.Dispatch')!.json);
    const id = await new HttpSchemaRegistry({ url: first.url }).register('erp-dispatch-value', schema);
    await first.stop();
    component = await startTransformer(bench, { schemaRegistry: { url: first.url, timeout: '1s' } });
    await bench.bus.produce([{ topic: 'tobacco.events.inbound', key: 'EO', value: writeConfluentFrame(id, dispatchAvro.type.toBuffer(erpDispatch())), headers: {} }]);
    await new Promise((r) => setTimeout(r, 2500));
    expect(await bench.read('tobacco.messages')).toEqual([]);
    expect(await bench.read('tobacco.dlq')).toEqual([]);
    // The registry comes back with the schema already in it: a second registry on another port
    // gets the schema first, then the original address forwards to it. (Restarting on the same
    // port would race the waiting batch against the test's register call: a lookup answered 404
    // in between is, rightly, a permanent EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN.)
    const second = await startSchemaRegistry();
    const forward = createServer((client) => {
      const upstream = connect(Number(new URL(second.url).port), '127.0.0.1');
      client.pipe(upstream).pipe(client);
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    try {
      // A fresh in-memory registry numbers its first schema as the first one did.
      expect(await new HttpSchemaRegistry({ url: second.url }).register('erp-dispatch-value', schema)).toBe(id);
      await new Promise<void>((resolve, reject) => forward.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
      // The failed batch is retried with the consumer's backoff (0.5 s doubling to 30 s), so the
      // registry may be back up to 30 s before the next attempt.
      const [out] = await bench.waitFor('tobacco.messages', 1, 90_000);
      expect(JSON.parse(out!.value.toString())).toMatchObject({ Message_Type: 'EDP' });
      expect(await bench.read('tobacco.dlq')).toEqual([]);
    } finally {
      forward.close();
      await second.stop();
    }
  }, 180_000);
});
