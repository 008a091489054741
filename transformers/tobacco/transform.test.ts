import { describe, expect, it } from 'vitest';
import type { Type } from 'avsc';
import { writeConfluentFrame } from '../../schemas/avro/confluent-wire.js';
import { compileAvroSchema } from '../../schemas/avro/loader.js';
import { COMMON_FIELDS, fieldsOf, MESSAGE_TYPES, parseDate, parseEventTime, type MessageType } from '../../schemas/tobacco/index.js';
import { validMessage } from '../../test/fixtures/tobacco/messages.js';
import { decodeTobaccoEvent } from './decode-event.js';
import { tobaccoEventSchemaOf } from './event-schemas.js';
import { toDataDictionaryMessage } from './map-event.js';
import { recallCodeFor } from './recall-code.js';
import { transformTobaccoEvent } from './transform.js';

const NOW = new Date('2025-03-10T12:30:00Z');

/** What an ERP would produce for a fixture message: instants as epoch ms, booleans, Avro dates. */
function asErpEvent(type: MessageType, message: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldsOf(type)) {
    if (COMMON_FIELDS.includes(f)) continue;
    const v = message[f.name];
    if (v === undefined) continue;
    if (f.type === 'time') out[f.name] = parseEventTime(v as string)!.getTime();
    else if (f.type === 'date') out[f.name] = parseDate(v as string)!.getTime() / 86_400_000;
    else if (f.type === 'boolean') out[f.name] = v === 1;
    else out[f.name] = v;
  }
  return out;
}

function avroRecord(type: MessageType, event: Record<string, unknown>): Record<string, unknown> {
  // Optional Avro fields not given are null (their default).
  const t = tobaccoEventSchemaOf(type).schema.type as Type & { fields: Array<{ name: string }> };
  return Object.fromEntries(t.fields.map((f) => [f.name, event[f.name] ?? null]));
}

describe('ERP Avro event schemas follow the data dictionary', () => {
  it.each(MESSAGE_TYPES)('%s: the Avro fields are exactly the dictionary fields (less Message_Type, Code, Message_Time_Long)', (type) => {
    const avroFields = (tobaccoEventSchemaOf(type).schema.type as Type & { fields: Array<{ name: string }> }).fields.map((f) => f.name);
    const dictionary = fieldsOf(type).filter((f) => !COMMON_FIELDS.includes(f)).map((f) => f.name);
    expect(avroFields).toEqual(dictionary);
  });
});

describe('transformTobaccoEvent: every message type from Confluent-framed Avro to a dictionary message', () => {
  const writers = new Map<number, Type>(MESSAGE_TYPES.map((t, i) => [100 + i, tobaccoEventSchemaOf(t).schema.type]));

  it.each(MESSAGE_TYPES.map((t, i) => [t, 100 + i] as const))('%s (schema id %i) maps to the fixture message plus its recall Code', (type, schemaId) => {
    const expected = validMessage(type, { ...defaultIds(), now: NOW });
    const avro = tobaccoEventSchemaOf(type).schema.type;
    const value = writeConfluentFrame(schemaId, avro.toBuffer(avroRecord(type, asErpEvent(type, expected))));
    const r = transformTobaccoEvent({ value, contentType: 'application/vnd.confluent.avro', ediId: '01JPB3Q0ZJ4M4N5P6Q7R8S9T0V' }, { writerFor: (id) => writers.get(id), now: NOW });
    if (!r.ok) throw r.error;
    expect(r.form).toBe('confluent-avro');
    expect(r.message).toEqual({ ...expected, Code: recallCodeFor('01JPB3Q0ZJ4M4N5P6Q7R8S9T0V') });
    expect(JSON.parse(r.body.toString('utf8'))).toEqual(r.message);
    expect(r.key).toBe(expected.EO_ID);
  });
});

function defaultIds() {
  return { EO_ID: 'EOA1B2C3D4E5', F_ID: 'FA1B2C3D4E5F', EO_ID2: 'EOZ9Y8X7W6V5', F_ID2: 'FZ9Y8X7W6V5U', M_ID: 'MA1B2C3D4E5F', upUIs: ['PLU01', 'PLU02', 'PLU03', 'PLU04'], aUIs: ['PLA01', 'PLA02'] };
}

