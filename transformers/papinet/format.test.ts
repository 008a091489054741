import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { papinetDocumentFormat } from './format.js';

const fixture = (name: string): Buffer => readFileSync(new URL(`../../test/fixtures/papinet/${name}`, import.meta.url));

describe('the papinet format of edi validate', () => {
  it('recognises the three papiNet documents and nothing else', () => {
    for (const f of ['DeliveryMessageWood-original.xml', 'DeliveryInstruction-original.xml', 'MeasuringTicket-original.xml', 'invalid-wrong-namespace.xml']) {
      expect(papinetDocumentFormat.detect(fixture(f), f)).toBe(true);
    }
    expect(papinetDocumentFormat.detect(Buffer.from('<?xml version="1.0"?><Invoice xmlns="urn:other"/>'), 'invoice.xml')).toBe(false);
    expect(papinetDocumentFormat.detect(Buffer.from('{"Message_Type":"EPA"}'), 'event.json')).toBe(false);
  });

  it('finds nothing wrong with a valid document', async () => {
    expect(await papinetDocumentFormat.validate(fixture('DeliveryMessageWood-with-eudr.xml'), 'dm.xml')).toEqual([]);
  });

  it('reports each problem with line, column, element path and code (the transformer\'s own check)', async () => {
    const issues = await papinetDocumentFormat.validate(fixture('invalid-missing-number.xml'), 'dm.xml');
    expect(issues).toEqual([
      {
        message: expect.stringContaining("DeliveryMessageDate': This element is not expected"),
        line: 5,
        column: 5,
        path: '/DeliveryMessageWood/DeliveryMessageWoodHeader[1]/DeliveryMessageDate[1]',
        code: 'EDI_ERR_XML_SCHEMA_INVALID',
      },
    ]);
    const utf8 = await papinetDocumentFormat.validate(fixture('hostile-invalid-utf8.xml'), 'x.xml');
    expect(utf8[0]).toMatchObject({ line: 19, column: 30, code: 'EDI_ERR_XML_ENCODING' });
  });

  it('lists every schema violation, not only the first', async () => {
    const text = fixture('DeliveryMessageWood-original.xml').toString('utf8').replace('SpeciesType="ScotsPine"', 'SpeciesType="Priede"').replace('SpeciesType="Birch"', 'SpeciesType="Bērzs"');
    const issues = await papinetDocumentFormat.validate(Buffer.from(text), 'dm.xml');
    expect(issues.map((i) => [i.line, i.column])).toEqual([
      [102, 15],
      [170, 15],
    ]);
  });
});
