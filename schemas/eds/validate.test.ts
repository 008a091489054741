import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { glossModelState, modelStateOf, PAYMENT_TYPES, validateCarriage, type CarriageRule, type CarriageValidation } from './index.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

/** The sample of the reconstructed OpenAPI (a ride-hailing company's mock), with a plausible date. */
const valid = (): Record<string, unknown> => ({
  CarriersTaxpayerCode: '12345678901',
  DriversPersonCode: '01234567890',
  NumberPlate: 'NUM1234',
  StartDateTime: '2024-05-01T11:30:00+00:00',
  EndDateTime: '2024-05-01T11:55:00+00:00',
  Distance: 1.0,
  ServiceFee: 20.0,
  PaymentType: 'cash',
  Commission: 5.000001,
});

function broken(result: CarriageValidation): Array<[string, CarriageRule]> {
  if (result.ok) throw new Error('expected violations, got a valid trip');
  return result.violations.map((v) => [v.field || v.modelStateKey, v.rule]);
}

const check = (changes: Record<string, unknown>, extra: Parameters<typeof validateCarriage>[1] = {}) =>
  validateCarriage({ ...valid(), ...changes }, { now: NOW, ...extra });

describe('EDS trip rules (schemas/eds validateCarriage)', () => {
  it('accepts the OpenAPI sample trip and returns it in wire order without extra fields', () => {
    const r = validateCarriage({ ...valid(), ApiClientId: 'c-1' }, { now: NOW, allowedExtraFields: ['ApiClientId'], unknownFields: 'error' });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(Object.keys(r.carriage)).toEqual(['CarriersTaxpayerCode', 'DriversPersonCode', 'NumberPlate', 'StartDateTime', 'EndDateTime', 'Distance', 'ServiceFee', 'Commission', 'PaymentType']);
    expect(r.end.instantMs - r.start.instantMs).toBe(25 * 60_000);
  });

  it('accepts the reference sample body when it exists (../shared/reference/eds)', () => {
    const file = new URL('../../../shared/reference/eds/samples/carriage-request.json', import.meta.url);
    if (!existsSync(file)) {
      console.warn('*** reference sample absent: ../shared/reference/eds/samples/carriage-request.json ***');
      return;
    }
    const sample = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    expect(validateCarriage(sample, { now: Date.parse('2021-01-01T00:00:00Z') }).ok).toBe(true);
  });

  it.each([
    ['CarriersTaxpayerCode'],
    ['DriversPersonCode'],
    ['NumberPlate'],
    ['StartDateTime'],
    ['EndDateTime'],
    ['Distance'],
    ['ServiceFee'],
  ])('requires %s (missing or null)', (field) => {
    const without = valid();
    delete without[field];
    expect(broken(validateCarriage(without, { now: NOW }))).toEqual([[field, 'required']]);
    expect(broken(check({ [field]: null }))).toEqual([[field, 'required']]);
  });

  it.each([['Commission'], ['PaymentType'], ['SerialNumber'], ['GrandTotal']])('leaves %s optional', (field) => {
    const without = valid();
    delete without[field];
    expect(validateCarriage(without, { now: NOW }).ok).toBe(true);
  });

  it.each([
    ['CarriersTaxpayerCode', '1234567890', 'length'],
    ['CarriersTaxpayerCode', '123456789012', 'length'],
    ['DriversPersonCode', '0123456789', 'length'],
    ['DriversPersonCode', '0123456789012', 'length'],
    ['NumberPlate', 'A', 'length'],
    ['NumberPlate', 'ABCDEFGHIJ123', 'length'],
    ['SerialNumber', 'AB', 'length'],
    ['SerialNumber', '12345678901234', 'length'],
  ])('checks the length of %s (%j)', (field, value, rule) => {
    expect(broken(check({ [field]: value }))).toEqual([[field, rule]]);
  });

  it('takes both lengths a person code may have (11 digits, or 12 with the old dash)', () => {
    expect(check({ DriversPersonCode: '32123456789' }).ok).toBe(true);
    expect(check({ DriversPersonCode: '010190-12345' }).ok).toBe(true);
  });

  it.each([
    ['Distance', -0.01],
    ['Distance', 1_000_000_000.5],
    ['ServiceFee', -1],
    ['ServiceFee', 2e9],
    ['Commission', -5],
    ['Commission', 1e10],
  ])('checks the range of %s (%d)', (field, value) => {
    expect(broken(check({ [field]: value }))).toEqual([[field, 'range']]);
  });

  it('accepts the bounds of a range (0 and 1e9)', () => {
    expect(check({ Distance: 0, ServiceFee: 1_000_000_000, Commission: 0 }).ok).toBe(true);
  });

  it.each([
    ['Distance', '12.5'],
    ['ServiceFee', true],
    ['GrandTotal', 'lots'],
    ['Commission', Number.NaN],
    ['CarriersTaxpayerCode', 12345678901],
    ['SerialNumber', 12345],
    ['PaymentType', 3],
  ])('checks the type of %s (%j)', (field, value) => {
    expect(broken(check({ [field]: value }))).toEqual([[field, 'type']]);
  });

  it('takes every PaymentType of the OpenAPI enum and refuses anything else', () => {
    for (const p of PAYMENT_TYPES) expect(check({ PaymentType: p }).ok).toBe(true);
    expect(broken(check({ PaymentType: 'Cash' }))).toEqual([['PaymentType', 'enum']]);
    expect(broken(check({ PaymentType: 'crypto' }))).toEqual([['PaymentType', 'enum']]);
  });

  it.each([
    '2024-05-01 11:30:00',
    '2024-05-01T11:30',
    '2024-05-01T11:30:00.123Z',
    '2024-05-01T11:30:00+0300',
    '2024-02-30T10:00:00',
    '2024-05-01T24:00:00',
    '01.05.2024 11:30',
    '',
  ])('refuses the date-time %j on the field it is in', (text) => {
    expect(broken(check({ StartDateTime: text }))).toEqual([['StartDateTime', 'date-time-format']]);
  });

  it('takes a date-time without offset (Latvian time), with Z, and with an offset', () => {
    expect(check({ StartDateTime: '2024-05-01T14:00:00', EndDateTime: '2024-05-01T11:20:00Z' }).ok).toBe(true);
    expect(check({ StartDateTime: '2024-05-01T14:00:00+03:00', EndDateTime: '2024-05-01T14:20:00' }).ok).toBe(true);
  });

  it('reads a date-time without offset as Latvian time: 14:30 in Riga in May is after 11:20Z', () => {
    // 14:30 EEST = 11:30Z, so an end of 11:20Z lies before the start.
    expect(broken(check({ StartDateTime: '2024-05-01T14:30:00', EndDateTime: '2024-05-01T11:20:00Z' }))).toEqual([['EndDateTime', 'end-after-start']]);
  });

  it('wants the end after the start (equal is not after)', () => {
    expect(broken(check({ EndDateTime: '2024-05-01T11:00:00+00:00' }))).toEqual([['EndDateTime', 'end-after-start']]);
    expect(broken(check({ EndDateTime: '2024-05-01T11:30:00Z' }))).toEqual([['EndDateTime', 'end-after-start']]);
  });

  it('refuses a trip in the future, beyond the tolerated clock skew', () => {
    expect(broken(check({ EndDateTime: '2024-05-01T12:05:00Z' }))).toEqual([['EndDateTime', 'not-in-future']]);
    expect(check({ EndDateTime: '2024-05-01T12:01:00Z' }).ok).toBe(true); // within 120 s
    expect(broken(check({ EndDateTime: '2024-05-01T12:01:00Z' }, { futureToleranceSeconds: 0 }))).toEqual([['EndDateTime', 'not-in-future']]);
    expect(broken(check({ StartDateTime: '2024-05-02T08:00:00Z', EndDateTime: '2024-05-02T09:00:00Z' }))).toEqual([
      ['StartDateTime', 'not-in-future'],
      ['EndDateTime', 'not-in-future'],
    ]);
  });

  it('refuses a plate with a dash or a space (EDS wants it without)', () => {
    expect(broken(check({ NumberPlate: 'AB-1234' }))).toEqual([['NumberPlate', 'plate-characters']]);
    expect(broken(check({ NumberPlate: 'AB 1234' }))).toEqual([['NumberPlate', 'plate-characters']]);
  });

  it('reports unknown fields only when asked to, and ignores them as EDS does otherwise', () => {
    expect(check({ Distanse: 3 }).ok).toBe(true);
    expect(broken(check({ Distanse: 3 }, { unknownFields: 'error' }))).toEqual([['value.Distanse', 'unknown-field']]);
  });

  it('matches field names case-insensitively only when asked (Json.NET model binding)', () => {
    const lower = Object.fromEntries(Object.entries(valid()).map(([k, v]) => [k.toLowerCase(), v]));
    expect(validateCarriage(lower, { now: NOW, fieldNames: 'case-insensitive' }).ok).toBe(true);
    expect(validateCarriage(lower, { now: NOW }).ok).toBe(false);
  });

  it('refuses a body that is no object', () => {
    for (const body of [null, [], 'trip', 3]) expect(broken(validateCarriage(body, { now: NOW }))).toEqual([['value', 'object']]);
  });

  it('reports every broken rule, not only the first', () => {
    expect(broken(check({ CarriersTaxpayerCode: '1', Distance: -1, PaymentType: 'x' })).map(([f]) => f)).toEqual(['CarriersTaxpayerCode', 'Distance', 'PaymentType']);
  });

  it('masks the person code in the English message (it goes to logs)', () => {
    const r = check({ DriversPersonCode: '0123456789012' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.violations[0]!.message).not.toContain('0123456789012');
    expect(r.violations[0]!.message).toContain('012"');
  });
});

describe('ModelState (EDS 400 body)', () => {
  it('says the range rule in the very words of the public mock', () => {
    const r = check({ ServiceFee: -1 });
    if (r.ok) throw new Error('expected a violation');
    expect(modelStateOf(r.violations)).toEqual({
      Message: 'The request is invalid.',
      ModelState: { 'value.ServiceFee': ['Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.'] },
    });
  });

  it('has a Latvian message under value.<Field> for every rule', () => {
    const r = check({ CarriersTaxpayerCode: '1', NumberPlate: 'A-1', Distance: 'x', PaymentType: 'x', StartDateTime: 'x', Foo: 1 }, { unknownFields: 'error' });
    if (r.ok) throw new Error('expected violations');
    const state = modelStateOf(r.violations).ModelState;
    expect(Object.keys(state).sort()).toEqual(['value.CarriersTaxpayerCode', 'value.Distance', 'value.Foo', 'value.NumberPlate', 'value.PaymentType', 'value.StartDateTime']);
    for (const messages of Object.values(state)) expect(messages[0]).toMatch(/Lauk/);
  });

  it('glosses each ModelState key in English, keeping the Latvian verbatim', () => {
    const body = { Message: 'The request is invalid.', ModelState: { 'value.ServiceFee': ['Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.'], value: ['x'], 'value.Bogus': ['y'] } };
    expect(glossModelState(body)).toEqual([
      { key: 'value.ServiceFee', field: 'ServiceFee', fieldGloss: 'fare paid for the trip (EUR)', messages: ['Lauka "ServiceFee" vērtībai jābūt robežās no 0 līdz 1000000000.'] },
      { key: 'value', field: '', fieldGloss: 'the trip as a whole', messages: ['x'] },
      { key: 'value.Bogus', field: '', fieldGloss: 'unknown field Bogus', messages: ['y'] },
    ]);
    expect(glossModelState('not json')).toEqual([]);
  });
});
