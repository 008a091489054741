import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EdiError } from '../../lib/errors.js';
import type { Feature, Geometry } from '../../schemas/eudr/geojson/types.js';
import { normaliseAffirmation } from './normalise-geometry.js';
import { readFellingAffirmation, type FellingAffirmation } from './vmd-affirmation.js';

const fixture = (name: string): string => readFileSync(new URL(`../../test/fixtures/eudr/${name}`, import.meta.url), 'utf8');
const producer = { producerName: 'SIA Priedes Mežs', producerCountry: 'LV' };

function metresBetween([lon1, lat1]: number[], [lon2, lat2]: number[]): number {
  const r = (d: number): number => (d * Math.PI) / 180;
  const a = Math.sin(r(lat2! - lat1!) / 2) ** 2 + Math.cos(r(lat1!)) * Math.cos(r(lat2!)) * Math.sin(r(lon2! - lon1!) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(a));
}

function ruleError(fn: () => unknown): EdiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof EdiError) return err;
    throw err;
  }
  throw new Error('expected an EdiError');
}

const oneArea = (geometry: unknown, extra: Record<string, unknown> = {}): FellingAffirmation =>
  readFellingAffirmation(
    '4210000300',
    JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { cirsmas_nr: '4', kvartals: '12', nogabals: '3', adrese: 'Lubānas pagasts', sugas: [{ kods: '1', kraja_m3: 100 }], ...extra }, geometry }] }),
  );

const positions = (g: Geometry): number[][] =>
  g.type === 'Point' ? [g.coordinates] : g.type === 'MultiPoint' ? g.coordinates : g.type === 'Polygon' ? g.coordinates.flat() : g.type === 'MultiPolygon' ? g.coordinates.flat(2) : g.geometries.flatMap(positions);

