// GeoJSON (RFC 7946) as the EUDR Information System takes it: positions are [longitude,
// latitude] in WGS 84; the geometry types it accepts, and the optional properties it reads.
// Source: EUDR GeoJSON File Description v1.3 (Operator API Reference v1.0, §9.2).

export type Position = number[];

export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'MultiPoint'; coordinates: Position[] }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }
  | { type: 'GeometryCollection'; geometries: Geometry[] };

/** The properties TRACES reads; any other property is ignored by it. */
export interface EudrProperties {
  ProducerName?: string;
  /** ISO 3166-1 alpha-2 */
  ProducerCountry?: string;
  ProductionPlace?: string;
  /** Hectares, as a JSON number ("Area": "3" reads as 0). */
  Area?: number;
  [other: string]: unknown;
}

export interface Feature {
  type: 'Feature';
  geometry: Geometry;
  properties: EudrProperties | null;
}

export interface FeatureCollection {
  type: 'FeatureCollection';
  features: Feature[];
}

/** Geometry types TRACES accepts (LineString and MultiLineString are refused). */
export const ACCEPTED_GEOMETRY_TYPES = ['Point', 'MultiPoint', 'Polygon', 'MultiPolygon', 'GeometryCollection'] as const;

/** The information system keeps 6 decimals of a coordinate (it truncates the rest). */
export const COORDINATE_DECIMALS = 6;

/** Plots above this need a polygon; a point's Area may not exceed it, except for cattle. */
export const POINT_MAX_AREA_HA = 4;
export const POINT_MIN_AREA_HA = 0.0001;
/** A point without Area is taken as 4 ha. */
export const POINT_DEFAULT_AREA_HA = 4;

/** Geolocation data per statement (API and UI validation rules: "presently set to 25Mb"). */
export const GEOLOCATION_MAX_BYTES = 25 * 1024 * 1024;
