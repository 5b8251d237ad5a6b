import { poseBody, Pose, PosedBody } from './body';
import {
  add,
  along,
  angleOf,
  Bounds,
  boundsOf,
  length,
  pathOf,
  polygon,
  polyline,
  Shape,
  sub,
  translate,
  Vec,
} from './geometry';
import { Depth, drawProp, Prop } from './props';

/** A movement arrow: from → to, bowed to its left by `bend` centimetres. */
export interface Arrow {
  from: Vec;
  to: Vec;
  bend?: number;
}

/** One picture of a figure: a start or an end position, or the only one. */
export interface Panel {
  /** Seen from the side (the default), or from above: then nothing needs to rest on the floor. */
  view?: 'side' | 'above';
  body: Pose;
  props?: Prop[];
  arrows?: Arrow[];
}

export interface FigureDefinition {
  /** The name blocks use: `[[figure:<name>]]`. */
  name: string;
  /** What the picture shows, in plain words, for screen readers and the PDF's tags. */
  alt: string;
  /** The line printed under it. */
  caption: string;
  panels: Panel[];
}

/** A group of paths sharing one look; the only markup a figure is made of. */
export interface FigureGroup {
  fill: string;
  stroke: string;
  width: number;
  paths: string[];
}

/** A figure ready for the template: plain data, frozen into published versions as it is. */
export interface FigureDrawing {
  name: string;
  alt: string;
  caption: string;
  viewBox: string;
  /** Width over height, for the layout's sizing. */
  aspect: number;
  /** Two pictures side by side, or one long and low (lying down), need the column's width. */
  wide: boolean;
  groups: FigureGroup[];
}

const INK = '#1f1f1f';
const LOOK = {
  near: { fill: '#ffffff', stroke: INK, width: 1.2 },
  far: { fill: '#c9c9c9', stroke: INK, width: 1.2 },
  prop: { fill: '#eeeeee', stroke: '#4a4a4a', width: 1 },
  detail: { fill: 'none', stroke: '#4a4a4a', width: 1 },
  arrow: { fill: 'none', stroke: INK, width: 1.8 },
  arrowHead: { fill: INK, stroke: 'none', width: 0 },
};
type Look = keyof typeof LOOK;

const PADDING = 5;
const GAP = 26;

/** Draws a figure: each panel posed, propped and arrowed, side by side with a step arrow between. */
export function drawFigure(def: FigureDefinition): FigureDrawing {
  const drawn = def.panels.map(drawPanel);
  const height =
    Math.max(...drawn.map((p) => p.bounds.maxY)) - Math.min(...drawn.map((p) => p.bounds.minY));
  const floor = Math.min(...drawn.map((p) => p.bounds.minY));
  const layers: { look: Look; shapes: Shape[] }[] = [];
  let x = PADDING;
  drawn.forEach((panel, i) => {
    if (i > 0) {
      const mid: Vec = [x + GAP / 2 - PADDING, floor + height / 2];
      layers.push({ look: 'arrowHead', shapes: [stepArrow(mid)] });
      x += GAP;
    }
    const shift: Vec = [x - panel.bounds.minX, PADDING - floor];
    for (const layer of panel.layers)
      layers.push({ look: layer.look, shapes: layer.shapes.map((s) => translate(s, shift)) });
    x += panel.bounds.maxX - panel.bounds.minX;
  });
  const width = x + PADDING;
  const top = height + 2 * PADDING;
  const groups: FigureGroup[] = [];
  for (const layer of layers) {
    const look = LOOK[layer.look];
    const paths = layer.shapes.map((s) => pathOf(s, top));
    const last = groups[groups.length - 1];
    // Consecutive layers with one look share a group: fewer, smaller elements.
    if (last && last.fill === look.fill && last.stroke === look.stroke && last.width === look.width)
      last.paths.push(...paths);
    else groups.push({ ...look, paths });
  }
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    name: def.name,
    alt: def.alt,
    caption: def.caption,
    viewBox: `0 0 ${round(width)} ${round(top)}`,
    aspect: round(width / top),
    wide: def.panels.length > 1 || width / top > 2.6,
    groups,
  };
}

interface DrawnPanel {
  layers: { look: Look; shapes: Shape[] }[];
  bounds: Bounds;
  body: PosedBody;
}

export function drawPanel(panel: Panel): DrawnPanel {
  const props = (panel.props ?? []).map(drawProp);
  const body = poseBody(panel.body);
  const layers: DrawnPanel['layers'] = [];
  const propLayers = (depth: Depth) => {
    for (const p of props.filter((p) => p.depth === depth)) {
      if (p.solid.length) layers.push({ look: 'prop', shapes: p.solid });
      if (p.lines.length) layers.push({ look: 'detail', shapes: p.lines });
    }
  };
  propLayers('behind');
  for (const part of body.parts) {
    // Each part is one outline (a limb from hip to toe, the trunk with its neck), filled.
    layers.push({ look: part.far ? 'far' : 'near', shapes: part.shapes });
    if (part.part === 'trunk') propLayers('over-trunk');
    if (part.part === 'nearLeg') propLayers('front');
  }
  for (const arrow of panel.arrows ?? []) {
    const { shaft, head } = movementArrow(arrow);
    layers.push({ look: 'arrow', shapes: [shaft] });
    layers.push({ look: 'arrowHead', shapes: [head] });
  }
  const all = layers.flatMap((l) => l.shapes);
  const bounds = boundsOf(all);
  return { layers, bounds, body };
}

/** A curved arrow ending in a solid head at `to`. */
function movementArrow(arrow: Arrow): { shaft: Shape; head: Shape } {
  const chord = sub(arrow.to, arrow.from);
  const mid = add(arrow.from, [chord[0] / 2, chord[1] / 2]);
  const control = along(mid, angleOf(chord) + 90, (arrow.bend ?? 0) * 2);
  const point = (t: number): Vec => [
    (1 - t) ** 2 * arrow.from[0] + 2 * (1 - t) * t * control[0] + t * t * arrow.to[0],
    (1 - t) ** 2 * arrow.from[1] + 2 * (1 - t) * t * control[1] + t * t * arrow.to[1],
  ];
  const headLength = Math.min(6, length(chord) * 0.45);
  const steps = 12;
  const points: Vec[] = [];
  for (let i = 0; i <= steps; i++) points.push(point(i / steps));
  // The shaft stops where the head begins.
  const heading = angleOf(sub(arrow.to, point(0.9)));
  const neck = along(arrow.to, heading, -headLength);
  points[points.length - 1] = along(arrow.to, heading, -headLength * 0.6);
  const head = polygon([
    arrow.to,
    along(neck, heading + 90, headLength * 0.5),
    along(neck, heading - 90, headLength * 0.5),
  ]);
  return { shaft: polyline(points, true), head };
}

/** The arrow between a start and an end position. */
function stepArrow(at: Vec): Shape {
  const [x, y] = at;
  return polygon([
    [x - 8, y + 2.2],
    [x + 2, y + 2.2],
    [x + 2, y + 6],
    [x + 9, y],
    [x + 2, y - 6],
    [x + 2, y - 2.2],
    [x - 8, y - 2.2],
  ]);
}
