import { describe, expect, it } from 'vitest';
import { decodeTime } from 'ulid';
import { H } from '../../topics/headers.js';
import type { BusRecord } from '../../topics/record.js';
import { adoptForeignRecord, deterministicUlid } from './adopt-record.js';

const foreign = (offset: string, timestamp = 1_763_000_000_000): BusRecord => ({ topic: 'tobacco.events.inbound', partition: 2, offset, key: 'EO1', value: Buffer.from([0, 0, 0, 0, 1]), headers: {}, timestamp });

describe('adoptForeignRecord: records an ERP producer wrote without edi-* headers', () => {
  it('gets a ULID whose time is the record timestamp, the same on every redelivery of the same record', () => {
    const a = adoptForeignRecord(foreign('41'));
    const again = adoptForeignRecord(foreign('41'));
    expect(a.headers[H.id]).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(again.headers[H.id]).toBe(a.headers[H.id]);
    expect(decodeTime(a.headers[H.id]!)).toBe(1_763_000_000_000);
    expect(a.headers).toMatchObject({ [H.source]: 'kafka:tobacco.events.inbound/2/41', [H.receivedAt]: new Date(1_763_000_000_000).toISOString(), [H.correlationId]: a.headers[H.id] });
  });

  it('another offset, or the same offset at another time (a recreated topic), is another id', () => {
    const id = adoptForeignRecord(foreign('41')).headers[H.id];
    expect(adoptForeignRecord(foreign('42')).headers[H.id]).not.toBe(id);
    expect(adoptForeignRecord(foreign('41', 1_763_000_000_001)).headers[H.id]).not.toBe(id);
  });

  it('leaves a record that already has an edi-id as it is', () => {
    const own = { ...foreign('1'), headers: { [H.id]: '01JPB3Q0ZJ4M4N5P6Q7R8S9T0V' } };
    expect(adoptForeignRecord(own)).toBe(own);
  });

  it('encodes time and entropy as the ULID spec does', () => {
    expect(deterministicUlid(0, Buffer.alloc(10))).toBe('0'.repeat(26));
    expect(deterministicUlid(2 ** 48 - 1, Buffer.alloc(10, 0xff))).toBe('7' + 'Z'.repeat(25));
  });
});
