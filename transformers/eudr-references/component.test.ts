// transformer.eudr-references on the real embedded bus (createTestBench): documents on
// papinet.valid as transformer.papinet puts them there, receipts and rejections as the TRACES
// client puts them on eudr.statements.receipts and eudr.dlq.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import { H } from '../../topics/headers.js';
import { intakeRecord, type BusRecord, type OutgoingRecord } from '../../topics/record.js';
import type { Component } from '../../topics/component.js';
import type { StatementRequest, StatementReceipt } from '../eudr/statement-request.js';
import { checkPapinet } from '../papinet/check.js';
import { PH } from '../papinet/headers.js';
import { partyHeaders } from '../papinet/party-headers.js';
import { transformPapinet } from '../papinet/transform.js';
import { eudrReferencesStep } from './component.js';
import { eudrReferencesConfig } from './spec.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/papinet/${name}`, import.meta.url));

const SUPPLIER = 'LV40103987654';
const RECEIVER = 'LV40003123456';
const CLIENTS = {
  [SUPPLIER]: {
    name: 'SIA "Vidzemes Meža Resursi"',
    country: 'LV',
    address: { street: 'Rīgas iela 40', postalCode: 'LV-4101', city: 'Cēsis' },
    identifiers: [{ type: 'vat', value: SUPPLIER }],
  },
};

/** A document as transformer.papinet puts it on papinet.valid (a fresh edi-id each call). */
function valid(xml: Buffer, name = 'doc.xml'): OutgoingRecord {
  const inbound = intakeRecord({ topic: 'papinet.inbound', key: name, value: xml, source: `inbox-papinet:${name}`, contentType: 'application/xml' });
  const r = transformPapinet(inbound);
  if (!r.ok) throw r.error;
  const out = r.records[0]!;
  Object.assign(out.headers, partyHeaders(r.summary));
  return out;
}

/** The same document under another number (a second truck load from the same cutting areas). */
function renumbered(from: string, to: string): Buffer {
  return Buffer.from(fixture('DeliveryMessageWood-original.xml').toString('utf8').replace(from, to), 'utf8');
}

function receiptFor(request: StatementRequest, n = 1): OutgoingRecord {
  const receipt: StatementReceipt = {
    id: request.id,
    status: 'AVAILABLE',
    uuid: `0000000${n}-aaaa-bbbb-cccc-000000000000`,
    internalReferenceNumber: `EDI-${request.id}`,
    referenceNumber: `26LVREF00000${n}`.slice(0, 14),
    verificationNumber: `VERIFY0${n}`,
    affirmations: request.affirmations,
    client: { id: request.client.id!, name: request.client.name, country: request.client.country },
    operatorRole: 'REPRESENTATIVE_OPERATOR',
    fellingSites: request.affirmations.length,
    areaHa: 3.2,
    environment: 'sandbox',
    account: 'default',
    submittedAt: new Date().toISOString(),
    availableAt: new Date().toISOString(),
  };
  return { topic: 'eudr.statements.receipts', key: request.id, value: Buffer.from(JSON.stringify(receipt)), headers: { [H.id]: request.id, [H.contentType]: 'application/json' } };
}

const json = <T>(r: BusRecord): T => JSON.parse(r.value.toString('utf8')) as T;

const benches: TestBench[] = [];
const components: Component[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const c of components.splice(0)) await c.stop();
  for (const b of benches.splice(0)) await b.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function bench(dir?: string): Promise<TestBench> {
  const b = await createTestBench(dir === undefined ? {} : { dir });
  benches.push(b);
  return b;
}

async function startStep(b: TestBench, options: Record<string, unknown> = {}): Promise<Component> {
  const config = eudrReferencesConfig.parse({ clients: CLIENTS, sweepInterval: '200ms', ...options });
  const c = await eudrReferencesStep.create(config, await b.context('eudr-refs'));
  await c.start();
  components.push(c);
  return c;
}

/** Nothing more arrives on `topic` for a while (the step had every chance to write). */
async function stays(b: TestBench, topic: string, n: number, ms = 1500): Promise<void> {
  await new Promise((r) => setTimeout(r, ms));
  expect(await b.read(topic)).toHaveLength(n);
}

