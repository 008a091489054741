import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { XmlElement } from 'libxml2-wasm';
import { EdiError } from '../../lib/errors.js';
import { parseXml } from '../../schemas/xml/parse.js';
import { checkPapinet } from './check.js';
import { enrichPapinet, enrichWithEudrReferences, type AffirmationReference } from './enrich.js';
import { missingEudrReferences, type PapinetSummary } from './summary.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/papinet/${name}`, import.meta.url));
const NS = { p: 'http://www.papinet.org/v2r40' };

// One statement covering both cutting areas (one reference number may cover several affirmations).
const BOTH: AffirmationReference[] = [
  { affirmation: '4210000101', referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB' },
  { affirmation: '4210000102', referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB' },
];

function summaryOf(bytes: Buffer): PapinetSummary {
  const r = checkPapinet(bytes);
  if (!r.ok) throw r.error;
  return r.summary;
}

/** The original text must be the enriched text minus the inserted elements. */
function withoutInsertedInformation(enriched: string, original: string): string {
  const inserted = /\r?\n[ \t]*<(?:\w+:)?SafetyAndEnvironmentalInformation SafetyAndEnvironmentalType="Deforestation" Agency="EU">[\s\S]*?<\/(?:\w+:)?SafetyAndEnvironmentalInformation>/g;
  const stripped = enriched.replace(inserted, '');
  expect(stripped.length).toBeLessThan(enriched.length);
  expect(original).not.toMatch(inserted);
  return stripped;
}

describe('enrichWithEudrReferences', () => {
  it('puts the numbers where papiNet does: SafetyAndEnvironmentalInformation Deforestation/EU on each line item naming the affirmation', () => {
    const original = fixture('DeliveryMessageWood-original.xml');
    const enriched = enrichWithEudrReferences(original, BOTH);
    const doc = parseXml(enriched);
    try {
      const items = doc.find('//p:DeliveryShipmentLineItem', NS) as XmlElement[];
      expect(items).toHaveLength(3);
      for (const item of items) {
        const sei = item.find('p:SafetyAndEnvironmentalInformation[@SafetyAndEnvironmentalType="Deforestation"][@Agency="EU"]', NS) as XmlElement[];
        expect(sei).toHaveLength(1);
        expect(sei[0]!.get('p:SafetyAndEnvironmentalReference/p:ReferenceIdentifier[@ReferenceIdentifierType="EUDRDueDiligenceStatementReferenceNumber"]', NS)?.content).toBe('26LVQ7K2M9XT4A');
        expect(sei[0]!.get('p:SafetyAndEnvironmentalReference/p:SubReference/p:ReferenceIdentifier[@ReferenceIdentifierType="EUDRDueDiligenceStatementVerificationNumber"]', NS)?.content).toBe('HX4T9QZB');
        // schema order: after the references and country of origin, before the product
        expect((sei[0]!.next as XmlElement | null)?.name ?? (sei[0]!.next?.next as XmlElement | null)?.name).toBe('Product');
      }
    } finally {
      doc.dispose();
    }
  });

  it('validates against our XSD and round-trips through the summary', () => {
    const enriched = enrichWithEudrReferences(fixture('DeliveryMessageWood-original.xml'), BOTH);
    const s = summaryOf(enriched);
    expect(s.lineItems.map((l) => l.eudr)).toEqual([
      [{ referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'references' }],
      [{ referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'references' }],
      [{ referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'references' }],
    ]);
    expect(s.eudrReferences).toEqual([{ referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'references', affirmations: ['4210000101', '4210000102'], lineItems: ['1', '2', '3'] }]);
    expect(missingEudrReferences(s)).toEqual([]);
  });

  it('keeps every other byte of the document as it was', () => {
    const original = fixture('DeliveryMessageWood-original.xml').toString('utf8');
    const enriched = enrichWithEudrReferences(Buffer.from(original), BOTH).toString('utf8');
    expect(withoutInsertedInformation(enriched, original)).toBe(original);
  });

  it('follows the document: its prefix, CRLF line ends and tab indentation', () => {
    const original = fixture('DeliveryMessageWood-original.xml')
      .toString('utf8')
      .replace('xmlns="http://www.papinet.org/v2r40"', 'xmlns:pn="http://www.papinet.org/v2r40"')
      .replace(/<(\/?)([A-Z]\w*)/g, '<$1pn:$2')
      .replace(/^( +)/gm, (s) => '\t'.repeat(s.length / 2))
      .replace(/\n/g, '\r\n');
    const enriched = enrichWithEudrReferences(Buffer.from(original), BOTH).toString('utf8');
    expect(withoutInsertedInformation(enriched, original)).toBe(original);
    expect(enriched).toContain('\r\n\t\t\t\t<pn:SafetyAndEnvironmentalInformation SafetyAndEnvironmentalType="Deforestation" Agency="EU">\r\n\t\t\t\t\t<pn:SafetyAndEnvironmentalReference>');
    expect(summaryOf(Buffer.from(enriched)).eudrReferences).toHaveLength(1);
  });

  it('works on a document written on one line', () => {
    const original = fixture('DeliveryMessageWood-original.xml').toString('utf8').replace(/>\s+</g, '><').replace(/<!--[\s\S]*?-->/, '');
    const enriched = enrichWithEudrReferences(Buffer.from(original), BOTH).toString('utf8');
    expect(enriched.split('\n')).toHaveLength(original.split('\n').length);
    expect(summaryOf(Buffer.from(enriched)).lineItems.every((l) => l.eudr.length === 1)).toBe(true);
  });

  it('only touches line items whose affirmation has a statement, and reports the rest', () => {
    const r = enrichPapinet(fixture('DeliveryMessageWood-original.xml'), [
      { affirmation: ' 4210000102 ', referenceNumber: '26LV8RW3C5NJ0E', verificationNumber: 'M2KD7PLA' },
      { affirmation: '4219999999', referenceNumber: '26LVZZZZZZZZZZ', verificationNumber: 'ZZZZZZZZ' },
    ]);
    expect(r.added).toEqual([{ lineItem: '2', affirmation: '4210000102', referenceNumber: '26LV8RW3C5NJ0E' }]);
    expect(r.unmatched).toEqual(['4219999999']);
    expect(missingEudrReferences(r.summary)).toEqual([{ affirmation: '4210000101', lineItems: ['1', '3'] }]);
  });

  it('is idempotent: numbers already carried are not added twice', () => {
    const once = enrichWithEudrReferences(fixture('DeliveryMessageWood-original.xml'), BOTH);
    const twice = enrichWithEudrReferences(once, BOTH);
    expect(twice.equals(once)).toBe(true);
    const withEudr = fixture('DeliveryMessageWood-with-eudr.xml');
    expect(enrichWithEudrReferences(withEudr, [{ affirmation: '4210000102', referenceNumber: '26LV8RW3C5NJ0E', verificationNumber: 'M2KD7PLA' }]).equals(withEudr)).toBe(true);
  });

  it('adds a second statement beside an existing one and an FSC claim', () => {
    const r = enrichPapinet(fixture('DeliveryMessageWood-with-eudr.xml'), [{ affirmation: '4210000101', referenceNumber: '26LVAMEND0001X', verificationNumber: 'AMND0001' }]);
    expect(r.summary.lineItems[0]!.eudr.map((e) => e.referenceNumber)).toEqual(['26LVQ7K2M9XT4A', '26LVAMEND0001X']);
    expect(r.bytes.toString('utf8')).toMatch(/FSCControlledWood[\s\S]*26LVQ7K2M9XT4A[\s\S]*26LVAMEND0001X[\s\S]*<Product>/);
  });

  it('writes the plain-text form for receivers on an official bundle, and reads it back', () => {
    const enriched = enrichWithEudrReferences(fixture('DeliveryInstruction-original.xml'), BOTH, { options: { eudrEncoding: 'additional-text' } });
    const text = enriched.toString('utf8');
    expect(text).toContain('<AdditionalText>EUDRDueDiligenceStatementReferenceNumber: 26LVQ7K2M9XT4A</AdditionalText>');
    expect(text).toContain('<AdditionalText>EUDRDueDiligenceStatementVerificationNumber: HX4T9QZB</AdditionalText>');
    const s = summaryOf(enriched);
    expect(s.lineItems.map((l) => l.eudr)).toEqual([
      [{ referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'additional-text' }],
      [{ referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: 'HX4T9QZB', encoding: 'additional-text' }],
    ]);
  });

  it('places it after Quantity in a DeliveryInstruction line item, as that schema orders it', () => {
    const original = fixture('DeliveryInstruction-original.xml').toString('utf8');
    const enriched = enrichWithEudrReferences(Buffer.from(original), BOTH).toString('utf8');
    expect(withoutInsertedInformation(enriched, original)).toBe(original);
    expect(enriched).toMatch(/<\/Quantity>\n      <SafetyAndEnvironmentalInformation SafetyAndEnvironmentalType="Deforestation" Agency="EU">\n        <SafetyAndEnvironmentalReference>/);
  });

  it('refuses an invalid document with its own error, and incomplete numbers', () => {
    expect(() => enrichWithEudrReferences(fixture('invalid-missing-number.xml'), BOTH)).toThrow(expect.objectContaining({ code: 'EDI_ERR_XML_SCHEMA_INVALID', message: expect.stringMatching(/^adding EUDR references: /) }));
    expect(() => enrichWithEudrReferences(fixture('hostile-external-entity.xml'), BOTH)).toThrow(EdiError);
    expect(() => enrichWithEudrReferences(fixture('DeliveryMessageWood-original.xml'), [{ affirmation: '4210000101', referenceNumber: '26LVQ7K2M9XT4A', verificationNumber: '' }])).toThrow(
      expect.objectContaining({ code: 'EDI_ERR_PAPINET_ENRICH_INPUT' }),
    );
  });

  it('escapes what it writes', () => {
    const r = enrichPapinet(fixture('DeliveryMessageWood-original.xml'), [{ affirmation: '4210000102', referenceNumber: '26LV<&>', verificationNumber: 'A&B' }]);
    expect(r.bytes.toString('utf8')).toContain('>26LV&lt;&amp;&gt;</');
    expect(r.summary.lineItems[1]!.eudr[0]).toMatchObject({ referenceNumber: '26LV<&>', verificationNumber: 'A&B' });
  });
});

describe('missingEudrReferences', () => {
  it('lists each affirmation with the line items lacking its statement', () => {
    expect(missingEudrReferences(summaryOf(fixture('DeliveryMessageWood-original.xml')))).toEqual([
      { affirmation: '4210000101', lineItems: ['1', '3'] },
      { affirmation: '4210000102', lineItems: ['2'] },
    ]);
    expect(missingEudrReferences(summaryOf(fixture('DeliveryMessageWood-with-eudr.xml')))).toEqual([]);
  });
});
