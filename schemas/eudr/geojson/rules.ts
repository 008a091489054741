// The rules the EUDR Information System applies to a producer's GeoJSON, as data checks that
// both the broker (after normalising a felling affirmation) and the TRACES sandbox (on every
// producer it receives) run. Each violation names the feature and the rule.
// Sources: EUDR GeoJSON File Description v1.3 (§9.2 definitions, §9.5 common errors) and the
// API and UI Validation Rules (§10.3: point area, coordinate range, invalid geometry).
import {
  ACCEPTED_GEOMETRY_TYPES,
  COORDINATE_DECIMALS,
  POINT_DEFAULT_AREA_HA,
  POINT_MAX_AREA_HA,
  POINT_MIN_AREA_HA,
} from './types.js';
import { findSelfIntersection, isCollinear, type Pt } from './segments.js';

export type GeoRule =
  | 'not-json'
  | 'not-geojson'
  | 'geometry-type'
  | 'coordinates'
  | 'latitude-range'
  | 'longitude-range'
  | 'ring-too-few-points'
  | 'ring-not-closed'
  | 'ring-duplicate-point'
  | 'ring-collinear'
  | 'ring-self-intersection'
  | 'polygon-hole'
  | 'point-area'
  | 'point-over-4ha'
  | 'producer-country';

export interface GeoViolation {
  /** 0-based index of the feature (0 for a bare geometry). */
  feature: number;
  /** ProductionPlace (or ProducerName) of the feature when it has one, to name it to people. */
  featureName?: string;
  rule: GeoRule;
  message: string;
  /** JSON path of the offending member, e.g. features[2].geometry.coordinates[0][5] */
  path: string;
}

export interface GeoRuleOptions {
  /** TRACES truncates coordinates to 6 decimals before its checks; the broker rounds. */
  quantise?: 'truncate' | 'round';
  /** Largest Area of a point; null lifts it (cattle: establishment coordinates suffice). */
  maxPointAreaHa?: number | null;
  /** ISO 3166-1 alpha-2 codes accepted in ProducerCountry; unchecked when absent. */
  countryCodes?: ReadonlySet<string>;
  /** Stop after this many violations (a hostile file may have millions). */
  maxViolations?: number;
}

const SCALE = 10 ** COORDINATE_DECIMALS;

interface Ctx {
  out: GeoViolation[];
  feature: number;
  featureName: string | undefined;
  properties: Record<string, unknown>;
  options: Required<Omit<GeoRuleOptions, 'countryCodes'>> & { countryCodes?: ReadonlySet<string> };
}

class Enough extends Error {}

/** Checks a parsed GeoJSON value (FeatureCollection, Feature or bare geometry). */
export function checkEudrGeoJson(value: unknown, options: GeoRuleOptions = {}): GeoViolation[] {
  const opts = { quantise: options.quantise ?? 'truncate', maxPointAreaHa: options.maxPointAreaHa === undefined ? POINT_MAX_AREA_HA : options.maxPointAreaHa, maxViolations: options.maxViolations ?? 100, ...(options.countryCodes ? { countryCodes: options.countryCodes } : {}) };
  const out: GeoViolation[] = [];
  try {
    if (!isObject(value) || typeof value.type !== 'string') {
      push({ out, feature: 0, featureName: undefined, properties: {}, options: opts }, 'not-geojson', '', 'not a GeoJSON object (no "type")');
      return out;
    }
    if (value.type === 'FeatureCollection') {
      if (!Array.isArray(value.features)) {
        push({ out, feature: 0, featureName: undefined, properties: {}, options: opts }, 'not-geojson', 'features', 'a FeatureCollection needs a "features" array');
        return out;
      }
      value.features.forEach((f, i) => checkFeature(f, i, `features[${i}]`, out, opts));
    } else if (value.type === 'Feature') {
      checkFeature(value, 0, '', out, opts);
    } else {
      checkGeometry(value, 'geometry', { out, feature: 0, featureName: undefined, properties: {}, options: opts });
    }
  } catch (err) {
    if (!(err instanceof Enough)) throw err;
  }
  return out;
}

