import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';

/**
 * The one validation pipe: unknown fields are refused, payloads become DTO instances, and each
 * message names the field at fault (`note: must be at most 2000 characters`).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new BadRequestException(flatten(errors)),
  });
}

/** The same rules outside HTTP (the CLI): returns the DTO instance or throws the pipe's 400. */
export function validateDto<T extends object>(type: new () => T, plain: unknown): T {
  const instance = plainToInstance(type, plain);
  const errors = validateSync(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
  });
  if (errors.length > 0) throw new BadRequestException(flatten(errors));
  return instance;
}

function flatten(errors: ValidationError[], parent = ''): string[] {
  return errors.flatMap((error) => {
    const path = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((text) =>
      prefix(path, text, error.property),
    );
    return [...own, ...flatten(error.children ?? [], path)];
  });
}

/** class-validator starts messages with the property name; we start them with the full path. */
function prefix(path: string, text: string, property: string): string {
  let rest = text.startsWith(property) ? text.slice(property.length).replace(/^:?\s*/, '') : text;
  if (rest.startsWith('property ')) rest = rest.replace(/^property \S+ /, '');
  return `${path}: ${rest}`;
}

/**
 * Partial updates: an optional field may be left out, but not sent as null unless it may be
 * empty (optional decorators let null through, and the database would refuse it later).
 */
export function refuseNulls(dto: object, nullable: string[] = []): void {
  const problems = Object.entries(dto)
    .filter(([key, value]) => value === null && !nullable.includes(key))
    .map(([key]) => `${key}: must not be null`);
  if (problems.length > 0) throw new BadRequestException(problems);
}
