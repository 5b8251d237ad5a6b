import { JOINT_LIMITS, Joint, poseBody } from './body';
import { drawFigure, drawPanel } from './draw';
import { FIGURE_SET } from './figure-set';
import { FIGURE_NAMES, figureDrawing } from './figures';
import { boundsOf } from './geometry';
import { BED_TOP, CHAIR_SEAT, MAT_HEIGHT, Prop } from './props';

/** The figure set as content: named, described, and posed as a body can be. */
describe('the figure set', () => {
  const panels = FIGURE_SET.flatMap((f) => f.panels.map((panel, i) => ({ figure: f, panel, i })));

  it('names each figure once, in the form blocks use', () => {
    expect(new Set(FIGURE_NAMES).size).toBe(FIGURE_NAMES.length);
    for (const name of FIGURE_NAMES) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('has the pictures the library needs', () => {
    expect(FIGURE_NAMES).toEqual(
      expect.arrayContaining([
        'knee-to-chest-one',
        'knee-to-chest-both',
        'pelvic-tilt',
        'bridge',
        'core-bracing',
        'lying-pillow-under-knees',
        'legs-on-chair',
        'side-lying-pillow',
        'reclining-chair',
        'getting-out-of-bed',
        'safe-lifting',
        'sitting-at-desk',
        'cold-pack',
        'heat-pad',
        'walking',
      ]),
    );
  });

  it('describes every figure in plain words, as a sentence, with a caption', () => {
    for (const figure of FIGURE_SET) {
      expect({ name: figure.name, alt: figure.alt.length >= 30 }).toEqual({
        name: figure.name,
        alt: true,
      });
      expect(figure.alt).toMatch(/^[A-Z].*\.$/);
      expect(figure.caption).toMatch(/^[A-Z].*\.$/);
      expect(figure.caption.length).toBeLessThanOrEqual(90);
    }
  });

  it('bends every joint only the way a body bends', () => {
    const wrong: string[] = [];
    for (const { figure, panel, i } of panels) {
      const { angles } = poseBody(panel.body);
      for (const side of ['near', 'far'] as const)
        for (const [joint, [min, max]] of Object.entries(JOINT_LIMITS)) {
          const angle = angles[side][joint as Joint];
          if (angle === undefined) continue;
          if (angle < min - 0.5 || angle > max + 0.5)
            wrong.push(`${figure.name} panel ${i + 1}: ${side} ${joint} ${angle.toFixed(0)}°`);
        }
    }
    expect(wrong).toEqual([]);
  });

  /** The heights a body can rest on in a panel: the floor and the tops of its props. */
  const surfaces = (props: Prop[]): number[] => [
    0,
    ...props.flatMap((p) => {
      if (p.type === 'mat') return [MAT_HEIGHT];
      if (p.type === 'bed') return [p.top ?? BED_TOP];
      if (p.type === 'chair') return [p.seat ?? CHAIR_SEAT];
      if (p.type === 'block') return [Math.max(p.from[1], p.to[1])];
      if (p.type === 'pillow') return [p.at[1] + p.height / 2];
      return [];
    }),
  ];

  it('rests every body seen from the side on the floor or a prop, neither floating nor sunk', () => {
    const floating: string[] = [];
    for (const { figure, panel, i } of panels) {
      if (panel.view === 'above') continue;
      const lowest = boundsOf(poseBody(panel.body).parts.flatMap((p) => p.shapes)).minY;
      const nearest = Math.min(...surfaces(panel.props ?? []).map((s) => Math.abs(lowest - s)));
      if (nearest > 1.5)
        floating.push(`${figure.name} panel ${i + 1}: lowest point ${lowest.toFixed(1)} cm`);
    }
    expect(floating).toEqual([]);
  });

  it('keeps every arrow inside its picture, near the body it moves', () => {
    for (const { figure, panel } of panels) {
      const body = boundsOf(poseBody(panel.body).parts.flatMap((p) => p.shapes));
      for (const arrow of panel.arrows ?? [])
        for (const [x, y] of [arrow.from, arrow.to]) {
          expect({ figure: figure.name, x: x >= body.minX - 25 && x <= body.maxX + 25 }).toEqual({
            figure: figure.name,
            x: true,
          });
          expect({ figure: figure.name, y: y >= body.minY - 10 && y <= body.maxY + 25 }).toEqual({
            figure: figure.name,
            y: true,
          });
        }
    }
  });

  it('draws each figure as a few small paths, the same every time', () => {
    for (const name of FIGURE_NAMES) {
      const drawing = figureDrawing(name)!;
      const size = drawing.groups.flatMap((g) => g.paths).join('').length;
      expect({ name, small: size > 500 && size < 16_000 }).toEqual({ name, small: true });
      expect(drawFigure(FIGURE_SET.find((f) => f.name === name)!)).toEqual(drawing);
      for (const path of drawing.groups.flatMap((g) => g.paths))
        expect(path).toMatch(/^M[-0-9. MLCZaz]+$/);
      expect(drawing.viewBox).toMatch(/^0 0 \d+(\.\d)? \d+(\.\d)?$/);
    }
  });

  it('puts a start and an end position side by side with an arrow between them', () => {
    const twoPanels = FIGURE_SET.filter((f) => f.panels.length === 2);
    expect(twoPanels.length).toBeGreaterThanOrEqual(5);
    for (const figure of twoPanels) {
      const [first, second] = figure.panels.map(drawPanel);
      expect(first.bounds.maxX - first.bounds.minX).toBeGreaterThan(0);
      expect(second.bounds.maxX - second.bounds.minX).toBeGreaterThan(0);
      expect(figureDrawing(figure.name)!.wide).toBe(true);
      expect(figureDrawing(figure.name)!.caption.length).toBeGreaterThan(0);
    }
  });
});