/** Parses GeoJSON text, then checks it; malformed JSON is one 'not-json' violation. */
export function checkEudrGeoJsonText(text: string, options: GeoRuleOptions = {}): GeoViolation[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return [{ feature: 0, rule: 'not-json', message: `not valid JSON: ${err instanceof Error ? err.message : String(err)}`, path: '' }];
  }
  return checkEudrGeoJson(value, options);
}

function checkFeature(f: unknown, index: number, path: string, out: GeoViolation[], options: Ctx['options']): void {
  const properties = isObject(f) && isObject(f.properties) ? f.properties : {};
  const name = typeof properties.ProductionPlace === 'string' && properties.ProductionPlace !== '' ? properties.ProductionPlace : typeof properties.ProducerName === 'string' ? properties.ProducerName : undefined;
  const ctx: Ctx = { out, feature: index, featureName: name, properties, options };
  const at = (member: string): string => (path === '' ? member : `${path}.${member}`);
  if (!isObject(f) || f.type !== 'Feature') return push(ctx, 'not-geojson', path, 'not a GeoJSON Feature');
  if (!isObject(f.geometry)) return push(ctx, 'not-geojson', at('geometry'), 'the feature has no geometry');
  const country = properties.ProducerCountry;
  if (country !== undefined && options.countryCodes !== undefined && (typeof country !== 'string' || !options.countryCodes.has(country.toUpperCase()))) {
    push(ctx, 'producer-country', at('properties.ProducerCountry'), `ProducerCountry ${JSON.stringify(country)} is not an ISO 3166-1 alpha-2 code`);
  }
  checkGeometry(f.geometry, at('geometry'), ctx);
}

function checkGeometry(g: unknown, path: string, ctx: Ctx): void {
  if (!isObject(g) || typeof g.type !== 'string') return push(ctx, 'not-geojson', path, 'not a GeoJSON geometry');
  const type = g.type;
  if (!(ACCEPTED_GEOMETRY_TYPES as readonly string[]).includes(type)) {
    return push(ctx, 'geometry-type', `${path}.type`, `geometry type ${type} is not accepted (only Point, MultiPoint, Polygon, MultiPolygon, GeometryCollection; a ${type} does not describe a plot of land)`);
  }
  if (type === 'GeometryCollection') {
    if (!Array.isArray(g.geometries)) return push(ctx, 'not-geojson', `${path}.geometries`, 'a GeometryCollection needs a "geometries" array');
    g.geometries.forEach((sub, i) => checkGeometry(sub, `${path}.geometries[${i}]`, ctx));
    return;
  }
  const coords = g.coordinates;
  const cpath = `${path}.coordinates`;
  switch (type) {
    case 'Point':
      if (position(coords, cpath, ctx) !== undefined) checkPointArea(ctx, path);
      return;
    case 'MultiPoint':
      if (!Array.isArray(coords) || coords.length === 0) return push(ctx, 'coordinates', cpath, 'a MultiPoint needs an array of positions');
      coords.forEach((p, i) => position(p, `${cpath}[${i}]`, ctx));
      checkPointArea(ctx, path);
      return;
    case 'Polygon':
      return polygon(coords, cpath, ctx);
    case 'MultiPolygon':
      if (!Array.isArray(coords) || coords.length === 0) return push(ctx, 'coordinates', cpath, 'a MultiPolygon needs an array of polygons');
      coords.forEach((p, i) => polygon(p, `${cpath}[${i}]`, ctx));
      return;
  }
}

function checkPointArea(ctx: Ctx, path: string): void {
  const area = ctx.properties.Area;
  const apath = path.replace(/geometry(\.geometries\[\d+\])*$/, 'properties.Area');
  if (area === undefined) return; // taken as POINT_DEFAULT_AREA_HA by the information system
  if (typeof area !== 'number' || !Number.isFinite(area)) {
    return push(ctx, 'point-area', apath, `Area of a point must be a JSON number of hectares (got ${JSON.stringify(area)}; a quoted number reads as 0)`);
  }
  if (area < POINT_MIN_AREA_HA) return push(ctx, 'point-area', apath, `Area of a point must be at least ${POINT_MIN_AREA_HA} ha (got ${area})`);
  const max = ctx.options.maxPointAreaHa;
  if (max !== null && area > max) {
    push(ctx, 'point-over-4ha', apath, `a plot of ${area} ha is given as a point; plots over ${max} ha need a polygon (default area of a point: ${POINT_DEFAULT_AREA_HA} ha)`);
  }
}