describe('transformer.eudr-references', () => {
  it('requests ONE statement for a DeliveryMessage naming two affirmations, waits for its receipt, then delivers it enriched and schema-valid', async () => {
    const b = await bench();
    await startStep(b);
    const doc = valid(fixture('DeliveryMessageWood-original.xml'));
    await b.bus.produce([doc]);

    const [req] = await b.waitFor('eudr.statements.requested', 1);
    const request = json<StatementRequest>(req!);
    expect(request.affirmations).toEqual(['4210000101', '4210000102']);
    expect(request.client).toMatchObject({ id: SUPPLIER, name: 'SIA "Vidzemes Meža Resursi"', country: 'LV' });
    expect(request.origin).toEqual({ kind: 'papinet', document: 'DeliveryMessage', number: 'KVA-2026-000417', ediId: doc.headers[H.id] });
    // The request's edi-id is the statement id; it is correlated with the document.
    expect(req!.headers[H.id]).toBe(request.id);
    expect(req!.key).toBe(request.id);
    expect(req!.headers[H.correlationId]).toBe(doc.headers[H.correlationId]);
    await stays(b, 'papinet.outbound', 0, 800);

    await b.bus.produce([receiptFor(request)]);
    const [out] = await b.waitFor('papinet.outbound', 1);
    expect(out!.key).toBe('KVA-2026-000417');
    expect(out!.headers[H.id]).toBe(doc.headers[H.id]);
    expect(out!.headers['edi-receiver-id']).toBe(RECEIVER);
    expect(out!.headers[PH.eudr]).toBe('complete');
    const checked = checkPapinet(out!.value);
    if (!checked.ok) throw checked.error;
    expect(checked.summary.lineItems.map((l) => l.eudr.map((e) => [e.referenceNumber, e.verificationNumber]))).toEqual([
      [['26LVREF000001', 'VERIFY01']],
      [['26LVREF000001', 'VERIFY01']],
      [['26LVREF000001', 'VERIFY01']],
    ]);
    expect(out!.value.toString()).toContain('<ReferenceIdentifier ReferenceIdentifierType="EUDRDueDiligenceStatementReferenceNumber">26LVREF000001</ReferenceIdentifier>');
    const steps = (await b.tracking(doc.headers[H.id]!)).map((e) => e.status);
    expect(steps).toEqual(['waiting', 'ok']);
    await stays(b, 'eudr.statements.requested', 1, 300);
  });

  it('never requests twice: a redelivered document and a second document naming the same affirmations wait on the first statement', async () => {
    const b = await bench();
    await startStep(b);
    const first = valid(fixture('DeliveryMessageWood-original.xml'));
    await b.bus.produce([first]);
    const [req] = await b.waitFor('eudr.statements.requested', 1);
    // A redelivery (same edi-id) and another truck load from the same cutting areas.
    await b.bus.produce([{ ...first, headers: { ...first.headers } }, valid(renumbered('KVA-2026-000417', 'KVA-2026-000418'))]);
    await stays(b, 'eudr.statements.requested', 1);

    await b.bus.produce([receiptFor(json<StatementRequest>(req!))]);
    const outs = await b.waitFor('papinet.outbound', 2);
    expect(outs.map((o) => o.key).sort()).toEqual(['KVA-2026-000417', 'KVA-2026-000418']);
    await stays(b, 'papinet.outbound', 2, 500);

    // A load arriving after the receipt is enriched at once from the known statement.
    await b.bus.produce([valid(renumbered('KVA-2026-000417', 'KVA-2026-000419'))]);
    const after = await b.waitFor('papinet.outbound', 3);
    const third = after.find((o) => o.key === 'KVA-2026-000419')!;
    expect(third.value.toString()).toContain('26LVREF000001');
    expect(await b.read('eudr.statements.requested')).toHaveLength(1);
  });

  it('keeps a waiting document across a restart of the bus and the step, and releases it when the receipt comes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'edi-eudr-refs-'));
    dirs.push(dir);
    let b = await bench(dir);
    let step = await startStep(b);
    const doc = valid(fixture('DeliveryMessageWood-original.xml'));
    await b.bus.produce([doc]);
    const [req] = await b.waitFor('eudr.statements.requested', 1);
    await b.waitFor('edi.tracking', 2); // request + waiting
    await step.stop();
    components.splice(components.indexOf(step), 1);
    await b.close();
    benches.splice(benches.indexOf(b), 1);

    b = await bench(dir);
    await b.bus.produce([receiptFor(json<StatementRequest>(req!))]);
    step = await startStep(b);
    const [out] = await b.waitFor('papinet.outbound', 1);
    expect(out!.headers[H.id]).toBe(doc.headers[H.id]);
    expect(out!.value.toString()).toContain('26LVREF000001');
    expect(await b.read('eudr.statements.requested')).toHaveLength(1);
  });

  it('sends the waiting document to papinet.dlq with the reason when the statement is rejected, and asks anew for a later document', async () => {
    const b = await bench();
    await startStep(b);
    const doc = valid(fixture('DeliveryMessageWood-original.xml'));
    await b.bus.produce([doc]);
    const [req] = await b.waitFor('eudr.statements.requested', 1);
    // The TRACES client's DLQ record: the request unchanged, the reason in edi-error-* headers.
    await b.bus.produce([
      {
        topic: 'eudr.dlq',
        key: req!.key,
        value: req!.value,
        headers: { ...req!.headers, [H.errorStage]: 'submit', [H.errorCode]: 'EDI_ERR_TRACES_BUSINESS_RULES', [H.errorMessage]: 'EUDR_COMMODITIES_DESCRIPTORS_NET_MASS_EMPTY: net mass is missing', [H.originTopic]: 'eudr.statements.requested' },
      },
    ]);
    const [dead] = await b.waitFor('papinet.dlq', 1);
    expect(dead!.headers[H.id]).toBe(doc.headers[H.id]);
    expect(dead!.value.equals(doc.value)).toBe(true);
    expect(dead!.headers[H.errorCode]).toBe('EDI_ERR_EUDR_REFS_REJECTED');
    expect(dead!.headers[H.errorMessage]).toContain('EUDR_COMMODITIES_DESCRIPTORS_NET_MASS_EMPTY');
    expect(dead!.headers[H.originTopic]).toBe('papinet.valid');
    expect(await b.read('papinet.outbound')).toHaveLength(0);

    // The operator fixed the cause: the replayed document asks for a new statement.
    await b.bus.produce([valid(fixture('DeliveryMessageWood-original.xml'))]);
    const reqs = await b.waitFor('eudr.statements.requested', 2);
    expect(new Set(reqs.map((r) => json<StatementRequest>(r).id)).size).toBe(2);
  });

  it('sends a document to papinet.dlq when no receipt comes within maxWait, and a late receipt then changes nothing', async () => {
    const b = await bench();
    await startStep(b, { maxWait: '1s' });
    const doc = valid(fixture('DeliveryMessageWood-original.xml'));
    await b.bus.produce([doc]);
    const [req] = await b.waitFor('eudr.statements.requested', 1);
    const [dead] = await b.waitFor('papinet.dlq', 1, 15_000);
    expect(dead!.headers[H.errorCode]).toBe('EDI_ERR_EUDR_REFS_TIMEOUT');
    expect(dead!.headers[H.errorMessage]).toContain(json<StatementRequest>(req!).id);
    expect(dead!.headers[H.errorMessage]).toContain('1s');
    await b.bus.produce([receiptFor(json<StatementRequest>(req!))]);
    await stays(b, 'papinet.outbound', 0);
    expect(await b.read('papinet.dlq')).toHaveLength(1);
  });

  it('passes documents that already carry the numbers, and MeasuringTickets, to papinet.outbound unchanged without a request', async () => {
    const b = await bench();
    await startStep(b);
    const referenced = valid(fixture('DeliveryMessageWood-with-eudr.xml'));
    const ticket = valid(fixture('MeasuringTicket-original.xml'));
    expect(referenced.headers[PH.eudr]).toBe('complete');
    await b.bus.produce([referenced, ticket]);
    const outs = await b.waitFor('papinet.outbound', 2);
    const byId = new Map(outs.map((o) => [o.headers[H.id], o]));
    for (const sent of [referenced, ticket]) {
      const got = byId.get(sent.headers[H.id])!;
      expect(got.value.equals(sent.value)).toBe(true);
      expect(got.key).toBe(sent.key);
      expect(got.headers).toEqual(sent.headers);
    }
    await stays(b, 'eudr.statements.requested', 0, 500);
  });

  it('enriches a DeliveryInstruction (transport work order) on its line items, schema-valid, for its receiver (the haulier)', async () => {
    const b = await bench();
    await startStep(b);
    const doc = valid(fixture('DeliveryInstruction-original.xml'));
    await b.bus.produce([doc]);
    const [req] = await b.waitFor('eudr.statements.requested', 1);
    expect(json<StatementRequest>(req!).affirmations).toEqual(['4210000101', '4210000102']);
    await b.bus.produce([receiptFor(json<StatementRequest>(req!))]);
    const [out] = await b.waitFor('papinet.outbound', 1);
    expect(out!.key).toBe('TDU-2026-001932');
    expect(out!.headers['edi-receiver-id']).toBe('LV40203111222');
    const checked = checkPapinet(out!.value);
    if (!checked.ok) throw checked.error;
    expect(checked.summary.document).toBe('DeliveryInstruction');
    expect(checked.summary.lineItems.every((l) => l.eudr.some((e) => e.referenceNumber === '26LVREF000001' && e.verificationNumber === 'VERIFY01'))).toBe(true);
  });

  it('writes the numbers as two AdditionalText lines with eudrEncoding additional-text (receivers on the official bundle)', async () => {
    const b = await bench();
    await startStep(b, { eudrEncoding: 'additional-text' });
    await b.bus.produce([valid(fixture('DeliveryMessageWood-original.xml'))]);
    const [req] = await b.waitFor('eudr.statements.requested', 1);
    await b.bus.produce([receiptFor(json<StatementRequest>(req!))]);
    const [out] = await b.waitFor('papinet.outbound', 1);
    const text = out!.value.toString('utf8');
    expect(text).toContain('<AdditionalText>EUDRDueDiligenceStatementReferenceNumber: 26LVREF000001</AdditionalText>');
    expect(text).toContain('<AdditionalText>EUDRDueDiligenceStatementVerificationNumber: VERIFY01</AdditionalText>');
    expect(text).not.toContain('SafetyAndEnvironmentalReference');
    const checked = checkPapinet(out!.value);
    if (!checked.ok) throw checked.error;
    expect(checked.summary.lineItems.every((l) => l.eudr.length === 1)).toBe(true);
  });

  it('passes a Cancelled DeliveryMessage on unchanged without asking for a statement (no timber moves)', async () => {
    const b = await bench();
    await startStep(b);
    const cancelled = valid(Buffer.from(fixture('DeliveryMessageWood-original.xml').toString('utf8').replace('DeliveryMessageStatusType="Original"', 'DeliveryMessageStatusType="Cancelled"'), 'utf8'));
    expect(cancelled.headers[PH.status]).toBe('Cancelled');
    expect(cancelled.headers[PH.eudr]).toBe('missing');
    await b.bus.produce([cancelled]);
    const [out] = await b.waitFor('papinet.outbound', 1);
    expect(out!.value.equals(cancelled.value)).toBe(true);
    await stays(b, 'eudr.statements.requested', 0, 500);
  });

  it('sends a document whose supplier has no mandate to papinet.dlq, naming the supplier', async () => {
    const b = await bench();
    await startStep(b, { clients: {} });
    const doc = valid(fixture('DeliveryMessageWood-original.xml'));
    await b.bus.produce([doc]);
    const [dead] = await b.waitFor('papinet.dlq', 1);
    expect(dead!.headers[H.errorCode]).toBe('EDI_ERR_EUDR_REFS_NO_MANDATE');
    expect(dead!.headers[H.errorMessage]).toContain(SUPPLIER);
    expect(await b.read('eudr.statements.requested')).toHaveLength(0);
  });

  it('waits for two statements when a document names an affirmation already covered and a new one', async () => {
    const b = await bench();
    await startStep(b);
    // First a document naming only 4210000101 (line items 1 and 3 of the fixture).
    const onlyFirst = fixture('DeliveryMessageWood-original.xml').toString('utf8').replace('KVA-2026-000417', 'KVA-2026-000500').replace(/>4210000102</g, '>4210000101<');
    await b.bus.produce([valid(Buffer.from(onlyFirst, 'utf8'))]);
    const [r1] = await b.waitFor('eudr.statements.requested', 1);
    expect(json<StatementRequest>(r1!).affirmations).toEqual(['4210000101']);
    await b.bus.produce([valid(fixture('DeliveryMessageWood-original.xml'))]);
    const reqs = await b.waitFor('eudr.statements.requested', 2);
    const r2 = reqs.map((r) => json<StatementRequest>(r)).find((r) => r.id !== json<StatementRequest>(r1!).id)!;
    expect(r2.affirmations).toEqual(['4210000102']);
    await b.bus.produce([receiptFor(json<StatementRequest>(r1!), 1)]);
    const [firstOut] = await b.waitFor('papinet.outbound', 1);
    expect(firstOut!.key).toBe('KVA-2026-000500');
    await stays(b, 'papinet.outbound', 1, 800);
    await b.bus.produce([receiptFor(r2, 2)]);
    const outs = await b.waitFor('papinet.outbound', 2);
    const both = outs.find((o) => o.key === 'KVA-2026-000417')!;
    const checked = checkPapinet(both.value);
    if (!checked.ok) throw checked.error;
    expect(checked.summary.lineItems.map((l) => l.eudr.map((e) => e.referenceNumber))).toEqual([['26LVREF000001'], ['26LVREF000002'], ['26LVREF000001']]);
  });
});
