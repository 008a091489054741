// LKS-92 / Latvia TM (EPSG:3059), the projected system of Latvian cadastral and forest data,
// defined for proj4 with its official parameters (EPSG dataset, EPSG:3059): Transverse
// Mercator, latitude of origin 0°, central meridian 24°E, scale factor 0.9996, false easting
// 500 000 m, false northing −6 000 000 m, GRS 1980 ellipsoid, LKS-92 datum (EPSG:6661,
// realised from ETRS89; null transformation to WGS 84 at the metre level).
import proj4 from 'proj4';

export const LKS92_CODE = 'EPSG:3059';
export const LKS92_PROJ4 = '+proj=tmerc +lat_0=0 +lon_0=24 +k=0.9996 +x_0=500000 +y_0=-6000000 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

let defined = false;

/** Registers EPSG:3059 with proj4 (idempotent). */
export function defineLks92(): void {
  if (defined) return;
  proj4.defs(LKS92_CODE, LKS92_PROJ4);
  defined = true;
}
