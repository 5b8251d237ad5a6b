import { BadRequestException, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { Request } from 'express';

/** The query string as FHIR reads it: ordered name/value pairs, repeats kept. */
export type QueryPairs = [name: string, value: string][];

/**
 * Splits a raw query string into pairs. Percent-escapes are decoded but a '+' stays a '+', so
 * a time zone such as `+02:00` survives a client that did not escape it.
 */
export function queryPairs(rawQuery: string): QueryPairs {
  return rawQuery
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const eq = part.indexOf('=');
      const rawName = eq < 0 ? part : part.slice(0, eq);
      const name = decode(rawName, rawName);
      return [name, decode(eq < 0 ? '' : part.slice(eq + 1), name)];
    });
}

function decode(text: string, parameter: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new BadRequestException([`${shortName(parameter)}: is not valid percent-encoding`]);
  }
}

/** A 400 naming the parameter at fault (never quoting its value, which may be an MRN). */
export function invalid(name: string, problem: string): BadRequestException {
  return new BadRequestException([`${shortName(name)}: ${problem}`]);
}

/** A parameter's name as quoted back in an error: never a long or odd string. */
export function shortName(name: string): string {
  const clean = name.replace(/[^\w:.-]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean || '(empty name)';
}

export function rawQueryOf(req: Request): string {
  const url = req.originalUrl ?? req.url;
  const at = url.indexOf('?');
  return at < 0 ? '' : url.slice(at + 1);
}

/** The request's query as FHIR pairs (see `queryPairs`). */
export const FhirQuery = createParamDecorator((_data: unknown, ctx: ExecutionContext): QueryPairs =>
  queryPairs(rawQueryOf(ctx.switchToHttp().getRequest<Request>())),
);
