// A felling affirmation's cutting areas → the GeoJSON TRACES accepts (a "Type I" file of one
// producer, GeoJSON File Description §9.3.1): WGS 84 [lon, lat] (reprojected with proj4 when a
// projected CRS such as LKS-92 is declared), 6 decimals, consecutive points that coincide at 6
// decimals merged, and the properties ProducerName, ProducerCountry, ProductionPlace and Area
// (hectares, a number). Then every rule of schemas/eudr/geojson is checked: open, crossing or
// holed rings, LineStrings, points for plots over 4 ha… each a clear error naming the feature.
import { ISO_3166_ALPHA2 } from '../../schemas/tobacco/iso-3166.js';
import { checkEudrGeoJson, describeFeature } from '../../schemas/eudr/geojson/rules.js';
import { ACCEPTED_GEOMETRY_TYPES, COORDINATE_DECIMALS, POINT_MAX_AREA_HA, type Feature, type FeatureCollection, type Geometry } from '../../schemas/eudr/geojson/types.js';
import { polygonAreaHa } from './area.js';
import { transformToWgs84, type CrsOptions, type PositionTransform } from './crs.js';
import { eudrErrors } from './errors.js';
import { productionPlace, type CuttingArea, type FellingAffirmation } from './vmd-affirmation.js';

export interface NormaliseOptions {
  /** The producer: the owner or holder of the forest plots (ProducerName). */
  producerName: string;
  /** ISO 3166-1 alpha-2 country of production (ProducerCountry), LV for VMD affirmations. */
  producerCountry: string;
  crs?: CrsOptions;
}

export interface NormalisedAffirmation {
  number: string;
  geojson: FeatureCollection;
  /** The GeoJSON as sent (compact JSON, UTF-8), whose size counts toward the 25 MB limit. */
  text: string;
  /** Sum of the cutting areas' Area, hectares. */
  areaHa: number;
}

const FACTOR = 10 ** COORDINATE_DECIMALS;
const round6 = (v: number): number => Math.round(v * FACTOR) / FACTOR;

export function normaliseAffirmation(a: FellingAffirmation, options: NormaliseOptions): NormalisedAffirmation {
  const transform = transformToWgs84(a.number, a.crs, firstPosition(a), options.crs);
  const features = a.cuttingAreas.map((area, i) => normaliseCuttingArea(a.number, area, i, transform, options));
  const geojson: FeatureCollection = { type: 'FeatureCollection', features };
  const violations = checkEudrGeoJson(geojson, { quantise: 'round', countryCodes: ISO_3166_ALPHA2 });
  if (violations.length > 0) {
    const first = violations[0]!;
    throw eudrErrors.create(
      'EDI_ERR_EUDR_GEOJSON_RULE',
      { affirmation: a.number, feature: describeFeature(first), rule: first.rule, reason: first.message },
      { detail: { path: first.path, affirmation: a.number, violations } },
    );
  }
  const areaHa = features.reduce((sum, f) => sum + (typeof f.properties?.Area === 'number' ? f.properties.Area : 0), 0);
  return { number: a.number, geojson, text: JSON.stringify(geojson), areaHa: Math.round(areaHa * 10_000) / 10_000 };
}

function normaliseCuttingArea(affirmation: string, area: CuttingArea, index: number, transform: PositionTransform | undefined, options: NormaliseOptions): Feature {
  const place = productionPlace(affirmation, area);
  const fail = (rule: string, reason: string, path = `features[${index}].geometry`): never => {
    throw eudrErrors.create('EDI_ERR_EUDR_GEOJSON_RULE', { affirmation, feature: describeFeature({ feature: index, featureName: place }), rule, reason }, { detail: { path, affirmation } });
  };
  const geometry = convert(area.geometry, transform, fail, `features[${index}].geometry`);
  const computedHa = areaOf(geometry);
  const isPointLike = computedHa === undefined;
  const areaHa = area.areaHa ?? computedHa;
  if (isPointLike && areaHa !== undefined && areaHa > POINT_MAX_AREA_HA) {
    fail('point-over-4ha', `the cutting area is ${areaHa} ha but given as a point; plots over ${POINT_MAX_AREA_HA} ha need a polygon (Regulation (EU) 2023/1115 Art. 2(28))`);
  }
  const properties: Feature['properties'] = {
    ProducerName: options.producerName,
    ProducerCountry: options.producerCountry,
    ProductionPlace: place,
  };
  if (areaHa !== undefined) properties.Area = Math.round(areaHa * 10_000) / 10_000;
  return { type: 'Feature', properties, geometry };
}

