import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../lib/errors.js';
import { H } from '../../topics/headers.js';
import { intakeRecord } from '../../topics/record.js';
import type { TransformResult } from '../runner.js';
import { PH } from './headers.js';
import { transformPapinet } from './transform.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/papinet/${name}`, import.meta.url));

function inbound(name: string) {
  return intakeRecord({ topic: 'papinet.inbound', key: name, value: fixture(name), source: `inbox-papinet:${name}`, contentType: 'application/xml' });
}

describe('transformPapinet', () => {
  it('puts the original bytes on papinet.valid, keyed by the document number, with its classification in headers', () => {
    const record = inbound('DeliveryMessageWood-original.xml');
    const r = transformPapinet(record);
    if (!r.ok) throw r.error;
    expect(r.records).toHaveLength(1);
    const out = r.records[0]!;
    expect(out.topic).toBe('papinet.valid');
    expect(out.key).toBe('KVA-2026-000417');
    expect(out.value.equals(record.value)).toBe(true);
    expect(out.headers).toMatchObject({
      [H.id]: record.headers[H.id],
      [H.correlationId]: record.headers[H.correlationId],
      [H.source]: 'inbox-papinet:DeliveryMessageWood-original.xml',
      [H.contentType]: 'application/xml',
      [H.schema]: 'papinet/DeliveryMessageWood',
      [H.sha256]: record.headers[H.sha256],
      [PH.document]: 'DeliveryMessage',
      [PH.type]: 'DeliveryMessage',
      [PH.status]: 'Original',
      [PH.number]: 'KVA-2026-000417',
      [PH.affirmations]: '4210000101,4210000102',
      [PH.eudr]: 'missing',
    });
    expect(JSON.parse(out.headers[PH.summary]!)).toEqual(r.summary);
    expect(r.refs).toEqual({ document: 'DeliveryMessage', type: 'DeliveryMessage', status: 'Original', number: 'KVA-2026-000417', eudr: 'missing', affirmations: '4210000101,4210000102' });
  });

  it('says when the document already carries every statement', () => {
    const r = transformPapinet(inbound('DeliveryMessageWood-with-eudr.xml'));
    if (!r.ok) throw r.error;
    expect(r.records[0]!.headers).toMatchObject({ [PH.status]: 'Replaced', [PH.eudr]: 'complete' });
  });

  it('keys the work order and the measuring ticket by their own numbers', () => {
    const di = transformPapinet(inbound('DeliveryInstruction-original.xml'));
    const mt = transformPapinet(inbound('MeasuringTicket-original.xml'));
    expect(di.ok && di.key).toBe('TDU-2026-001932');
    expect(mt.ok && mt.records[0]!.headers[PH.document]).toBe('MeasuringTicket');
    expect(mt.ok && mt.records[0]!.headers[PH.eudr]).toBe('complete');
  });

  it('returns a typed, non-retriable error for the DLQ, with line, column and path', () => {
    const r = transformPapinet(inbound('invalid-enumeration.xml'));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('EDI_ERR_XML_SCHEMA_INVALID');
    expect(r.error.retriable).toBe(false);
    expect(r.error.detail).toMatchObject({ line: 140, column: 15, path: expect.stringContaining('RoundWoodSpecies[1]') });
  });

  it('sends its output to the configured topic', () => {
    const r = transformPapinet(inbound('MeasuringTicket-original.xml'), { options: { validTopic: 'papinet.valid.v2' } });
    expect(r.ok && r.records[0]!.topic).toBe('papinet.valid.v2');
  });

  it("fits the runner's TransformResult", () => {
    const r: TransformResult = transformPapinet(inbound('DeliveryInstruction-original.xml'));
    expect(r.ok).toBe(true);
  });

  it('answers every damaged input with an EdiError and never throws', () => {
    const original = fixture('DeliveryMessageWood-original.xml');
    const inputs: Buffer[] = [Buffer.alloc(0), randomBytes(4096), Buffer.from('not xml at all'), Buffer.from('<?xml version="1.0"?>')];
    for (let cut = 1; cut < original.length; cut += 97) inputs.push(original.subarray(0, cut));
    for (let at = 0; at < original.length; at += 211) {
      const b = Buffer.from(original);
      b[at] = 0x3c; // a stray '<'
      inputs.push(b);
    }
    let failed = 0;
    for (const value of inputs) {
      const r = transformPapinet({ value, headers: {} });
      if (!r.ok) {
        expect(r.error).toBeInstanceOf(EdiError);
        expect(r.error.code).toMatch(/^EDI_ERR_(XML|PAPINET)_/);
        failed++;
      }
    }
    expect(failed).toBeGreaterThan(inputs.length * 0.9);
  });
});
