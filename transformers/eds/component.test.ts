import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestBench, type TestBench } from '../../connectors/sdk/test-kit.js';
import { intake } from '../../connectors/sdk/intake.js';
import { H } from '../../topics/headers.js';
import type { Component } from '../../topics/component.js';
import { localDate } from '../../schemas/eds/index.js';
import { replayDlq } from '../../runtime/replay.js';
import { Secret } from '../../lib/secret.js';
import { carriageAvroType } from './decode.js';
import { edsTransformer, edsTransformerConfig, edsTripFormat, tripRowId } from './index.js';

const CARRIER = '40009999001';
const day = localDate(Date.now() - 86_400_000);

const credentials = (extra: Array<Record<string, unknown>> = []) => ({
  secrets: { fleet: new Secret('fleet-secret-value') },
  clients: [
    { clientId: 'client-1', carrier: CARRIER, personCode: '32000000001', plate: 'TX1001', secret: 'fleet' },
    { clientId: 'client-2', carrier: CARRIER, personCode: '32000000002', plate: 'TX1002', secret: 'fleet' },
    ...extra,
  ],
});

const trip = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  CarriersTaxpayerCode: CARRIER,
  DriversPersonCode: '32000000001',
  NumberPlate: 'TX1001',
  StartDateTime: `${day}T10:00:00`,
  EndDateTime: `${day}T10:20:00`,
  Distance: 5.5,
  ServiceFee: 10.1,
  ...over,
});

const HEADER = 'CarriersTaxpayerCode;DriversPersonCode;NumberPlate;StartDateTime;EndDateTime;Distance;ServiceFee;PaymentType';
const row = (driver: string, plate: string, hh: string): string => `${CARRIER};${driver};${plate};${day}T${hh}:00:00;${day}T${hh}:25:00;7,5;12;cash`;
const csvFile = (...rows: string[]): Buffer => Buffer.from(`\uFEFF${HEADER}\r\n${rows.join('\r\n')}\r\n`);

async function start(bench: TestBench, options: Record<string, unknown> = {}, id = 'eds-transform'): Promise<Component> {
  const component = await edsTransformer.create(edsTransformerConfig.parse({ credentials: credentials(), ...options }), await bench.context(id));
  await component.start();
  return component;
}

