// Exact planar tests on integer coordinates (micro-degrees after the 6-decimal cut), used to
// find rings that cross or touch themselves — "figure eight shapes or intersecting polygon
// lines" and "overlapping sides", GeoJSON File Description §9.5, errors 1 and 2.
// Orientation is exact: with doubles while every product stays below 2^53, else BigInt.

export interface Pt {
  x: number;
  y: number;
}

const SAFE_DIFF = 2 ** 26; // |dx|,|dy| < 2^26 ⇒ each product < 2^52, exact in a double

/** Sign of the cross product (b − a) × (c − a): 1 left turn, −1 right turn, 0 collinear. */
export function orient(a: Pt, b: Pt, c: Pt): -1 | 0 | 1 {
  const dx1 = b.x - a.x;
  const dy1 = b.y - a.y;
  const dx2 = c.x - a.x;
  const dy2 = c.y - a.y;
  let v: number;
  if (Math.abs(dx1) < SAFE_DIFF && Math.abs(dy1) < SAFE_DIFF && Math.abs(dx2) < SAFE_DIFF && Math.abs(dy2) < SAFE_DIFF) {
    v = dx1 * dy2 - dy1 * dx2;
  } else {
    const big = BigInt(dx1) * BigInt(dy2) - BigInt(dy1) * BigInt(dx2);
    v = big > 0n ? 1 : big < 0n ? -1 : 0;
  }
  return v > 0 ? 1 : v < 0 ? -1 : 0;
}

/** c lies within the bounding box of a–b (with a, b, c collinear this means on the segment). */
function within(a: Pt, b: Pt, c: Pt): boolean {
  return Math.min(a.x, b.x) <= c.x && c.x <= Math.max(a.x, b.x) && Math.min(a.y, b.y) <= c.y && c.y <= Math.max(a.y, b.y);
}

/** Whether closed segments p1–p2 and q1–q2 have any point in common. */
export function segmentsIntersect(p1: Pt, p2: Pt, q1: Pt, q2: Pt): boolean {
  const o1 = orient(p1, p2, q1);
  const o2 = orient(p1, p2, q2);
  const o3 = orient(q1, q2, p1);
  const o4 = orient(q1, q2, p2);
  if (o1 !== o2 && o3 !== o4 && o1 !== 0 && o2 !== 0 && o3 !== 0 && o4 !== 0) return true;
  return (o1 === 0 && within(p1, p2, q1)) || (o2 === 0 && within(p1, p2, q2)) || (o3 === 0 && within(q1, q2, p1)) || (o4 === 0 && within(q1, q2, p2));
}

export interface SelfIntersection {
  /** Indexes of the two segments (segment i runs from vertex i to vertex i+1). */
  a: number;
  b: number;
}

/**
 * The first pair of sides of a closed ring that meet other than at their shared corner,
 * or undefined. `ring` lists the vertices without the closing repeat and without
 * consecutive duplicates. A sweep over x keeps it near O(n log n) for real plots.
 */
export function findSelfIntersection(ring: readonly Pt[]): SelfIntersection | undefined {
  const n = ring.length;
  if (n < 3) return undefined;
  const seg = (i: number): [Pt, Pt] => [ring[i]!, ring[(i + 1) % n]!];
  // Adjacent sides share a corner; they are wrong only when the second folds back along the first.
  for (let i = 0; i < n; i++) {
    const a = ring[i]!;
    const b = ring[(i + 1) % n]!;
    const c = ring[(i + 2) % n]!;
    if (orient(a, b, c) === 0 && (a.x - b.x) * (c.x - b.x) + (a.y - b.y) * (c.y - b.y) > 0) return { a: i, b: (i + 1) % n };
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => Math.min(seg(i)[0].x, seg(i)[1].x) - Math.min(seg(j)[0].x, seg(j)[1].x));
  for (let oi = 0; oi < n; oi++) {
    const i = order[oi]!;
    const [p1, p2] = seg(i);
    const maxX = Math.max(p1.x, p2.x);
    const minY = Math.min(p1.y, p2.y);
    const maxY = Math.max(p1.y, p2.y);
    for (let oj = oi + 1; oj < n; oj++) {
      const j = order[oj]!;
      const [q1, q2] = seg(j);
      if (Math.min(q1.x, q2.x) > maxX) break;
      if (Math.abs(i - j) === 1 || Math.abs(i - j) === n - 1) continue;
      if (Math.max(q1.y, q2.y) < minY || Math.min(q1.y, q2.y) > maxY) continue;
      if (segmentsIntersect(p1, p2, q1, q2)) return { a: Math.min(i, j), b: Math.max(i, j) };
    }
  }
  return undefined;
}

/** A ring with no area: every vertex on one line. */
export function isCollinear(ring: readonly Pt[]): boolean {
  for (let i = 1; i + 1 < ring.length; i++) if (orient(ring[0]!, ring[i]!, ring[i + 1]!) !== 0) return false;
  return true;
}
