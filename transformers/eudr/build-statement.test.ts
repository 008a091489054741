import { readFileSync } from 'node:fs';
import { create } from 'xmlbuilder2';
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../lib/errors.js';
import { parseXml } from '../../schemas/xml/parse.js';
import { NS } from '../../schemas/traces/namespaces.js';
import type { DueDiligenceStatement } from '../../schemas/traces/v3/model.js';
import { compileTracesSchemas, officialSchemaSource, projectSchemaSource } from '../../schemas/traces/v3/schema-files.js';
import { PREFIX, writeStatement } from '../../schemas/traces/v3/statement-xml.js';
import { buildDueDiligenceStatement, type StatementInput } from './build-statement.js';
import { eudrStatementOptions } from './options.js';
import { readFellingAffirmation } from './vmd-affirmation.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/eudr/${name}`, import.meta.url), 'utf8');
const lks = readFellingAffirmation('4210000201', fixture('affirmation-lks92.geojson'));
const wgs = readFellingAffirmation('4210000202', fixture('affirmation-wgs84.geojson'));

const input: StatementInput = {
  id: '01JB8Z6Y3Q4R5S6T7V8W9X0Y1Z',
  client: {
    name: 'SIA Priedes Mežs',
    country: 'LV',
    address: { street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' },
    email: 'info@priedes.example.lv',
    identifiers: [{ type: 'vat', value: 'LV40103000001' }],
  },
  affirmations: [wgs, lks],
};

const defaults = eudrStatementOptions.parse({});

function failure(fn: () => unknown): EdiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdiError) return err;
    throw err;
  }
  throw new Error('expected an EdiError');
}

