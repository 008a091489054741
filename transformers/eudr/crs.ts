// Which coordinate reference system a GeoJSON document declares, and a transform of its
// positions to WGS 84 [longitude, latitude]. RFC 7946 removed the "crs" member, but Latvian
// data still declares projected systems the GeoJSON 2008 way:
//   "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::3059"}}.
// The EUDR information system takes WGS 84 only (GeoJSON File Description §9.1).
import proj4 from 'proj4';
import { eudrErrors } from './errors.js';
import { LKS92_CODE, defineLks92 } from './lks92.js';

export type PositionTransform = (x: number, y: number) => [number, number];

export interface CrsOptions {
  /** Extra projected systems by EPSG code ("EPSG:25835") → proj4 definition. */
  definitions?: Record<string, string>;
  /** Axis order of projected coordinates in the file (GeoJSON writes x = easting first). */
  axisOrder?: 'easting-northing' | 'northing-easting';
  /** CRS to assume when none is declared but the coordinates are clearly metres; none = refuse. */
  undeclaredProjectedCrs?: string;
}

/** WGS 84 and systems whose difference from it is well below a metre (ETRS89 / LKS-92 geographic). */
const GEOGRAPHIC = new Set(['EPSG:4326', 'OGC:CRS84', 'EPSG:4258', 'EPSG:4661', 'EPSG:4979']);

/** "urn:ogc:def:crs:EPSG::3059", "EPSG:3059", "http://www.opengis.net/def/crs/EPSG/0/3059" → "EPSG:3059". */
export function normaliseCrsName(name: string): string {
  const n = name.trim();
  if (/CRS84$/i.test(n)) return 'OGC:CRS84';
  const epsg = /EPSG(?::[\d.]*)?(?::|\/0\/|\/)+(\d+)$/i.exec(n) ?? /^EPSG:(\d+)$/i.exec(n);
  return epsg ? `EPSG:${epsg[1]}` : n;
}

/** The declared CRS name of a GeoJSON object, or undefined. */
export function declaredCrs(geojson: unknown): string | undefined {
  if (typeof geojson !== 'object' || geojson === null) return undefined;
  const crs = (geojson as { crs?: unknown }).crs;
  if (typeof crs !== 'object' || crs === null) return undefined;
  const name = (crs as { properties?: { name?: unknown } }).properties?.name;
  return typeof name === 'string' ? normaliseCrsName(name) : undefined;
}

/**
 * A transform from the declared (or assumed) CRS to WGS 84, or undefined when the data is
 * already WGS 84. `sample` is one position of the file, used to notice undeclared metres.
 */
export function transformToWgs84(affirmation: string, crs: string | undefined, sample: [number, number] | undefined, options: CrsOptions = {}): PositionTransform | undefined {
  let code = crs;
  if (code === undefined) {
    const looksProjected = sample !== undefined && (Math.abs(sample[0]) > 180 || Math.abs(sample[1]) > 90);
    if (!looksProjected) return undefined;
    if (options.undeclaredProjectedCrs === undefined) {
      throw eudrErrors.create('EDI_ERR_EUDR_CRS_UNSUPPORTED', { affirmation, crs: 'none declared', reason: `coordinates such as [${sample![0]}, ${sample![1]}] are not degrees; declare the CRS in the file or configure undeclaredProjectedCrs` });
    }
    code = normaliseCrsName(options.undeclaredProjectedCrs);
  }
  if (GEOGRAPHIC.has(code)) return undefined;
  let definition: string | undefined;
  if (code === LKS92_CODE) {
    defineLks92();
    definition = LKS92_CODE;
  } else if (options.definitions?.[code] !== undefined) {
    proj4.defs(code, options.definitions[code]!);
    definition = code;
  }
  if (definition === undefined) {
    throw eudrErrors.create('EDI_ERR_EUDR_CRS_UNSUPPORTED', { affirmation, crs: code, reason: `known: WGS 84 (EPSG:4326, CRS84), ${LKS92_CODE}${Object.keys(options.definitions ?? {}).map((k) => `, ${k}`).join('')}` });
  }
  const converter = proj4(definition, 'EPSG:4326');
  const swap = options.axisOrder === 'northing-easting';
  return (x, y) => {
    const [lon, lat] = converter.forward(swap ? [y, x] : [x, y]) as [number, number];
    return [lon, lat];
  };
}
