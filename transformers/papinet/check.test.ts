import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeDeliveryMessage } from '../../test/fixtures/papinet/large-document.js';
import { checkPapinet, type PapinetCheck } from './check.js';
import type { PapinetSummary } from './summary.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/papinet/${name}`, import.meta.url));

function ok(r: PapinetCheck): PapinetSummary {
  if (!r.ok) throw new Error(`expected a valid document, got ${r.error.code}: ${r.error.message}`);
  return r.summary;
}

function fails(r: PapinetCheck): Extract<PapinetCheck, { ok: false }> {
  if (r.ok) throw new Error(`expected a failure, got a valid ${r.summary.document}`);
  return r;
}

describe('checkPapinet on the Latvian fixtures', () => {
  it('classifies the e-waybill and reads its key, parties, affirmations per line item, species and m³', () => {
    const s = ok(checkPapinet(fixture('DeliveryMessageWood-original.xml')));
    expect(s).toMatchObject({ document: 'DeliveryMessage', root: 'DeliveryMessageWood', type: 'DeliveryMessage', status: 'Original', number: 'KVA-2026-000417', date: '2026-03-16T07:42:00', schema: 'project' });
    expect(s.parties.buyer).toMatchObject({ vatNumber: 'LV40003123456', name: 'SIA "Madonas Zāģētava"', country: 'LV' });
    expect(s.parties.supplier?.vatNumber).toBe('LV40103987654');
    expect(s.parties.receivers.map((p) => p.vatNumber)).toEqual(['LV40003123456']);
    expect(s.parties.others.map((p) => p.partyType)).toEqual(['Carrier', 'LoggingArea', 'LoggingArea']);
    expect(s.lineItems.map((l) => [l.number, l.fellingAffirmations, l.species, l.volumeM3])).toEqual([
      ['1', ['4210000101'], ['ScotsPine'], 18.42],
      ['2', ['4210000102'], ['NorwaySpruce'], 9.875],
      ['3', ['4210000101'], ['Birch'], 4.305],
    ]);
    expect(s.fellingAffirmations).toEqual(['4210000101', '4210000102']);
    expect(s.species).toEqual(['ScotsPine', 'NorwaySpruce', 'Birch']);
    expect(s.totalVolumeM3).toBe(32.6);
    expect(s.lineItems[1]!.loggingAreas).toEqual([{ affirmation: '4210000102', name: 'Cirsma "Indrāni", kv. 27 nog. 14', county: 'Madonas novads', latitude: 56.8714, longitude: 26.7903 }]);
    expect(s.lineItems[0]!.product).toMatchObject({ description: 'Priedes zāģbaļķi, 26+ cm', classification: '440321' });
    expect(s.lineItems.every((l) => l.eudr.length === 0)).toBe(true);
    expect(s.eudrReferences).toEqual([]);
  });

  it('reads the EUDR numbers a replaced e-waybill already carries, beside an FSC claim', () => {
    const s = ok(checkPapinet(fixture('DeliveryMessageWood-with-eudr.xml')));
    expect(s).toMatchObject({ status: 'Replaced', number: 'KVA-2026-000388' });
    expect(s.lineItems.map((l) => l.eudr.map((e) => `${e.referenceNumber}/${e.verificationNumber}`))).toEqual([
      ['26LVQ7K2M9XT4A/HX4T9QZB'],
      ['26LV8RW3C5NJ0E/M2KD7PLA'],
      ['26LVQ7K2M9XT4A/HX4T9QZB'],
    ]);
    expect(s.eudrReferences).toEqual([
      { referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'references', affirmations: ['4210000101'], lineItems: ['1', '3'] },
      { referenceNumber: '26LV8RW3C5NJ0E', verificationNumber: 'M2KD7PLA', encoding: 'references', affirmations: ['4210000102'], lineItems: ['2'] },
    ]);
  });

  it('classifies the transport work order and finds each affirmation at its supply point', () => {
    const s = ok(checkPapinet(fixture('DeliveryInstruction-original.xml')));
    expect(s).toMatchObject({ document: 'DeliveryInstruction', type: 'DeliveryInstruction', status: 'Original', number: 'TDU-2026-001932' });
    expect(s.parties.sender?.vatNumber).toBe('LV40103987654');
    expect(s.parties.buyer?.vatNumber).toBe('LV40003123456');
    expect(s.parties.receivers[0]).toMatchObject({ partyType: 'Carrier', vatNumber: 'LV40203111222' });
    expect(s.lineItems.map((l) => [l.number, l.fellingAffirmations, l.loggingAreas[0]?.name, l.volumeM3])).toEqual([
      ['1/1', ['4210000101'], 'Cirsma "Kalsnavas meži", kv. 112 nog. 5', 22],
      ['1/2', ['4210000102'], 'Cirsma "Indrāni", kv. 27 nog. 14', 12],
    ]);
  });

  it('classifies the measuring ticket with the measured volumes and the statements it carries', () => {
    const s = ok(checkPapinet(fixture('MeasuringTicket-original.xml')));
    expect(s).toMatchObject({ document: 'MeasuringTicket', type: 'MeasuringTicket', status: 'Original', number: 'TP-2026-118204', totalVolumeM3: 32.036 });
    expect(s.parties.others.find((p) => p.partyType === 'Measurer')?.vatNumber).toBe('LV40003555444');
    expect(s.lineItems[0]!.quantities[0]).toEqual({ element: 'Quantity', type: 'SolidWoodVolume', context: 'Delivered', measuringAgency: 'Buyer', value: 18.116, uom: 'CubicMeter' });
    expect(s.eudrReferences.map((r) => [r.referenceNumber, r.affirmations])).toEqual([['26LVQ7K2M9XT4A', ['4210000101', '4210000102']]]);
  });

  it('takes a document written with a namespace prefix', () => {
    const text = fixture('DeliveryMessageWood-original.xml')
      .toString('utf8')
      .replace('xmlns="http://www.papinet.org/v2r40"', 'xmlns:p="http://www.papinet.org/v2r40"')
      .replace(/<(\/?)([A-Z]\w*)/g, '<$1p:$2');
    expect(ok(checkPapinet(Buffer.from(text))).number).toBe('KVA-2026-000417');
  });

  it('falls back to the header logging area when the document names exactly one', () => {
    const text = fixture('DeliveryMessageWood-original.xml')
      .toString('utf8')
      .replace(/\s*<DeliveryMessageReference DeliveryMessageReferenceType="ProductOriginIdentifier"[^<]*<\/DeliveryMessageReference>/g, '')
      .replace(/<OtherParty PartyType="LoggingArea">(?:(?!<\/OtherParty>)[\s\S])*4210000102[\s\S]*?<\/OtherParty>\s*/, '');
    const s = ok(checkPapinet(Buffer.from(text)));
    expect(s.lineItems.map((l) => l.fellingAffirmations)).toEqual([['4210000101'], ['4210000101'], ['4210000101']]);
  });

  it('reads affirmations from a differently configured reference type', () => {
    const text = fixture('DeliveryMessageWood-original.xml').toString('utf8').replaceAll('DeliveryMessageReferenceType="ProductOriginIdentifier" AssignedBy="LoggingArea"', 'DeliveryMessageReferenceType="Other" AssignedBy="Supplier"');
    const s = ok(checkPapinet(Buffer.from(text), { options: { fellingAffirmation: { referenceType: 'Other', assignedBy: null, partyIdentifierType: 'Other' } } }));
    expect(s.fellingAffirmations).toEqual(['4210000101', '4210000102']);
    // with the defaults the same document names none on its line items (two areas in the header: no fallback)
    expect(ok(checkPapinet(Buffer.from(text))).fellingAffirmations).toEqual([]);
  });
});

