import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intake } from '../../connectors/sdk/intake.js';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import type { Component } from '../../topics/component.js';
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';
import { papinetTransformer } from './component.js';
import { PH } from './headers.js';
import { PARTY_HEADERS } from './party-headers.js';
import { papinetTransformerConfig } from './spec.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/papinet/${name}`, import.meta.url));

async function start(bench: TestBench, options: Record<string, unknown> = {}, id = 'papinet-transform'): Promise<Component> {
  const component = await papinetTransformer.create(papinetTransformerConfig.parse(options), await bench.context(id));
  await component.start();
  return component;
}

/** Hands documents to papinet.inbound the way the inbox connector does; returns their edi-ids. */
async function drop(bench: TestBench, ...files: Array<{ name: string; bytes: Buffer }>): Promise<string[]> {
  const items = files.map((f) => ({ topic: 'papinet.inbound', key: f.name, value: f.bytes, source: `inbox-papinet:${f.name}`, contentType: 'application/xml' }));
  return (await intake(await bench.context('inbox-papinet'), items)).ids;
}

const file = (name: string, bytes = fixture(name)): { name: string; bytes: Buffer } => ({ name, bytes });
const byId = (records: BusRecord[], id: string): BusRecord => records.find((r) => r.headers[H.id] === id)!;

describe('transformer.papinet on the embedded bus', () => {
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

  it('puts a valid e-waybill on papinet.valid: same bytes, keyed by its number, classified, with the receiver, supplier and buyer ids', async () => {
    component = await start(bench);
    const bytes = fixture('DeliveryMessageWood-original.xml');
    const [id] = await drop(bench, file('waybill.xml', bytes));
    const [out] = await bench.waitFor('papinet.valid', 1, 60_000);
    expect(out!.key).toBe('KVA-2026-000417');
    expect(out!.value.equals(bytes)).toBe(true);
    expect(out!.headers).toMatchObject({
      [H.id]: id,
      [H.source]: 'inbox-papinet:waybill.xml',
      [H.contentType]: 'application/xml',
      [H.schema]: 'papinet/DeliveryMessageWood',
      [PH.document]: 'DeliveryMessage',
      [PH.status]: 'Original',
      [PH.number]: 'KVA-2026-000417',
      [PH.affirmations]: '4210000101,4210000102',
      [PH.eudr]: 'missing',
      [PARTY_HEADERS.receiver]: 'LV40003123456',
      [PARTY_HEADERS.buyer]: 'LV40003123456',
      [PARTY_HEADERS.supplier]: 'LV40103987654',
    });
    expect(JSON.parse(out!.headers[PH.summary]!)).toMatchObject({ number: 'KVA-2026-000417', totalVolumeM3: 32.6 });
    const steps = await bench.tracking(id!);
    expect(steps.map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'validate:ok']);
    expect(steps[1]!.refs).toMatchObject({ document: 'DeliveryMessage', number: 'KVA-2026-000417', eudr: 'missing', affirmations: '4210000101,4210000102' });
    expect(await bench.read('papinet.dlq')).toEqual([]);
  });

  it('sends an invalid document to papinet.dlq with the line, column and element path of the violation', async () => {
    component = await start(bench);
    const bytes = fixture('invalid-enumeration.xml');
    const [id] = await drop(bench, file('bad.xml', bytes));
    const [dlq] = await bench.waitFor('papinet.dlq', 1, 60_000);
    expect(dlq!.value.equals(bytes)).toBe(true);
    expect(dlq!.headers).toMatchObject({ [H.id]: id, [H.errorCode]: 'EDI_ERR_XML_SCHEMA_INVALID', [H.errorStage]: 'validate', [H.originTopic]: 'papinet.inbound' });
    expect(dlq!.headers[H.errorMessage]).toMatch(/'Priede' is not an element of the set/);
    expect(JSON.parse(dlq!.headers[H.errorDetail]!)).toMatchObject({
      line: 140,
      column: 15,
      path: '/DeliveryMessageWood/DeliveryMessageShipment[1]/DeliveryMessageProductGroup[1]/DeliveryShipmentLineItem[2]/Product[1]/WoodProducts[1]/RoundWood[1]/RoundWoodSpecies[1]',
    });
    expect((await bench.tracking(id!)).map((e) => `${e.step}:${e.status}:${e.errorCode ?? ''}`)).toEqual(['intake:ok:', 'validate:error:EDI_ERR_XML_SCHEMA_INVALID']);
    expect(await bench.read('papinet.valid')).toEqual([]);
  });

  it('sends hostile documents (external entity, billion laughs, invalid UTF-8, too large) to papinet.dlq with a clear code and keeps going', async () => {
    component = await start(bench, { maxDocumentSize: '64KB' });
    const big = Buffer.concat([fixture('DeliveryMessageWood-original.xml'), Buffer.alloc(70 * 1024, 0x20)]);
    const ids = await drop(
      bench,
      file('xxe.xml', fixture('hostile-external-entity.xml')),
      file('laughs.xml', fixture('hostile-billion-laughs.xml')),
      file('latin1.xml', fixture('hostile-invalid-utf8.xml')),
      file('big.xml', big),
    );
    const dlq = await bench.waitFor('papinet.dlq', 4, 60_000);
    expect(ids.map((id) => byId(dlq, id).headers[H.errorCode])).toEqual(['EDI_ERR_XML_DOCTYPE_FORBIDDEN', 'EDI_ERR_XML_DOCTYPE_FORBIDDEN', 'EDI_ERR_XML_ENCODING', 'EDI_ERR_XML_TOO_LARGE']);
    for (const r of dlq) expect(r.headers[H.errorMessage]!.length).toBeGreaterThan(10);
    // Nothing from /etc/passwd or an expanded entity reached a header.
    expect(JSON.stringify(dlq.map((r) => r.headers))).not.toMatch(/root:|lollol/);
    // The transformer is still there for the next document.
    const [next] = await drop(bench, file('after.xml', fixture('MeasuringTicket-original.xml')));
    const [valid] = await bench.waitFor('papinet.valid', 1, 60_000);
    expect(valid!.headers[H.id]).toBe(next);
    expect(valid!.headers[PH.document]).toBe('MeasuringTicket');
  });

  it('carries on after a restart from where it committed: every document once on papinet.valid, none lost', async () => {
    component = await start(bench);
    const first = await drop(bench, file('a.xml', fixture('DeliveryMessageWood-original.xml')), file('b.xml', fixture('DeliveryInstruction-original.xml')));
    await bench.waitFor('papinet.valid', 2, 60_000);
    await component.stop();
    component = undefined;
    // Documents arriving while the transformer is down wait on papinet.inbound.
    const second = await drop(bench, file('c.xml', fixture('MeasuringTicket-original.xml')), file('d.xml', fixture('DeliveryMessageWood-with-eudr.xml')));
    component = await start(bench);
    const valid = await bench.waitFor('papinet.valid', 4, 60_000);
    // Let a redelivery of already committed records show up, if there were one.
    await new Promise((r) => setTimeout(r, 500));
    const all = await bench.read('papinet.valid');
    expect(all.map((r) => r.headers[H.id]).sort()).toEqual([...first, ...second].sort());
    expect(byId(valid, second[1]!).headers[PH.eudr]).toBe('complete');
  });
});