describe('felling affirmation GeoJSON → TRACES GeoJSON', () => {
  it('reprojects LKS-92 (EPSG:3059) to WGS 84 [lon, lat] within a metre of PROJ’s answer', () => {
    const n = normaliseAffirmation(readFellingAffirmation('4210000201', fixture('affirmation-lks92.geojson')), producer);
    const ring = (n.geojson.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    // LKS-92 (560000 E, 290000 N) → 24.981141473°E 56.750114220°N, computed independently with
    // PROJ 9 (pyproj, EPSG database definition of EPSG:3059 → EPSG:4326), not with proj4js.
    expect(metresBetween(ring[0]!, [24.981141473, 56.75011422])).toBeLessThan(1);
    expect(metresBetween(ring[2]!, [24.985275909, 56.751878495])).toBeLessThan(1);
    expect(ring[0]).toEqual([24.981141, 56.750114]);
  });

  it('writes every coordinate with at most 6 decimals', () => {
    const n = normaliseAffirmation(readFellingAffirmation('4210000202', fixture('affirmation-wgs84.geojson')), producer);
    for (const f of n.geojson.features) for (const p of positions(f.geometry)) for (const v of p) expect(String(v)).toMatch(/^-?\d+(\.\d{1,6})?$/);
    expect(n.text).not.toMatch(/\.\d{7,}/);
  });

  it('merges points that coincide at 6 decimals and keeps the ring closed', () => {
    const n = normaliseAffirmation(readFellingAffirmation('4210000202', fixture('affirmation-wgs84.geojson')), producer);
    const ring = (n.geojson.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]!;
    expect(ring).toHaveLength(9);
    expect(ring[0]).toEqual(ring[ring.length - 1]);
  });

  it('sets ProducerName, ProducerCountry, ProductionPlace and a numeric Area (hectares)', () => {
    const n = normaliseAffirmation(readFellingAffirmation('4210000202', fixture('affirmation-wgs84.geojson')), producer);
    const [plot, point] = n.geojson.features as [Feature, Feature];
    expect(plot.properties).toEqual({
      ProducerName: 'SIA Priedes Mežs',
      ProducerCountry: 'LV',
      ProductionPlace: 'Kalsnavas pagasts, Madonas novads, kv. 112, nog. 5, cirsma 1 (apliecinājums 4210000202)',
      Area: 5.2,
    });
    expect(point.properties?.Area).toBe(1.8);
    expect(n.areaHa).toBe(7);
  });

  it('computes the Area of a polygon that VMD gave without one (250 m × 200 m ≈ 5 ha)', () => {
    const n = normaliseAffirmation(readFellingAffirmation('4210000201', fixture('affirmation-lks92.geojson')), producer);
    const area = n.geojson.features[0]!.properties!.Area as number;
    expect(area).toBeGreaterThan(4.97);
    expect(area).toBeLessThan(5.03);
  });

  it('refuses a self-intersecting cutting area, naming the feature and the rule', () => {
    const bowtie = { type: 'Polygon', coordinates: [[[25.9402, 56.6901], [25.9461, 56.6932], [25.9463, 56.6899], [25.94, 56.693], [25.9402, 56.6901]]] };
    const err = ruleError(() => normaliseAffirmation(oneArea(bowtie), producer));
    expect(err.code).toBe('EDI_ERR_EUDR_GEOJSON_RULE');
    expect(err.message).toContain('felling affirmation 4210000300, feature 0 ("Lubānas pagasts, kv. 12, nog. 3, cirsma 4 (apliecinājums 4210000300)"): ring-self-intersection');
    expect(err.detail?.path).toBe('features[0].geometry.coordinates[0]');
  });

  it('refuses a polygon with a hole', () => {
    const outer = [[25.94, 56.69], [25.95, 56.69], [25.95, 56.695], [25.94, 56.695], [25.94, 56.69]];
    const hole = [[25.943, 56.691], [25.945, 56.691], [25.945, 56.693], [25.943, 56.693], [25.943, 56.691]];
    const err = ruleError(() => normaliseAffirmation(oneArea({ type: 'Polygon', coordinates: [outer, hole] }), producer));
    expect(err.message).toContain('polygon-hole');
  });

  it('refuses a LineString', () => {
    const err = ruleError(() => normaliseAffirmation(oneArea({ type: 'LineString', coordinates: [[25.94, 56.69], [25.95, 56.69]] }), producer));
    expect(err.message).toMatch(/geometry-type: geometry type LineString is not accepted/);
  });

  it('refuses a point for a plot over 4 ha, and accepts one up to 4 ha', () => {
    expect(ruleError(() => normaliseAffirmation(oneArea({ type: 'Point', coordinates: [25.94, 56.69] }, { platiba_ha: 6.1 }), producer)).message).toContain('point-over-4ha');
    expect(normaliseAffirmation(oneArea({ type: 'Point', coordinates: [25.94, 56.69] }, { platiba_ha: 3.9 }), producer).geojson.features).toHaveLength(1);
  });

  it('refuses an open ring', () => {
    const open = [[25.94, 56.69], [25.95, 56.69], [25.95, 56.695], [25.94, 56.695]];
    expect(ruleError(() => normaliseAffirmation(oneArea({ type: 'Polygon', coordinates: [open] }), producer)).message).toContain('ring-not-closed');
  });

  it('refuses an unknown projected CRS, and metres without a declared CRS unless one is configured', () => {
    const doc = JSON.parse(fixture('affirmation-lks92.geojson')) as Record<string, unknown>;
    const unknown = readFellingAffirmation('4210000201', JSON.stringify({ ...doc, crs: { type: 'name', properties: { name: 'EPSG:25835' } } }));
    expect(ruleError(() => normaliseAffirmation(unknown, producer)).code).toBe('EDI_ERR_EUDR_CRS_UNSUPPORTED');
    const undeclared = readFellingAffirmation('4210000201', JSON.stringify({ ...doc, crs: undefined }));
    expect(ruleError(() => normaliseAffirmation(undeclared, producer)).code).toBe('EDI_ERR_EUDR_CRS_UNSUPPORTED');
    const assumed = normaliseAffirmation(undeclared, { ...producer, crs: { undeclaredProjectedCrs: 'EPSG:3059' } });
    expect((assumed.geojson.features[0]!.geometry as { coordinates: number[][][] }).coordinates[0]![0]).toEqual([24.981141, 56.750114]);
  });

  it('refuses a document that is not a VMD affirmation with a clear reason', () => {
    expect(() => readFellingAffirmation('1', '{"type":"FeatureCollection","features":[]}')).toThrow(/felling affirmation 1: features: the affirmation has no cutting area/);
    expect(() => readFellingAffirmation('1', 'not json')).toThrow(/not JSON/);
  });
});