describe('toDataDictionaryMessage', () => {
  it('turns an ERP dispatch (epoch ms, booleans, nulls) into Event_Time YYMMDDhh UTC, 0/1, no nulls', () => {
    const msg = toDataDictionaryMessage('EDP', {
      EO_ID: 'EO1', F_ID: 'F1', Event_Time: Date.parse('2025-01-15T23:45:00+01:00'), Destination_ID1: 2, Destination_ID2: 'F2',
      Transport_mode: 3, Transport_vehicle: 'LV-1', Transport_cont1: false, Transport_cont2: null, Transport_s1: 0, EMCS: true, EMCS_ARC: 'ARC1',
      SAAD: false, Exp_Declaration: false, UI_Type: 1, upUIs: ['U1'], aUIs: null, Dispatch_comment: null,
    });
    expect(msg).toEqual({
      Message_Type: 'EDP', EO_ID: 'EO1', F_ID: 'F1', Event_Time: '25011522', Destination_ID1: 2, Destination_ID2: 'F2', Transport_mode: 3,
      Transport_vehicle: 'LV-1', Transport_cont1: 0, Transport_s1: 0, EMCS: 1, EMCS_ARC: 'ARC1', SAAD: 0, Exp_Declaration: 0, UI_Type: 1, upUIs: ['U1'],
    });
    expect(Object.keys(msg)[0]).toBe('Message_Type');
  });

  it('leaves an already-formed dictionary message unchanged', () => {
    const formed = { ...validMessage('EIV'), Message_Time_long: '2025-01-15T10:00:00Z' };
    expect(toDataDictionaryMessage('EIV', formed)).toEqual(formed);
  });

  it('converts ISO instants, numeric strings and Avro dates', () => {
    const msg = toDataDictionaryMessage('EPR', { Event_Time: '2025-01-15T10:59:59Z', Payment_Date: 20_103, Payment_Amount: '12.50', Payment_Type: '2', Message_Time_Long: '2025-01-15T11:00:00.123+00:00' });
    expect(msg).toMatchObject({ Event_Time: '25011510', Payment_Date: '2025-01-15', Payment_Amount: 12.5, Payment_Type: 2, Message_Time_Long: '2025-01-15T11:00:00Z' });
  });

  it('does not reinterpret YYMMDDhh sent as a number as epoch milliseconds', () => {
    const r = transformTobaccoEvent({ value: Buffer.from(JSON.stringify({ ...validMessage('ERP'), Event_Time: 25011510 })) });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.violations?.[0]).toMatchObject({ path: 'Event_Time', rule: 'format', value: 25011510 });
  });

  it('keeps an event Code and unknown keys (validation names the unknown ones)', () => {
    expect(toDataDictionaryMessage('ERP', { Code: 'c-1', Colour: 'red' }, { code: 'ignored' })).toEqual({ Message_Type: 'ERP', Code: 'c-1', Colour: 'red' });
  });
});