describe('due diligence statement from felling affirmations', () => {
  const built = buildDueDiligenceStatement(input, defaults);
  const s = built.statement;

  it('covers both affirmations in one statement, on the client’s behalf, with an internal reference from edi-id', () => {
    expect(built.operatorRole).toBe('REPRESENTATIVE_OPERATOR');
    expect(built.affirmations).toEqual(['4210000202', '4210000201']);
    expect(built.fellingSites).toBe(3);
    expect(s.internalReferenceNumber).toBe('EDI-01JB8Z6Y3Q4R5S6T7V8W9X0Y1Z');
    expect(s.activityType).toBe('DOMESTIC');
    expect(s.countryOfActivity).toBe('LV');
    expect(s.representedOperator).toEqual({
      operatorName: 'SIA Priedes Mežs',
      operatorReferenceNumber: [{ identifierType: 'vat', identifierValue: 'LV40103000001' }],
      operatorAddress: { country: 'LV', street: 'Meža iela 7', postalCode: 'LV-4860', city: 'Kalsnava' },
      operatorEmail: 'info@priedes.example.lv',
    });
  });

  it('splits the planned volume 85/15 into roundwood 4403 and fuel wood 4401, in m³ (MTQ) and estimated kg with a percentage', () => {
    const total = 1610.4 + 212 + 96.5 + 95.2 + 40.1 + 1402.5 + 180.25;
    const [round, fuel] = s.commodities;
    expect(round!.hsHeading).toBe('4403');
    expect(fuel!.hsHeading).toBe('4401');
    expect(round!.descriptors.goodsMeasure.supplementaryUnit).toBeCloseTo(total * 0.85, 3);
    expect(fuel!.descriptors.goodsMeasure.supplementaryUnit).toBeCloseTo(total * 0.15, 3);
    expect(round!.descriptors.goodsMeasure.supplementaryUnitQualifier).toBe('MTQ');
    expect(round!.descriptors.goodsMeasure.percentageEstimationOrDeviation).toBe(10);
    // pine 820, spruce 800, birch 900, grey alder 800 kg/m³ (defaults)
    const kg = 0.85 * (1610.4 * 820 + (212 + 95.2 + 1402.5) * 800 + (96.5 + 180.25) * 900 + 40.1 * 800);
    expect(round!.descriptors.goodsMeasure.netWeight).toBe(Math.round(kg));
    expect(round!.descriptors.descriptionOfGoods).toBe('Roundwood (saw logs and pulpwood), felling affirmations 4210000202, 4210000201');
  });

  it('names every species with scientific and common name, both birches for VMD code 4, largest volume first', () => {
    expect(s.commodities[0]!.speciesInfo).toEqual([
      { scientificName: 'Picea abies', commonName: 'Norway spruce' },
      { scientificName: 'Pinus sylvestris', commonName: 'Scots pine' },
      { scientificName: 'Betula pendula', commonName: 'silver birch' },
      { scientificName: 'Betula pubescens', commonName: 'downy birch' },
      { scientificName: 'Alnus incana', commonName: 'grey alder' },
    ]);
    const lv = buildDueDiligenceStatement(input, eudrStatementOptions.parse({ commonNameLanguage: 'lv' })).statement;
    expect(lv.commodities[0]!.speciesInfo![0]).toEqual({ scientificName: 'Picea abies', commonName: 'parastā egle' });
  });

  it('makes each affirmation a producer carrying its normalised GeoJSON', () => {
    const producers = s.commodities[0]!.producers!;
    expect(producers.map((p) => [p.position, p.country, p.name])).toEqual([
      [1, 'LV', 'SIA Priedes Mežs'],
      [2, 'LV', 'SIA Priedes Mežs'],
    ]);
    const geo = JSON.parse(producers[1]!.geometryGeojson) as { features: Array<{ geometry: { coordinates: number[][][] } }> };
    expect(geo.features[0]!.geometry.coordinates[0]![0]).toEqual([24.981141, 56.750114]);
    expect(built.geolocationBytes).toBe(2 * producers.reduce((n, p) => n + Buffer.byteLength(p.geometryGeojson), 0));
  });

  it.each([
    ['the project’s own reduced V3 schema', projectSchemaSource()],
    ['the official V3 XSD', officialSchemaSource()],
  ] as const)('writes a SubmitDdsRequest that validates against %s', (_name, source) => {
    if (source === undefined) return console.warn('*** SKIPPING: ../shared/reference/eudr/v3 is absent ***');
    const doc = create({ version: '1.0', encoding: 'UTF-8' });
    const payload = doc.ele(NS.dds, `${PREFIX.dds}:SubmitDdsRequest`, { [`xmlns:${PREFIX.common}`]: NS.common });
    payload.ele(NS.dds, `${PREFIX.dds}:operatorRole`).txt(built.operatorRole);
    writeStatement(payload.ele(NS.dds, `${PREFIX.dds}:statement`), s);
    const xml = parseXml(Buffer.from(doc.end()));
    try {
      expect(compileTracesSchemas(source).dds.validate(xml)).toEqual([]);
    } finally {
      xml.dispose();
    }
  });

  it('submits as OPERATOR without a represented operator when so configured', () => {
    const own = buildDueDiligenceStatement(input, eudrStatementOptions.parse({ operatorRole: 'OPERATOR' })).statement;
    expect(own.representedOperator).toBeUndefined();
  });

  it('declares IMPORT with net mass only, MTQ where the HS code fixes it, and no percentage', () => {
    const client = { ...input.client, identifiers: [{ type: 'eori' as const, value: 'LV40103000001' }] };
    const imp: DueDiligenceStatement = buildDueDiligenceStatement({ ...input, client }, eudrStatementOptions.parse({ activityType: 'IMPORT', borderCrossCountry: 'LV' })).statement;
    const [round, fuel] = imp.commodities;
    expect(round!.descriptors.goodsMeasure.percentageEstimationOrDeviation).toBeUndefined();
    expect(round!.descriptors.goodsMeasure.supplementaryUnitQualifier).toBe('MTQ');
    expect(fuel!.descriptors.goodsMeasure).toEqual({ netWeight: expect.any(Number) });
    expect(imp.borderCrossCountry).toBe('LV');
  });

  it('refuses IMPORT on behalf of an operator without an EORI number', () => {
    expect(failure(() => buildDueDiligenceStatement(input, eudrStatementOptions.parse({ activityType: 'IMPORT' }))).code).toBe('EDI_ERR_EUDR_OPERATOR_INCOMPLETE');
  });

  it('refuses a represented operator without city and postal code', () => {
    const err = failure(() => buildDueDiligenceStatement({ ...input, client: { name: 'X', country: 'LV' } }, defaults));
    expect(err.code).toBe('EDI_ERR_EUDR_OPERATOR_INCOMPLETE');
  });

  it('refuses a species code without names, naming the affirmation and cutting area', () => {
    const odd = readFellingAffirmation('4210000203', fixture('affirmation-wgs84.geojson').replaceAll('4210000202', '4210000203').replace('"kods": "9"', '"kods": "77"'));
    const err = failure(() => buildDueDiligenceStatement({ ...input, affirmations: [odd] }, defaults));
    expect(err.code).toBe('EDI_ERR_EUDR_SPECIES_UNKNOWN');
    expect(err.message).toContain('felling affirmation 4210000203, cutting area 2: tree species code 77');
    expect(buildDueDiligenceStatement({ ...input, affirmations: [odd] }, eudrStatementOptions.parse({ species: { '77': [{ scientificName: 'Carpinus betulus', en: 'hornbeam', lv: 'parastais skābardis' }] } })).statement.commodities).toHaveLength(2);
  });

  it('refuses product shares over the whole volume, and non-wood HS codes', () => {
    const tooMuch = eudrStatementOptions.parse({ products: [{ hsHeading: '4403', description: 'a', share: 0.9 }, { hsHeading: '4401', description: 'b', share: 0.2 }] });
    expect(failure(() => buildDueDiligenceStatement(input, tooMuch)).code).toBe('EDI_ERR_EUDR_PRODUCTS_INVALID');
    const cocoa = eudrStatementOptions.parse({ products: [{ hsHeading: '1801', description: 'cocoa', share: 1 }] });
    expect(failure(() => buildDueDiligenceStatement(input, cocoa)).message).toMatch(/not a wood product of Annex I/);
  });

  it('lets a per-species share route grey alder to fuel wood only', () => {
    const options = eudrStatementOptions.parse({
      products: [
        { hsHeading: '4403', description: 'Roundwood', share: 1, shareBySpecies: { '9': 0 } },
        { hsHeading: '4401', description: 'Fuel wood', share: 0, shareBySpecies: { '9': 1 } },
      ],
    });
    const [round, fuel] = buildDueDiligenceStatement(input, options).statement.commodities;
    expect(fuel!.descriptors.goodsMeasure.supplementaryUnit).toBeCloseTo(40.1, 3);
    expect(fuel!.speciesInfo).toEqual([{ scientificName: 'Alnus incana', commonName: 'grey alder' }]);
    expect(fuel!.producers).toHaveLength(1);
    expect(round!.speciesInfo!.map((x) => x.scientificName)).not.toContain('Alnus incana');
  });

  it('refuses a statement whose geolocation exceeds 25 MB', () => {
    const n = 700_000;
    const ring: number[][] = [];
    for (let i = 0; i < n; i++) ring.push([Math.round((25 + 2 * Math.cos((2 * Math.PI * i) / n)) * 1e6) / 1e6, Math.round((56.8 + 1 * Math.sin((2 * Math.PI * i) / n)) * 1e6) / 1e6]);
    ring.push(ring[0]!);
    const huge = readFellingAffirmation('4210000299', JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { cirsmas_nr: '1', sugas: [{ kods: '1', kraja_m3: 10 }] }, geometry: { type: 'Polygon', coordinates: [ring] } }] }));
    const err = failure(() => buildDueDiligenceStatement({ ...input, affirmations: [huge] }, defaults));
    expect(err.code).toBe('EDI_ERR_EUDR_GEOLOCATION_TOO_LARGE');
  }, 60_000);
});
