import { along, capsule, polygon, polyline, Shape, Vec } from './geometry';

/**
 * The things a body rests on or holds, in scene centimetres (the floor is y = 0). Each is drawn
 * as solid outlines (`solid`) and detail lines (`lines`); `front` ones are drawn over the body.
 */
/** Where a prop sits among the body's parts: behind it all, over the trunk, or over the near leg. */
export type Depth = 'behind' | 'over-trunk' | 'front';

export type Prop =
  | { type: 'floor'; from: number; to: number }
  | { type: 'mat'; from: number; to: number }
  | { type: 'pillow'; at: Vec; width: number; height: number; angle?: number; depth?: Depth }
  | { type: 'chair'; x: number; facing: 1 | -1; seat?: number; back?: boolean }
  | { type: 'bed'; from: number; to: number; top?: number; head: 'left' | 'right' }
  | { type: 'bed-from-above'; from: Vec; to: Vec }
  | { type: 'box'; at: Vec; width: number; height: number; depth?: Depth }
  | { type: 'pack'; kind: 'cold' | 'heat'; at: Vec; angle?: number; depth?: Depth }
  | { type: 'desk'; from: number; to: number; screenAt?: number }
  /** A plain solid: a chair's base, a step. */
  | { type: 'block'; from: Vec; to: Vec };

export interface PropDrawing {
  solid: Shape[];
  lines: Shape[];
  depth: Depth;
}

export const MAT_HEIGHT = 2;
export const BED_TOP = 55;
export const CHAIR_SEAT = 45;

const rect = (x0: number, y0: number, x1: number, y1: number): Shape =>
  polygon([
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ]);

/** A rectangle with rounded corners (`round`: the corner radius over the short side's half), turned by `angle`. */
function roundRect(c: Vec, w: number, h: number, angle = 0, round = 0.35): Shape {
  const r = Math.min(w, h) * 0.5 * round;
  const hw = w / 2 - r;
  const hh = h / 2 - r;
  const centres: [Vec, number][] = [
    [[hw, hh], 0],
    [[-hw, hh], 90],
    [[-hw, -hh], 180],
    [[hw, -hh], 270],
  ];
  const points: Vec[] = [];
  for (const [centre, start] of centres)
    for (let k = 0; k <= 4; k++) points.push(along(centre, start + k * 22.5, r));
  const turn = (angle * Math.PI) / 180;
  return polygon(
    points.map(([x, y]) => [
      c[0] + x * Math.cos(turn) - y * Math.sin(turn),
      c[1] + x * Math.sin(turn) + y * Math.cos(turn),
    ]),
  );
}

export function drawProp(prop: Prop): PropDrawing {
  const solid: Shape[] = [];
  const lines: Shape[] = [];
  let depth: Depth = 'behind';
  switch (prop.type) {
    case 'floor':
      lines.push(
        polyline([
          [prop.from, 0],
          [prop.to, 0],
        ]),
      );
      break;
    case 'mat':
      solid.push(
        roundRect(
          [(prop.from + prop.to) / 2, MAT_HEIGHT / 2],
          prop.to - prop.from,
          MAT_HEIGHT,
          0,
          0.5,
        ),
      );
      lines.push(
        polyline([
          [prop.from - 12, 0],
          [prop.to + 12, 0],
        ]),
      );
      break;
    case 'pillow':
      solid.push(roundRect(prop.at, prop.width, prop.height, prop.angle ?? 0, 0.6));
      depth = prop.depth ?? 'behind';
      break;
    case 'chair': {
      const seat = prop.seat ?? CHAIR_SEAT;
      const f = prop.facing;
      const frontX = prop.x;
      const backX = prop.x - f * 44;
      solid.push(rect(Math.min(frontX, backX), seat - 4, Math.max(frontX, backX), seat));
      solid.push(...capsule([frontX - f * 3, seat - 4], 1.4, [frontX - f * 3, 0], 1.4));
      solid.push(...capsule([backX + f * 3, seat - 4], 1.4, [backX + f * 3, 0], 1.4));
      if (prop.back !== false)
        solid.push(
          polygon([
            [backX, seat],
            [backX - f * 8, seat + 42],
            [backX - f * 3.5, seat + 42],
            [backX + f * 4, seat],
          ]),
        );
      break;
    }
    case 'bed': {
      const top = prop.top ?? BED_TOP;
      solid.push(...capsule([prop.from + 3, 0], 1.6, [prop.from + 3, top - 14], 1.6));
      solid.push(...capsule([prop.to - 3, 0], 1.6, [prop.to - 3, top - 14], 1.6));
      solid.push(rect(prop.from, top - 18, prop.to, top - 12));
      solid.push(roundRect([(prop.from + prop.to) / 2, top - 6], prop.to - prop.from, 12, 0, 0.4));
      const headX = prop.head === 'left' ? prop.from - 3 : prop.to + 3;
      solid.push(rect(headX - 2.5, 0, headX + 2.5, top + 30));
      break;
    }
    case 'bed-from-above': {
      const [x0, y0] = prop.from;
      const [x1, y1] = prop.to;
      solid.push(
        roundRect([(x0 + x1) / 2, (y0 + y1) / 2], Math.abs(x1 - x0), Math.abs(y1 - y0), 0, 0.08),
      );
      break;
    }
    case 'box': {
      const [cx, cy] = prop.at;
      const hw = prop.width / 2;
      const hh = prop.height / 2;
      solid.push(rect(cx - hw, cy - hh, cx + hw, cy + hh));
      lines.push(
        polyline([
          [cx - hw, cy + hh - 6],
          [cx + hw, cy + hh - 6],
        ]),
      );
      depth = prop.depth ?? 'front';
      break;
    }
    case 'pack': {
      const angle = prop.angle ?? 0;
      solid.push(roundRect(prop.at, 18, 5, angle, 0.7));
      if (prop.kind === 'cold') {
        // Three small snowflakes on the pack.
        for (const k of [-5.5, 0, 5.5]) {
          const c = along(prop.at, angle, k);
          for (const a of [0, 60, 120])
            lines.push(polyline([along(c, angle + a, -1.5), along(c, angle + a, 1.5)]));
        }
      } else {
        // Warmth rising from the pad, away from the body.
        const up = angle + 90;
        for (const k of [-5, 0, 5]) {
          const base = along(along(prop.at, angle, k), up, 4.5);
          const wave: Vec[] = [0, 1, 2, 3, 4].map((i) =>
            along(along(base, up, i * 2), angle, i % 2 === 0 ? 0 : 1.4),
          );
          lines.push(polyline(wave, true));
        }
      }
      depth = prop.depth ?? 'front';
      break;
    }
    case 'desk': {
      const top = 74;
      solid.push(rect(prop.from, top - 3, prop.to, top));
      solid.push(...capsule([prop.to - 4, top - 3], 1.6, [prop.to - 4, 0], 1.6));
      if (prop.screenAt !== undefined) {
        const x = prop.screenAt;
        solid.push(rect(x - 2, top + 22, x + 2, top + 52));
        solid.push(rect(x + 2, top, x + 5, top + 30));
        solid.push(rect(x - 2, top, x + 12, top + 2));
      }
      lines.push(
        polyline([
          [prop.from - 30, 0],
          [prop.to + 10, 0],
        ]),
      );
      break;
    }
    case 'block':
      solid.push(rect(prop.from[0], prop.from[1], prop.to[0], prop.to[1]));
      break;
  }
  return { solid, lines, depth };
}