/** Validates one [lon, lat] position and returns it quantised to integer micro-degrees. */
function position(p: unknown, path: string, ctx: Ctx): Pt | undefined {
  if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    push(ctx, 'coordinates', path, 'a position must be an array of at least two numbers [longitude, latitude]');
    return undefined;
  }
  const [lon, lat] = p as number[];
  let ok = true;
  if (lon! < -180 || lon! > 180) {
    push(ctx, 'longitude-range', path, `longitude ${lon} is outside −180…180 (positions are [longitude, latitude])`);
    ok = false;
  }
  if (lat! < -90 || lat! > 90) {
    push(ctx, 'latitude-range', path, `latitude ${lat} is outside −90…90 (positions are [longitude, latitude])`);
    ok = false;
  }
  if (!ok) return undefined;
  const q = ctx.options.quantise === 'round' ? Math.round : Math.trunc;
  return { x: q(lon! * SCALE), y: q(lat! * SCALE) };
}

function polygon(rings: unknown, path: string, ctx: Ctx): void {
  if (!Array.isArray(rings) || rings.length === 0) return push(ctx, 'coordinates', path, 'a Polygon needs an array of linear rings');
  if (rings.length > 1) {
    push(ctx, 'polygon-hole', `${path}[1]`, `the polygon has ${rings.length - 1} hole(s); holes are not accepted — describe the plot as separate polygons (e.g. two half-rings)`);
  }
  ring(rings[0], `${path}[0]`, ctx);
}

function ring(r: unknown, path: string, ctx: Ctx): void {
  if (!Array.isArray(r)) return push(ctx, 'coordinates', path, 'a linear ring must be an array of positions');
  const pts: Pt[] = [];
  for (let i = 0; i < r.length; i++) {
    const p = position(r[i], `${path}[${i}]`, ctx);
    if (p === undefined) return;
    pts.push(p);
  }
  if (pts.length < 4) return push(ctx, 'ring-too-few-points', path, `a polygon ring needs at least 4 positions (the first repeated last); it has ${pts.length}`);
  const first = pts[0]!;
  const last = pts[pts.length - 1]!;
  if (first.x !== last.x || first.y !== last.y) return push(ctx, 'ring-not-closed', path, 'the polygon is open: its last position must repeat the first');
  const open = pts.slice(0, -1);
  for (let i = 1; i < open.length; i++) {
    if (open[i]!.x === open[i - 1]!.x && open[i]!.y === open[i - 1]!.y) {
      return push(ctx, 'ring-duplicate-point', `${path}[${i}]`, `positions ${i - 1} and ${i} are the same at ${COORDINATE_DECIMALS} decimals`);
    }
  }
  if (open.length < 3 || isCollinear(open)) return push(ctx, 'ring-collinear', path, 'the polygon has no area: it needs at least 3 corners not on one line');
  const hit = findSelfIntersection(open);
  if (hit !== undefined) {
    push(ctx, 'ring-self-intersection', path, `the polygon's sides ${hit.a}→${hit.a + 1} and ${hit.b}→${(hit.b + 1) % open.length} cross or touch (figure eight or overlapping sides)`);
  }
}

function push(ctx: Ctx, rule: GeoRule, path: string, message: string): void {
  const v: GeoViolation = { feature: ctx.feature, rule, message, path };
  if (ctx.featureName !== undefined) v.featureName = ctx.featureName;
  ctx.out.push(v);
  if (ctx.out.length >= ctx.options.maxViolations) throw new Enough();
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** "feature 2 ('Kalsnava 112-5')" for messages. */
export function describeFeature(v: Pick<GeoViolation, 'feature' | 'featureName'>): string {
  return v.featureName === undefined ? `feature ${v.feature}` : `feature ${v.feature} (${JSON.stringify(v.featureName)})`;
}