describe('checkPapinet on invalid documents: line, column and element path', () => {
  it('a value outside a papiNet enumeration', () => {
    const r = fails(checkPapinet(fixture('invalid-enumeration.xml')));
    expect(r.error.code).toBe('EDI_ERR_XML_SCHEMA_INVALID');
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      line: 140,
      column: 15,
      path: '/DeliveryMessageWood/DeliveryMessageShipment[1]/DeliveryMessageProductGroup[1]/DeliveryShipmentLineItem[2]/Product[1]/WoodProducts[1]/RoundWood[1]/RoundWoodSpecies[1]',
    });
    expect(r.issues[0]!.message).toMatch(/'Priede' is not an element of the set \{'Afrormosia'.*… 175 values\}/);
    expect(r.error.detail).toMatchObject({ line: 140, column: 15, path: r.issues[0]!.path });
    expect(r.error.message).toMatch(/^papiNet DeliveryMessageWood: 1 schema violation/);
  });

  it('a missing document number', () => {
    const r = fails(checkPapinet(fixture('invalid-missing-number.xml')));
    expect(r.error.code).toBe('EDI_ERR_XML_SCHEMA_INVALID');
    expect(r.issues[0]).toMatchObject({ line: 5, column: 5, path: '/DeliveryMessageWood/DeliveryMessageWoodHeader[1]/DeliveryMessageDate[1]' });
    expect(r.issues[0]!.message).toMatch(/Expected is \( \{http:\/\/www\.papinet\.org\/v2r40\}DeliveryMessageNumber \)/);
  });

  it('the wrong namespace', () => {
    const r = fails(checkPapinet(fixture('invalid-wrong-namespace.xml')));
    expect(r.error.code).toBe('EDI_ERR_PAPINET_NAMESPACE');
    expect(r.error.message).toContain('"http://www.papinet.org/v2r31"; expected "http://www.papinet.org/v2r40"');
    expect(r.issues[0]).toMatchObject({ line: 3, column: 1, path: '/DeliveryMessageWood' });
  });

  it('a root that is not one of the three documents', () => {
    const r = fails(checkPapinet(Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n  <Invoice xmlns="http://www.papinet.org/v2r40"/>')));
    expect(r.error.code).toBe('EDI_ERR_PAPINET_UNKNOWN_DOCUMENT');
    expect(r.issues[0]).toMatchObject({ line: 2, column: 3, path: '/Invoice' });
  });

  it('malformed XML', () => {
    const text = fixture('DeliveryMessageWood-original.xml').toString('utf8').replace('</DeliveryMessageNumber>', '</DeliveryMessageNumbr>');
    const r = fails(checkPapinet(Buffer.from(text)));
    expect(r.error.code).toBe('EDI_ERR_XML_MALFORMED');
    expect(r.issues[0]).toMatchObject({ line: 6 });
    expect(r.issues[0]!.column).toBeGreaterThan(0);
  });
});

