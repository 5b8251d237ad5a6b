import { drawFigure, FigureDrawing } from './draw';
import { FIGURE_SET } from './figure-set';

export type { FigureDrawing };

/** The names blocks may place with `[[figure:<name>]]`, in the set's order. */
export const FIGURE_NAMES: readonly string[] = FIGURE_SET.map((f) => f.name);

const drawings = new Map<string, FigureDrawing>();

/** A figure of the set, drawn once and kept (they are few and never change while running). */
export function figureDrawing(name: string): FigureDrawing | undefined {
  const cached = drawings.get(name);
  if (cached) return cached;
  const def = FIGURE_SET.find((f) => f.name === name);
  if (!def) return undefined;
  const drawing = drawFigure(def);
  drawings.set(name, drawing);
  return drawing;
}
