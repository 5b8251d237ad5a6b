import { BadRequestException, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';

/** Deeper than any form or JSON body this app takes; deeper still overflows the validators. */
export const MAX_DEPTH = 32;

/**
 * Runs after the body is parsed and before any guard, pipe or strategy reads it: refuses a NUL
 * character anywhere in the body or the query (PostgreSQL cannot store one in text) and
 * nesting deeper than 32 levels, with a 400 that names the field.
 */
@Injectable()
export class InputShapeMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const problem = shapeProblem(req.body, 'body') ?? shapeProblem(req.query, 'query');
    if (problem) throw new BadRequestException([problem]);
    next();
  }
}

/** The first problem in a parsed value, naming its path ("blocks[2].params.note: …"). */
export function shapeProblem(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string')
    return value.includes('\u0000') ? `${path}: must not contain a NUL character` : undefined;
  if (value === null || typeof value !== 'object') return undefined;
  if (depth >= MAX_DEPTH) return `${path}: is nested too deeply (at most ${MAX_DEPTH} levels)`;
  const entries = Array.isArray(value)
    ? value.map((item, i) => [`${path}[${i}]`, item] as const)
    : Object.entries(value).map(([key, item]) => [`${path}.${key}`, item] as const);
  for (const [at, item] of entries) {
    if (at.includes('\u0000')) return `${path}: a field name must not contain a NUL character`;
    const problem = shapeProblem(item, at, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}