describe('checkPapinet on hostile documents: a clear error, never a crash, no entity resolved', () => {
  it('an external entity', () => {
    const dir = mkdtempSync(join(tmpdir(), 'papinet-xxe-'));
    try {
      const secret = join(dir, 'secret.txt');
      writeFileSync(secret, 'TOP-SECRET-MARKER');
      const xml = fixture('hostile-external-entity.xml').toString('utf8').replace('file:///etc/passwd', `file://${secret}`);
      const r = fails(checkPapinet(Buffer.from(xml)));
      expect(r.error.code).toBe('EDI_ERR_XML_DOCTYPE_FORBIDDEN');
      expect(JSON.stringify({ m: r.error.message, d: r.error.detail, i: r.issues })).not.toContain('TOP-SECRET-MARKER');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('billion laughs, refused within milliseconds', () => {
    const started = performance.now();
    const r = fails(checkPapinet(fixture('hostile-billion-laughs.xml')));
    // libxml2 2.14 stops the expansion (amplification limit) before parseXml sees the DOCTYPE.
    expect(r.error.code).toMatch(/^EDI_ERR_XML_(DOCTYPE_FORBIDDEN|MALFORMED)$/);
    if (r.error.code === 'EDI_ERR_XML_MALFORMED') expect(r.error.message).toMatch(/amplification/);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('invalid UTF-8, with where', () => {
    const r = fails(checkPapinet(fixture('hostile-invalid-utf8.xml')));
    expect(r.error.code).toBe('EDI_ERR_XML_ENCODING');
    expect(r.issues[0]).toMatchObject({ line: 19, column: 30 });
  });

  it('a 60 MB document, refused by the size limit before parsing', () => {
    const rssBefore = process.memoryUsage().rss;
    const big = largeDeliveryMessage(60 * 1024 * 1024);
    const rssWithDocument = process.memoryUsage().rss;
    const started = performance.now();
    const r = fails(checkPapinet(big));
    const ms = performance.now() - started;
    const rssAfter = process.memoryUsage().rss;
    const mb = (n: number): string => (n / 1024 / 1024).toFixed(0);
    console.log(`60 MB papiNet document (${big.length} bytes): refused in ${ms.toFixed(2)} ms; RSS ${mb(rssBefore)} MB before, ${mb(rssWithDocument)} MB with the document in memory, ${mb(rssAfter)} MB after the check`);
    expect(r.error.code).toBe('EDI_ERR_XML_TOO_LARGE');
    expect(r.error.message).toContain(`${big.length} bytes exceeds the limit of ${50 * 1024 * 1024} bytes`);
    expect(ms).toBeLessThan(50);
    // nothing parsed: the check itself adds no copy of the document
    expect(rssAfter - rssWithDocument).toBeLessThan(20 * 1024 * 1024);
  });

  it('a lower configured limit is honoured', () => {
    const r = fails(checkPapinet(fixture('DeliveryMessageWood-original.xml'), { options: { maxBytes: 1024 } }));
    expect(r.error.code).toBe('EDI_ERR_XML_TOO_LARGE');
  });
});