describe('transformer.eds on the embedded bus', () => {
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

  it('puts a JSON trip on eds.trips.valid as the exact EDS body, keyed by the driver’s client id, keeping its edi-id', async () => {
    component = await start(bench);
    const { ids } = await intake(await bench.context('http-in'), [{ topic: 'eds.trips.inbound', key: null, value: Buffer.from(JSON.stringify(trip({ PaymentType: 'cash' }))), source: 'http-in:dispatch/req-1', contentType: 'application/json' }]);
    const [out] = await bench.waitFor('eds.trips.valid', 1);
    expect(out!.key).toBe('client-1');
    expect(out!.headers).toMatchObject({ [H.id]: ids[0], [H.correlationId]: ids[0], [H.contentType]: 'application/json', [H.schema]: 'eds.Carriage', [H.source]: 'http-in:dispatch/req-1' });
    expect(out!.value.toString()).toBe(
      `{"CarriersTaxpayerCode":"${CARRIER}","DriversPersonCode":"32000000001","NumberPlate":"TX1001","StartDateTime":"${day}T10:00:00","EndDateTime":"${day}T10:20:00","Distance":5.5,"ServiceFee":10.1,"PaymentType":"cash"}`,
    );
    const steps = await bench.tracking(ids[0]!);
    expect(steps.map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'validate:ok']);
    expect(steps[1]!.refs).toMatchObject({ clientId: 'client-1', routedBy: 'DriversPersonCode', day });
  });

  it('splits a CSV file into one record per trip with ids derived from the file’s id; a broken row goes to eds.dlq alone as a one-row CSV', async () => {
    component = await start(bench, { csv: { decimalSeparator: ',' } });
    const file = csvFile(row('32000000001', 'TX1001', '08'), row('32000000002', 'TX1002', '09'), `${CARRIER};32000000002;TX1002;${day}T10:00:00;${day}T09:00:00;1;2;cash`, row('32000000001', 'TX1001', '11'));
    const { ids } = await intake(await bench.context('inbox-trips'), [{ topic: 'eds.trips.inbound', key: 'night.csv', value: file, source: 'inbox-trips:night.csv', contentType: 'text/csv' }]);
    const fileId = ids[0]!;
    const valid = await bench.waitFor('eds.trips.valid', 3);
    const [dlq] = await bench.waitFor('eds.dlq', 1);
    // Three partitions: read back in row order.
    valid.sort((a, b) => a.headers[H.source]!.localeCompare(b.headers[H.source]!));
    expect(valid.map((r) => [r.key, r.headers[H.id], r.headers[H.correlationId], r.headers[H.source]])).toEqual([
      ['client-1', tripRowId(fileId, 1), fileId, 'inbox-trips:night.csv row 1'],
      ['client-2', tripRowId(fileId, 2), fileId, 'inbox-trips:night.csv row 2'],
      ['client-1', tripRowId(fileId, 4), fileId, 'inbox-trips:night.csv row 4'],
    ]);
    expect(new Set(valid.map((r) => r.headers[H.id])).size).toBe(3);
    expect(JSON.parse(valid[0]!.value.toString())).toMatchObject({ Distance: 7.5, ServiceFee: 12, PaymentType: 'cash' });
    expect(dlq!.headers).toMatchObject({ [H.id]: tripRowId(fileId, 3), [H.correlationId]: fileId, [H.errorCode]: 'EDI_ERR_EDS_TRIP_INVALID', [H.errorStage]: 'validate', [H.originTopic]: 'eds.trips.inbound', [H.contentType]: 'text/csv' });
    expect(dlq!.value.toString()).toBe(`${HEADER}\r\n${CARRIER};32000000002;TX1002;${day}T10:00:00;${day}T09:00:00;1;2;cash\r\n`);
    expect(JSON.parse(dlq!.headers[H.errorDetail]!)).toMatchObject({ field: 'EndDateTime', rule: 'end-after-start', line: 4 });
    expect((await bench.tracking(fileId)).map((e) => `${e.step}:${e.status}`)).toEqual(['intake:ok', 'validate:ok']);
    expect((await bench.tracking(fileId)).at(-1)!.refs).toMatchObject({ form: 'csv', rows: '4', valid: '3', refused: '1' });
    expect((await bench.tracking(tripRowId(fileId, 3))).map((e) => `${e.step}:${e.status}:${e.errorCode}`)).toEqual(['validate:error:EDI_ERR_EDS_TRIP_INVALID']);
  });

  it('gives the rows of a file read again (a crash before the commit) the same ids and bytes', async () => {
    component = await start(bench);
    await intake(await bench.context('inbox-trips'), [{ topic: 'eds.trips.inbound', key: 'a.csv', value: csvFile(row('32000000001', 'TX1001', '08').replace('7,5', '7.5'), row('32000000002', 'TX1002', '09').replace('7,5', '7.5')), source: 'inbox-trips:a.csv', contentType: 'text/csv' }]);
    const first = await bench.waitFor('eds.trips.valid', 2);
    await component.stop();
    component = await start(bench, {}, 'eds-transform-again');
    const both = await bench.waitFor('eds.trips.valid', 4);
    const seen = (records: typeof both) => records.map((r) => `${r.headers[H.id]} ${r.value.toString()}`).sort();
    expect(seen(both)).toEqual([...seen(first), ...seen(first)].sort());
  });

  it('a trip of a driver missing from the registry goes to eds.dlq; once the registry knows the driver, edi replay delivers it to eds.trips.valid', async () => {
    component = await start(bench);
    const { ids } = await intake(await bench.context('inbox-trips'), [{ topic: 'eds.trips.inbound', key: 'b.csv', value: csvFile(row('32000000009', 'TX1009', '08').replace('7,5', '7.5')), source: 'inbox-trips:b.csv', contentType: 'text/csv' }]);
    const [dlq] = await bench.waitFor('eds.dlq', 1);
    expect(dlq!.headers[H.errorCode]).toBe('EDI_ERR_EDS_CLIENT_UNKNOWN');
    expect(dlq!.headers[H.errorMessage]).toContain('********009');
    expect(dlq!.headers[H.errorMessage]).not.toContain('32000000009');
    await component.stop();
    component = await edsTransformer.create(
      edsTransformerConfig.parse({ credentials: credentials([{ clientId: 'client-9', carrier: CARRIER, personCode: '32000000009', secret: 'fleet' }]) }),
      await bench.context('eds-transform'),
    );
    await component.start();
    expect((await replayDlq(bench.bus, 'eds.dlq', { all: true })).replayed).toHaveLength(1);
    const [out] = await bench.waitFor('eds.trips.valid', 1);
    expect(out!.key).toBe('client-9');
    // The replayed row is a one-row file: its trip gets an id derived from the row's own id.
    expect(out!.headers[H.correlationId]).toBe(tripRowId(ids[0]!, 1));
  });

  it('sends a broken rule to eds.dlq with the field, the rule and the Latvian text EDS would answer', async () => {
    component = await start(bench);
    const { ids } = await intake(await bench.context('in'), [{ topic: 'eds.trips.inbound', key: null, value: Buffer.from(JSON.stringify(trip({ ServiceFee: -1 }))), source: 'in:t.json', contentType: 'application/json' }]);
    const [dlq] = await bench.waitFor('eds.dlq', 1);
    expect(dlq!.headers).toMatchObject({ [H.id]: ids[0], [H.errorCode]: 'EDI_ERR_EDS_TRIP_INVALID' });
    expect(JSON.parse(dlq!.headers[H.errorDetail]!)).toMatchObject({ field: 'ServiceFee', rule: 'range', violations: [{ lv: 'Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.' }] });
    expect(await bench.read('eds.trips.valid')).toEqual([]);
  });

  it('adopts a plain Avro trip a dispatch system wrote without edi-* headers (deterministic edi-id), and upper-cases its plate when configured', async () => {
    component = await start(bench, { normalise: { plateCase: 'upper' } });
    const avro = carriageAvroType().toBuffer({ ...trip({ NumberPlate: 'tx1002', DriversPersonCode: '32000000002' }), Commission: null, PaymentType: null, SerialNumber: null, GrandTotal: null, ApiClientId: null });
    await bench.bus.produce([{ topic: 'eds.trips.inbound', key: 'dispatch', value: avro, headers: {} }]);
    const [out] = await bench.waitFor('eds.trips.valid', 1);
    expect(out!.key).toBe('client-2');
    expect(out!.headers[H.id]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(out!.headers[H.source]).toMatch(/^kafka:eds\.trips\.inbound\/\d+\/0$/);
    expect(JSON.parse(out!.value.toString())).toMatchObject({ NumberPlate: 'TX1002' });
  });
});

describe('edi validate for taxi trips', () => {
  it('recognises a JSON trip and a CSV of trips, and names the line and field of each broken rule', async () => {
    const json = Buffer.from(JSON.stringify(trip()));
    expect(edsTripFormat.detect(json, 'trip.json')).toBe(true);
    expect(await edsTripFormat.validate(json, 'trip.json')).toEqual([]);
    const csv = Buffer.from(`${HEADER}\n${row('32000000001', 'TX-1001', '08').replace('7,5', '7.5')}\n${row('32000000001', 'TX1001', '09').replace('7,5', '-1')}\n`);
    expect(edsTripFormat.detect(csv, 'night.csv')).toBe(true);
    expect(edsTripFormat.detect(Buffer.from('a;b\n1;2\n'), 'other.csv')).toBe(false);
    const issues = await edsTripFormat.validate(csv, 'night.csv');
    expect(issues.map((i) => [i.line, i.path, i.code])).toEqual([
      [2, 'NumberPlate', 'EDI_ERR_EDS_TRIP_INVALID'],
      [3, 'Distance', 'EDI_ERR_EDS_TRIP_INVALID'],
    ]);
    expect(issues[0]!.message).toContain('EDS: Lauka "NumberPlate"');
  });
});
