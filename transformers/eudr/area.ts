// Area of a polygon on the WGS 84 sphere (authalic approximation with the equatorial radius,
// as turf.js does), in hectares — to fill the Area property and to know whether a plot is over
// 4 ha. Source: Chamberlain & Duquette, "Some algorithms for polygons on a sphere", JPL 2007.

const R = 6378137;
const rad = (d: number): number => (d * Math.PI) / 180;

function ringAreaM2(ring: number[][]): number {
  let total = 0;
  const n = ring.length;
  if (n < 3) return 0;
  for (let i = 0; i < n; i++) {
    const lower = ring[i]!;
    const middle = ring[(i + 1) % n]!;
    const upper = ring[(i + 2) % n]!;
    total += (rad(upper[0]!) - rad(lower[0]!)) * Math.sin(rad(middle[1]!));
  }
  return Math.abs((total * R * R) / 2);
}

/** Hectares of a Polygon (outer ring minus holes) given as [lon, lat] rings. */
export function polygonAreaHa(rings: number[][][]): number {
  if (rings.length === 0) return 0;
  let m2 = ringAreaM2(rings[0]!);
  for (const hole of rings.slice(1)) m2 -= ringAreaM2(hole);
  return m2 / 10_000;
}