describe('decodeTobaccoEvent', () => {
  it('takes Message_Type from a JSON dictionary message, whatever edi-schema says', () => {
    const d = decodeTobaccoEvent({ value: Buffer.from(JSON.stringify(validMessage('EPO'))), contentType: 'application/json', schema: 'Dispatch' });
    expect(d).toMatchObject({ messageType: 'EPO', form: 'json-message' });
  });

  it('takes the message type of a JSON ERP event from edi-schema (full name, short name or code)', () => {
    for (const schema of ['edi.tobacco.erp.Arrival', 'Arrival', 'ERP']) {
      expect(decodeTobaccoEvent({ value: Buffer.from('{"EO_ID":"E"}'), contentType: 'application/json', schema })).toMatchObject({ messageType: 'ERP', form: 'json-event' });
    }
  });

  it('a JSON event with neither Message_Type nor edi-schema is EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN', () => {
    expect(decodeTobaccoEvent({ value: Buffer.from('{"EO_ID":"E"}') })).toMatchObject({ code: 'EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN' });
  });

  it('broken JSON gives the line and column', () => {
    const e = decodeTobaccoEvent({ value: Buffer.from('{\n  "Message_Type": "ERP",\n  "EO_ID": }') });
    expect(e).toMatchObject({ code: 'EDI_ERR_TOBACCO_JSON', detail: { line: 3 } });
  });

  it('bytes that are not UTF-8 are refused with the offset', () => {
    const e = decodeTobaccoEvent({ value: Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x7d]), contentType: 'application/json' });
    expect(e).toMatchObject({ code: 'EDI_ERR_TOBACCO_NOT_UTF8' });
    expect((e as Error).message).toContain('byte 2');
  });

  it('decodes plain Avro whose schema is named in edi-schema', () => {
    const avro = tobaccoEventSchemaOf('EUD').schema.type;
    const value = avro.toBuffer({ EO_ID: 'E', F_ID: 'F', Event_Time: NOW.getTime(), aUI: 'A1', disaUI_comment: null });
    expect(decodeTobaccoEvent({ value, contentType: 'avro/binary', schema: 'edi.tobacco.erp.Disaggregation' })).toMatchObject({ messageType: 'EUD', form: 'avro', event: { aUI: 'A1' } });
  });

  it('reads an older ERP writer schema (without an optional field) as the current one', () => {
    const old = compileAvroSchema({
      type: 'record', name: 'Disaggregation', namespace: 'edi.tobacco.erp',
      fields: [{ name: 'EO_ID', type: 'string' }, { name: 'F_ID', type: 'string' }, { name: 'Event_Time', type: 'long' }, { name: 'aUI', type: 'string' }],
    });
    const value = writeConfluentFrame(9, old.toBuffer({ EO_ID: 'E', F_ID: 'F', Event_Time: NOW.getTime(), aUI: 'A1' }));
    const d = decodeTobaccoEvent({ value }, { writerFor: () => old });
    expect(d).toMatchObject({ messageType: 'EUD', form: 'confluent-avro', schemaId: 9, event: { aUI: 'A1', disaUI_comment: null } });
  });

  it('a schema id the registry does not know is EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN', () => {
    const e = decodeTobaccoEvent({ value: writeConfluentFrame(77, Buffer.from([2, 0x41])), contentType: 'application/vnd.confluent.avro' }, { writerFor: () => undefined });
    expect(e).toMatchObject({ code: 'EDI_ERR_TOBACCO_SCHEMA_ID_UNKNOWN', retriable: false });
  });

  it('Confluent-framed garbage is EDI_ERR_TOBACCO_AVRO, not a crash', () => {
    const writer = tobaccoEventSchemaOf('EDP').schema.type;
    const e = decodeTobaccoEvent({ value: writeConfluentFrame(5, Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2])) }, { writerFor: () => writer });
    expect(e).toMatchObject({ code: 'EDI_ERR_TOBACCO_AVRO', detail: { reason: 'malformed-body' } });
  });

  it('a writer schema that is not one of ours is refused by name', () => {
    const foreign = compileAvroSchema({ type: 'record', name: 'Trip', namespace: 'eds', fields: [{ name: 'x', type: 'int' }] });
    const e = decodeTobaccoEvent({ value: writeConfluentFrame(3, foreign.toBuffer({ x: 1 })) }, { writerFor: () => foreign });
    expect(e).toMatchObject({ code: 'EDI_ERR_TOBACCO_EVENT_TYPE_UNKNOWN' });
    expect((e as Error).message).toContain('eds.Trip');
  });
});

describe('rule violations become typed errors for the DLQ', () => {
  it('an arrival with UI_Type 2 and no aUIs names the path, the rule and the value', () => {
    const msg: Record<string, unknown> = { ...validMessage('ERP'), UI_Type: 2 };
    delete msg.aUIs;
    const r = transformTobaccoEvent({ value: Buffer.from(JSON.stringify(msg)) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('EDI_ERR_TOBACCO_RULE');
    expect(r.error.retriable).toBe(false);
    expect(r.error.message).toContain('aUIs: required when UI_Type = 2');
    expect(r.error.detail).toMatchObject({ path: 'aUIs', rule: 'required-if', routerCode: 'REQUIRED_FIELD_FAILED_VALIDATION' });
  });

  it('a 30 h old event goes through with its warning', () => {
    const msg = { ...validMessage('EDP'), Event_Time: '25030906' };
    const r = transformTobaccoEvent({ value: Buffer.from(JSON.stringify(msg)) }, { now: NOW });
    expect(r.ok && r.warnings.map((w) => w.code)).toEqual(['SHIPMENT_WITHIN_24_HOURS']);
  });
});

describe('recallCodeFor', () => {
  it('is a version-5 UUID, the same for the same edi-id and different for another', () => {
    const a = recallCodeFor('01JPB3Q0ZJ4M4N5P6Q7R8S9T0V');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(recallCodeFor('01JPB3Q0ZJ4M4N5P6Q7R8S9T0V')).toBe(a);
    expect(recallCodeFor('01JPB3Q0ZJ4M4N5P6Q7R8S9T0W')).not.toBe(a);
  });
});
