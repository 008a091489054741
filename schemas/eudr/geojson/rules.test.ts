import { describe, expect, it } from 'vitest';
import { checkEudrGeoJson, checkEudrGeoJsonText, type GeoRule } from './rules.js';
import { findSelfIntersection, orient } from './segments.js';

const square = [[25.951204, 56.681532], [25.955204, 56.681532], [25.955204, 56.683332], [25.951204, 56.683332], [25.951204, 56.681532]];
const fc = (geometry: unknown, properties: Record<string, unknown> = { ProductionPlace: 'Kalsnava 112-5' }): unknown => ({ type: 'FeatureCollection', features: [{ type: 'Feature', properties, geometry }] });
const rules = (v: unknown): GeoRule[] => checkEudrGeoJson(v).map((x) => x.rule);

describe('EUDR GeoJSON rules', () => {
  it('accept a closed simple polygon, a point ≤ 4 ha, a multipolygon and a geometry collection', () => {
    expect(rules(fc({ type: 'Polygon', coordinates: [square] }))).toEqual([]);
    expect(rules(fc({ type: 'Point', coordinates: [25.95, 56.68] }, { Area: 3.5 }))).toEqual([]);
    expect(rules(fc({ type: 'MultiPolygon', coordinates: [[square]] }))).toEqual([]);
    expect(rules(fc({ type: 'GeometryCollection', geometries: [{ type: 'Point', coordinates: [25.95, 56.68] }, { type: 'Polygon', coordinates: [square] }] }))).toEqual([]);
  });

  it('refuse a LineString and name the feature', () => {
    const [v] = checkEudrGeoJson(fc({ type: 'LineString', coordinates: [[25.9, 56.6], [25.95, 56.7]] }));
    expect(v).toMatchObject({ rule: 'geometry-type', feature: 0, featureName: 'Kalsnava 112-5', path: 'features[0].geometry.type' });
  });

  it('refuse an open ring, a ring of 3 positions and a ring on one line', () => {
    expect(rules(fc({ type: 'Polygon', coordinates: [square.slice(0, 4)] }))).toEqual(['ring-not-closed']);
    expect(rules(fc({ type: 'Polygon', coordinates: [[[25.9, 56.6], [25.95, 56.6], [25.9, 56.6]]] }))).toEqual(['ring-too-few-points']);
    expect(rules(fc({ type: 'Polygon', coordinates: [[[25.9, 56.6], [25.95, 56.6], [26.0, 56.6], [25.9, 56.6]]] }))).toEqual(['ring-collinear']);
  });

  it('refuse a figure eight (crossing sides) and a side folding back on the previous one', () => {
    const bowtie = [[25.9, 56.6], [26.0, 56.7], [26.0, 56.6], [25.9, 56.7], [25.9, 56.6]];
    expect(rules(fc({ type: 'Polygon', coordinates: [bowtie] }))).toEqual(['ring-self-intersection']);
    const spike = [[25.9, 56.6], [26.0, 56.6], [25.95, 56.6], [25.95, 56.7], [25.9, 56.6]];
    expect(rules(fc({ type: 'Polygon', coordinates: [spike] }))).toEqual(['ring-self-intersection']);
  });

  it('refuse a ring touching itself at a vertex (a pinch)', () => {
    const pinch = [[0, 0], [2, 0], [1, 1], [2, 2], [0, 2], [1, 1], [0, 0]];
    expect(rules(fc({ type: 'Polygon', coordinates: [pinch] }))).toEqual(['ring-self-intersection']);
  });

  it('refuse a polygon with a hole', () => {
    const hole = [[25.952, 56.682], [25.953, 56.682], [25.953, 56.683], [25.952, 56.683], [25.952, 56.682]];
    expect(rules(fc({ type: 'Polygon', coordinates: [square, hole] }))).toEqual(['polygon-hole']);
  });

  it('refuse positions out of range, naming latitude and longitude apart', () => {
    expect(rules(fc({ type: 'Point', coordinates: [56.68, 95.95] }))).toEqual(['latitude-range']);
    expect(rules(fc({ type: 'Point', coordinates: [190, 56.68] }))).toEqual(['longitude-range']);
  });

  it('refuse a point over 4 ha, a quoted Area and an Area under 0.0001 ha; none for cattle over 4 ha', () => {
    expect(rules(fc({ type: 'Point', coordinates: [25.95, 56.68] }, { Area: 5.2 }))).toEqual(['point-over-4ha']);
    expect(rules(fc({ type: 'Point', coordinates: [25.95, 56.68] }, { Area: '3' }))).toEqual(['point-area']);
    expect(rules(fc({ type: 'Point', coordinates: [25.95, 56.68] }, { Area: 0.00001 }))).toEqual(['point-area']);
    expect(checkEudrGeoJson(fc({ type: 'Point', coordinates: [25.95, 56.68] }, { Area: 12 }), { maxPointAreaHa: null })).toEqual([]);
  });

  it('find points that become one after the 6-decimal cut (GeoJSON description §9.5, error 7)', () => {
    const ring = [[-5.8227391234, 44.2567071234], [-5.8227394567, 44.2567074567], [-5.82, 44.26], [-5.83, 44.26], [-5.8227391234, 44.2567071234]];
    expect(rules(fc({ type: 'Polygon', coordinates: [ring] }))).toEqual(['ring-duplicate-point']);
  });

  it('report malformed JSON and non-GeoJSON', () => {
    expect(checkEudrGeoJsonText('{"type": "FeatureCollection", ')[0]!.rule).toBe('not-json');
    expect(rules({ hello: 'world' })).toEqual(['not-geojson']);
  });

  it('check ProducerCountry against the given ISO codes', () => {
    expect(checkEudrGeoJson(fc({ type: 'Polygon', coordinates: [square] }, { ProducerCountry: 'XX' }), { countryCodes: new Set(['LV']) }).map((v) => v.rule)).toEqual(['producer-country']);
  });
});

describe('exact segment geometry', () => {
  it('orients far-apart points exactly (BigInt path) ', () => {
    expect(orient({ x: -180e6, y: -90e6 }, { x: 180e6, y: 90e6 }, { x: 0, y: 0 })).toBe(0);
    expect(orient({ x: -180e6, y: -90e6 }, { x: 180e6, y: 90e6 }, { x: 0, y: 1 })).toBe(1);
  });

  it('finds no intersection in a 2000-vertex simple ring, and finds the one crossing added to it', () => {
    const n = 2000;
    const ring = Array.from({ length: n }, (_, i) => ({ x: Math.round(1e6 * Math.cos((2 * Math.PI * i) / n)), y: Math.round(1e6 * Math.sin((2 * Math.PI * i) / n)) }));
    expect(findSelfIntersection(ring)).toBeUndefined();
    const crossed = [...ring];
    [crossed[10], crossed[11]] = [crossed[11]!, crossed[10]!];
    expect(findSelfIntersection(crossed)).toBeDefined();
  });
});
