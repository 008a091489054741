import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AvroDecodeError, decodeConfluent, readConfluentFrame, writeConfluentFrame } from './confluent-wire.js';
import { compileAvroSchema, loadAvroSchemas } from './loader.js';

const arrivalV1 = compileAvroSchema({
  type: 'record',
  name: 'Arrival',
  namespace: 't',
  fields: [
    { name: 'EO_ID', type: 'string' },
    { name: 'Event_Time', type: 'long' },
    { name: 'upUIs', type: { type: 'array', items: 'string' } },
  ],
});

function decodeError(fn: () => unknown): AvroDecodeError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AvroDecodeError);
    return err as AvroDecodeError;
  }
  throw new Error('expected an AvroDecodeError');
}

describe('Confluent wire format', () => {
  const event = { EO_ID: 'EO1', Event_Time: 1_736_935_200_000, upUIs: ['U1', 'U2', 'U3'] };
  const framed = writeConfluentFrame(42, arrivalV1.toBuffer(event));

  it('frames as magic byte 0 + big-endian schema id + Avro body', () => {
    expect([...framed.subarray(0, 5)]).toEqual([0, 0, 0, 0, 42]);
    expect(readConfluentFrame(writeConfluentFrame(0x01020304, Buffer.alloc(0))).schemaId).toBe(0x01020304);
  });

  it('decodes real avsc-encoded bytes with the writer schema of the id', () => {
    const out = decodeConfluent(framed, (id) => (id === 42 ? arrivalV1 : undefined));
    expect(out.schemaId).toBe(42);
    expect(out.value).toEqual(event);
  });

  it('reads an older writer schema as a newer reader schema (schema evolution)', () => {
    const v2 = compileAvroSchema({
      type: 'record',
      name: 'Arrival',
      namespace: 't',
      fields: [
        { name: 'EO_ID', type: 'string' },
        { name: 'Event_Time', type: 'long' },
        { name: 'upUIs', type: { type: 'array', items: 'string' } },
        { name: 'Arrival_comment', type: ['null', 'string'], default: null },
      ],
    });
    expect(decodeConfluent(framed, () => arrivalV1, v2).value).toEqual({ ...event, Arrival_comment: null });
  });

  it('an incompatible reader schema is a clear error, not a crash', () => {
    const other = compileAvroSchema({ type: 'record', name: 'Other', fields: [{ name: 'x', type: 'int' }] });
    expect(decodeError(() => decodeConfluent(framed, () => arrivalV1, other)).reason).toBe('incompatible-schema');
  });

  it('an unknown schema id names the id', () => {
    const e = decodeError(() => decodeConfluent(framed, () => undefined));
    expect(e.reason).toBe('unknown-schema-id');
    expect(e.message).toContain('42');
  });

  it('a value shorter than the header or with another magic byte is refused', () => {
    expect(decodeError(() => readConfluentFrame(Buffer.from([0, 0, 1]))).reason).toBe('too-short');
    expect(decodeError(() => readConfluentFrame(Buffer.from('{"EO_ID":"x"}'))).reason).toBe('magic-byte');
  });

  it('a truncated body is malformed-body', () => {
    const cut = framed.subarray(0, framed.length - 2);
    expect(decodeError(() => decodeConfluent(cut, () => arrivalV1)).reason).toBe('malformed-body');
  });

  it('trailing bytes after the value are malformed-body', () => {
    const longer = Buffer.concat([framed, Buffer.from([1, 2, 3])]);
    expect(decodeError(() => decodeConfluent(longer, () => arrivalV1)).message).toMatch(/trailing bytes/);
  });

  it('an array announcing 2^40 items is refused at once instead of exhausting memory', () => {
    // EO_ID "" (len 0), Event_Time 0, then an array block count of 2^40 (zig-zag varint) and nothing else.
    const count = 2 ** 40 * 2;
    const varint: number[] = [];
    for (let v = count; ; ) {
      const b = v % 128;
      v = Math.floor(v / 128);
      if (v === 0) {
        varint.push(b);
        break;
      }
      varint.push(b | 0x80);
    }
    const body = Buffer.from([0, 0, ...varint, 2, 0x41]);
    const started = Date.now();
    const e = decodeError(() => decodeConfluent(writeConfluentFrame(1, body), () => arrivalV1));
    expect(e.reason).toBe('malformed-body');
    expect(e.message).toMatch(/cannot fit/);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('a thousand random garbage bodies against every tobacco schema never throw anything but AvroDecodeError', () => {
    const writers = [...loadAvroSchemas('tobacco').values()].map((s) => s.type);
    let decoded = 0;
    for (let i = 0; i < 1000; i++) {
      const writer = writers[i % writers.length]!;
      const garbage = writeConfluentFrame(7, randomBytes(1 + (i % 300)));
      try {
        decodeConfluent(garbage, () => writer);
        decoded++; // random bytes can happen to be a valid value; that is fine
      } catch (err) {
        expect(err).toBeInstanceOf(AvroDecodeError);
      }
    }
    expect(decoded).toBeLessThan(1000);
  });
});

describe('Avro schema loader', () => {
  it('compiles each tobacco schema once and returns the same instances on the next call', () => {
    const first = loadAvroSchemas('tobacco');
    expect(first.size).toBe(14);
    expect(loadAvroSchemas('tobacco')).toBe(first);
    expect(first.get('edi.tobacco.erp.Dispatch')?.json['edi.messageType']).toBe('EDP');
  });

  it('refuses a domain name that could leave the schemas folder', () => {
    expect(() => loadAvroSchemas('../tobacco')).toThrow(/invalid Avro schema domain/);
  });
});
