/** Plane geometry for the figures, in centimetres with y pointing up (the floor is y = 0). */

export type Vec = readonly [number, number];

export const add = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1]];
export const sub = (a: Vec, b: Vec): Vec => [a[0] - b[0], a[1] - b[1]];
export const scale = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k];
export const length = (a: Vec): number => Math.hypot(a[0], a[1]);
export const rad = (degrees: number): number => (degrees * Math.PI) / 180;
export const deg = (radians: number): number => (radians * 180) / Math.PI;
/** The unit vector at an angle in degrees, counter-clockwise from +x. */
export const dir = (degrees: number): Vec => [Math.cos(rad(degrees)), Math.sin(rad(degrees))];
export const angleOf = (a: Vec): number => deg(Math.atan2(a[1], a[0]));
/** `p` moved `distance` along the direction `degrees`. */
export const along = (p: Vec, degrees: number, distance: number): Vec =>
  add(p, scale(dir(degrees), distance));

/** A closed outline, kept as points until it is written out as SVG. */
export type Shape =
  | { kind: 'circle'; c: Vec; r: number }
  | { kind: 'polygon'; points: Vec[]; smooth: boolean }
  | { kind: 'line'; points: Vec[]; smooth: boolean };

export const circle = (c: Vec, r: number): Shape => ({ kind: 'circle', c, r });
export const polygon = (points: Vec[], smooth = false): Shape => ({
  kind: 'polygon',
  points,
  smooth,
});
export const polyline = (points: Vec[], smooth = false): Shape => ({
  kind: 'line',
  points,
  smooth,
});

/**
 * A limb segment as a tapered capsule: round at both ends (radius `ra` at `a`, `rb` at `b`)
 * with straight sides along the outer tangents.
 */
export function capsule(a: Vec, ra: number, b: Vec, rb: number): Shape[] {
  const d = sub(b, a);
  const len = length(d);
  if (len < 1e-6) return [circle(a, Math.max(ra, rb))];
  const angle = angleOf(d);
  // The tangent's tilt for two circles of different radius.
  const tilt = deg(Math.asin(Math.max(-1, Math.min(1, (ra - rb) / len))));
  const left = angle + 90 - tilt;
  const right = angle - 90 + tilt;
  const side = polygon([
    along(a, left, ra),
    along(b, left, rb),
    along(b, right, rb),
    along(a, right, ra),
  ]);
  return [circle(a, ra), circle(b, rb), side];
}

/**
 * A limb as one smooth outline: a chain of joints, each with its half-width, round at both
 * ends. At a bent joint the sides meet along the bend's bisector, so a knee or an elbow reads
 * as one piece with no seam.
 */
export function limbOutline(joints: Vec[], radii: number[]): Shape {
  const n = joints.length;
  const segment = (i: number) => angleOf(sub(joints[i + 1], joints[i]));
  const left: Vec[] = [];
  const right: Vec[] = [];
  for (let i = 0; i < n; i++) {
    const before = i > 0 ? segment(i - 1) : segment(i);
    const after = i < n - 1 ? segment(i) : segment(i - 1);
    let turn = after - before;
    while (turn > 180) turn -= 360;
    while (turn < -180) turn += 360;
    const normal = before + turn / 2 + 90;
    const stretch = Math.min(1 / Math.cos(rad(turn / 2)), 1.5);
    left.push(along(joints[i], normal, radii[i] * stretch));
    right.push(along(joints[i], normal + 180, radii[i] * stretch));
  }
  const cap = (centre: Vec, r: number, from: number): Vec[] =>
    [45, 90, 135].map((a) => along(centre, from - a, r));
  const endAngle = segment(n - 2) + 90;
  const startAngle = segment(0) - 90;
  return polygon(
    [
      ...left,
      ...cap(joints[n - 1], radii[n - 1], endAngle),
      ...right.reverse(),
      ...cap(joints[0], radii[0], startAngle),
    ],
    true,
  );
}

/** Every point a shape reaches, for bounds and for resting a body on a surface. */
export function extentPoints(shape: Shape): Vec[] {
  if (shape.kind === 'circle')
    return [
      [shape.c[0] - shape.r, shape.c[1] - shape.r],
      [shape.c[0] + shape.r, shape.c[1] + shape.r],
    ];
  return shape.points;
}

export interface Bounds {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boundsOf(shapes: Shape[]): Bounds {
  const b = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
  for (const shape of shapes)
    for (const [x, y] of extentPoints(shape)) {
      b.minX = Math.min(b.minX, x);
      b.minY = Math.min(b.minY, y);
      b.maxX = Math.max(b.maxX, x);
      b.maxY = Math.max(b.maxY, y);
    }
  return b;
}

export function translate(shape: Shape, by: Vec): Shape {
  if (shape.kind === 'circle') return { ...shape, c: add(shape.c, by) };
  return { ...shape, points: shape.points.map((p) => add(p, by)) };
}

/**
 * An SVG path for a shape, with y flipped about `top` (SVG's y points down). Numbers carry one
 * decimal: a millimetre is finer than any printer needs at this scale.
 */
export function pathOf(shape: Shape, top: number): string {
  const n = (v: number) => String(Math.round(v * 10) / 10);
  const pt = (p: Vec) => `${n(p[0])} ${n(top - p[1])}`;
  if (shape.kind === 'circle') {
    const [x, y] = shape.c;
    const r = n(shape.r);
    return `M${n(x - shape.r)} ${n(top - y)}a${r} ${r} 0 1 0 ${n(2 * shape.r)} 0a${r} ${r} 0 1 0 ${n(-2 * shape.r)} 0Z`;
  }
  const closed = shape.kind === 'polygon';
  const pts = shape.points;
  if (!shape.smooth || pts.length < 3) return `M${pts.map(pt).join('L')}${closed ? 'Z' : ''}`;
  // Catmull-Rom through the points, written as cubic Béziers.
  const at = (i: number): Vec =>
    closed ? pts[(i + pts.length) % pts.length] : pts[Math.max(0, Math.min(pts.length - 1, i))];
  const segments = closed ? pts.length : pts.length - 1;
  let d = `M${pt(pts[0])}`;
  for (let i = 0; i < segments; i++) {
    const [p0, p1, p2, p3] = [at(i - 1), at(i), at(i + 1), at(i + 2)];
    const c1: Vec = [p1[0] + (p2[0] - p0[0]) / 6, p1[1] + (p2[1] - p0[1]) / 6];
    const c2: Vec = [p2[0] - (p3[0] - p1[0]) / 6, p2[1] - (p3[1] - p1[1]) / 6];
    d += `C${pt(c1)} ${pt(c2)} ${pt(p2)}`;
  }
  return closed ? `${d}Z` : d;
}