type Fail = (rule: string, reason: string, path?: string) => never;

function convert(g: { type: string; [m: string]: unknown }, t: PositionTransform | undefined, fail: Fail, path: string): Geometry {
  if (!(ACCEPTED_GEOMETRY_TYPES as readonly string[]).includes(g.type)) {
    fail('geometry-type', `geometry type ${g.type} is not accepted: a cutting area must be a Polygon or MultiPolygon (a Point only for plots up to 4 ha); LineStrings do not describe a plot`, `${path}.type`);
  }
  const pos = (p: unknown, at: string): number[] => {
    if (!Array.isArray(p) || p.length < 2 || typeof p[0] !== 'number' || typeof p[1] !== 'number' || !Number.isFinite(p[0]) || !Number.isFinite(p[1])) {
      return fail('coordinates', 'a position must be an array of two numbers', at);
    }
    const [lon, lat] = t === undefined ? [p[0], p[1]] : t(p[0], p[1]);
    return [round6(lon), round6(lat)];
  };
  const list = (v: unknown, at: string): unknown[] => (Array.isArray(v) ? v : fail('coordinates', 'coordinates must be an array', at));
  const ring = (r: unknown, at: string): number[][] => dedupe(list(r, at).map((p, i) => pos(p, `${at}[${i}]`)));
  const polygon = (rings: unknown, at: string): number[][][] => list(rings, at).map((r, i) => ring(r, `${at}[${i}]`));
  const c = `${path}.coordinates`;
  switch (g.type) {
    case 'Point':
      return { type: 'Point', coordinates: pos(g.coordinates, c) };
    case 'MultiPoint':
      return { type: 'MultiPoint', coordinates: list(g.coordinates, c).map((p, i) => pos(p, `${c}[${i}]`)) };
    case 'Polygon':
      return { type: 'Polygon', coordinates: polygon(g.coordinates, c) };
    case 'MultiPolygon':
      return { type: 'MultiPolygon', coordinates: list(g.coordinates, c).map((p, i) => polygon(p, `${c}[${i}]`)) };
    default:
      return {
        type: 'GeometryCollection',
        geometries: list(g.geometries, `${path}.geometries`).map((sub, i) => convert(sub as { type: string }, t, fail, `${path}.geometries[${i}]`)),
      };
  }
}

/** Consecutive positions equal at 6 decimals are one point (GeoJSON File Description §9.5, error 7). */
function dedupe(ring: number[][]): number[][] {
  return ring.filter((p, i) => i === 0 || p[0] !== ring[i - 1]![0] || p[1] !== ring[i - 1]![1]);
}

/** Hectares of the polygons of a geometry; undefined when it has none (points only). */
function areaOf(g: Geometry): number | undefined {
  switch (g.type) {
    case 'Polygon':
      return polygonAreaHa(g.coordinates);
    case 'MultiPolygon':
      return g.coordinates.reduce((s, p) => s + polygonAreaHa(p), 0);
    case 'GeometryCollection': {
      const parts = g.geometries.map(areaOf).filter((x): x is number => x !== undefined);
      return parts.length === 0 ? undefined : parts.reduce((s, x) => s + x, 0);
    }
    default:
      return undefined;
  }
}

function firstPosition(a: FellingAffirmation): [number, number] | undefined {
  const find = (v: unknown): [number, number] | undefined => {
    if (Array.isArray(v)) {
      if (v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]];
      for (const x of v) {
        const f = find(x);
        if (f !== undefined) return f;
      }
    }
    return undefined;
  };
  for (const area of a.cuttingAreas) {
    const g = area.geometry;
    const f = find(g.coordinates) ?? (Array.isArray(g.geometries) ? g.geometries.map((s) => find((s as { coordinates?: unknown }).coordinates)).find((x) => x !== undefined) : undefined);
    if (f !== undefined) return f;
  }
  return undefined;
}
