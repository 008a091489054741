import { describe, expect, it } from 'vitest';
import { writeConfluentFrame } from '../../schemas/avro/confluent-wire.js';
import { carriageAvroType } from './decode.js';
import { compileTripOptions } from './options.js';
import { CARRIER_A, testRegistry } from '../../schemas/eds/test-registry.js';
import { transformTrip, type TripTransformResult } from './transform.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const registry = testRegistry();
const ctx = { registry, now: NOW };

const trip = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  CarriersTaxpayerCode: CARRIER_A,
  DriversPersonCode: '32000000001',
  NumberPlate: 'TX1001',
  StartDateTime: '2024-05-01T10:00:00',
  EndDateTime: '2024-05-01T10:20:00',
  Distance: 5.5,
  ServiceFee: 10.1,
  ...over,
});

const json = (o: unknown): Buffer => Buffer.from(JSON.stringify(o));

function ok(r: TripTransformResult): Extract<TripTransformResult, { ok: true }> {
  if (!r.ok) throw new Error(`expected a transformed trip, got ${r.error.message}`);
  return r;
}

describe('taxi trip transformer', () => {
  it('turns a JSON trip into the exact EDS body, routed to the driver’s client', () => {
    const r = ok(transformTrip({ value: json(trip({ Commission: 1.5, PaymentType: 'cash' })), contentType: 'application/json' }, ctx));
    expect(r.body.toString()).toBe(
      '{"CarriersTaxpayerCode":"40009999001","DriversPersonCode":"32000000001","NumberPlate":"TX1001","StartDateTime":"2024-05-01T10:00:00","EndDateTime":"2024-05-01T10:20:00","Distance":5.5,"ServiceFee":10.1,"Commission":1.5,"PaymentType":"cash"}',
    );
    expect([r.clientId, r.key, r.routedBy, r.day, r.form]).toEqual(['client-a1', 'client-a1', 'DriversPersonCode', '2024-05-01', 'json']);
    expect(r.identity).toBe('40009999001|32000000001|2024-05-01T07:00:00.000Z|2024-05-01T07:20:00.000Z|||10.1');
  });

  it('produces the same bytes for the same trip whatever the input field order (so a resend is identical)', () => {
    const reversed = Object.fromEntries(Object.entries(trip()).reverse());
    expect(ok(transformTrip({ value: json(reversed) }, ctx)).body.equals(ok(transformTrip({ value: json(trip()) }, ctx)).body)).toBe(true);
  });

  it('never sends the routing field ApiClientId to EDS', () => {
    const r = ok(transformTrip({ value: json(trip({ ApiClientId: 'client-a2' })) }, ctx));
    expect(r.clientId).toBe('client-a2');
    expect(r.body.toString()).not.toContain('ApiClientId');
  });

  it('reads plain Avro of Carriage.avsc, null optionals left out of the body', () => {
    const value = carriageAvroType().toBuffer({ ...trip(), Commission: null, PaymentType: 'paymentCard', SerialNumber: 'SN0001', GrandTotal: 12345.5, ApiClientId: null });
    const r = ok(transformTrip({ value, contentType: 'avro/binary' }, ctx));
    expect(r.form).toBe('avro');
    expect(JSON.parse(r.body.toString())).toEqual({ ...trip(), PaymentType: 'paymentCard', SerialNumber: 'SN0001', GrandTotal: 12345.5 });
  });

  it('reads the Confluent wire format with the writer schema the caller resolved', () => {
    const type = carriageAvroType();
    const value = writeConfluentFrame(7, type.toBuffer({ ...trip(), Commission: 2, PaymentType: null, SerialNumber: null, GrandTotal: null, ApiClientId: 'client-a3' }));
    const r = ok(transformTrip({ value, contentType: 'application/vnd.confluent.avro' }, { ...ctx, writerFor: (id) => (id === 7 ? type : undefined) }));
    expect([r.form, r.clientId]).toEqual(['confluent-avro', 'client-a3']);
    const unknown = transformTrip({ value: writeConfluentFrame(8, Buffer.alloc(3)), contentType: 'application/vnd.confluent.avro' }, ctx);
    expect(!unknown.ok && unknown.error.code).toBe('EDI_ERR_EDS_TRIP_AVRO');
  });

  it('accepts an already decoded trip (a CSV row, an Avro record)', () => {
    expect(ok(transformTrip({ trip: trip() }, ctx)).form).toBe('object');
  });

  it('sends a broken rule to the DLQ with field, rule and the Latvian text EDS would answer', () => {
    const r = transformTrip({ value: json(trip({ ServiceFee: -1, PaymentType: 'bitcoin' })) }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('EDI_ERR_EDS_TRIP_INVALID');
    expect(r.error.retriable).toBe(false);
    expect(r.error.message).toBe('taxi trip: 2 EDS rule(s) broken: ServiceFee: between 0 and 1000000000 (value -1) [range]');
    expect(r.error.detail).toMatchObject({ path: 'ServiceFee', field: 'ServiceFee', rule: 'range', value: '-1' });
    const violations = r.error.detail?.violations as Array<Record<string, unknown>>;
    expect(violations.map((v) => [v.field, v.rule])).toEqual([
      ['ServiceFee', 'range'],
      ['PaymentType', 'enum'],
    ]);
    expect(violations[0]!.lv).toBe('Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.');
  });

  it('refuses a misspelt field by default (it would silently drop data) and ignores it when configured', () => {
    const r = transformTrip({ value: json(trip({ Comission: 2 })) }, ctx);
    expect(!r.ok && r.error.detail).toMatchObject({ field: 'Comission', rule: 'unknown-field' });
    expect(transformTrip({ value: json(trip({ Comission: 2 })) }, { ...ctx, options: compileTripOptions({ unknownFields: 'ignore' }) }).ok).toBe(true);
  });

  it('refuses a trip with no client in the registry, as a routing error on ApiClientId', () => {
    const r = transformTrip({ value: json(trip({ DriversPersonCode: '32999999999', NumberPlate: 'ZZ999' })) }, ctx);
    expect(!r.ok && r.error.code).toBe('EDI_ERR_EDS_CLIENT_UNKNOWN');
    expect(!r.ok && r.error.detail).toMatchObject({ field: 'ApiClientId', rule: 'routing' });
  });

  it('leaves a dashed plate and metres alone unless the config says to normalise them', () => {
    const raw = trip({ NumberPlate: 'TX-1001', Distance: 5500 });
    const strict = transformTrip({ trip: raw }, ctx);
    expect(!strict.ok && strict.error.detail).toMatchObject({ field: 'NumberPlate', rule: 'plate-characters' });
    const options = compileTripOptions({ normalise: { plate: 'remove-separators', distanceUnit: 'm' } });
    const r = ok(transformTrip({ trip: raw }, { ...ctx, options }));
    expect(r.carriage.NumberPlate).toBe('TX1001');
    expect(r.carriage.Distance).toBe(5.5);
    expect(r.body.toString()).toContain('"Distance":5.5,');
    expect(r.normalised).toEqual(['NumberPlate "TX-1001" → "TX1001"', 'Distance 5500 m → 5.5 km']);
    expect(ok(transformTrip({ trip: trip({ Distance: 1234 }) }, { ...ctx, options })).body.toString()).toContain('"Distance":1.234,');
  });

  it('upper-cases a plate only when normalise.plateCase says so (EDS compares data exactly)', () => {
    const raw = trip({ NumberPlate: 'tx-1001' });
    const asIs = ok(transformTrip({ trip: trip({ NumberPlate: 'tx1001' }) }, ctx));
    expect(asIs.carriage.NumberPlate).toBe('tx1001');
    const r = ok(transformTrip({ trip: raw }, { ...ctx, options: compileTripOptions({ normalise: { plate: 'remove-separators', plateCase: 'upper' } }) }));
    expect(r.carriage.NumberPlate).toBe('TX1001');
    expect(r.normalised).toEqual(['NumberPlate "tx-1001" → "tx1001"', 'NumberPlate "tx1001" → "TX1001"']);
  });

  it('refuses bytes that are no JSON object or no UTF-8, saying so', () => {
    const notJson = transformTrip({ value: Buffer.from('{"a":') }, ctx);
    expect(!notJson.ok && notJson.error.code).toBe('EDI_ERR_EDS_TRIP_JSON');
    const array = transformTrip({ value: Buffer.from('[1]') }, ctx);
    expect(!array.ok && array.error.message).toMatch(/one JSON object/);
    const latin1 = transformTrip({ value: Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d]) }, ctx);
    expect(!latin1.ok && latin1.error.message).toMatch(/not valid UTF-8 \(byte 2\)/);
  });

  it('takes a JSON trip with a BOM', () => {
    expect(transformTrip({ value: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json(trip())]) }, ctx).ok).toBe(true);
  });

  it('checks not-in-future against the time given (a trip ending after "now" is refused)', () => {
    const r = transformTrip({ trip: trip({ EndDateTime: '2024-05-01T16:00:00' }) }, ctx);
    expect(!r.ok && r.error.detail).toMatchObject({ field: 'EndDateTime', rule: 'not-in-future' });
  });
});
