import { registerDecorator, ValidationOptions } from 'class-validator';

/** The years a date in this portal can fall in (PostgreSQL and people alike). */
export const FIRST_YEAR = 1900;
export const LAST_YEAR = 2999;

/** PostgreSQL's integer: the largest revision, version or page number a route takes. */
export const MAX_INT = 2_147_483_647;

/** A real calendar date as YYYY-MM-DD from 1900 to 2999, e.g. rejects 2026-02-30 and 0000-01-01. */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const year = Number(value.slice(0, 4));
  if (year < FIRST_YEAR || year > LAST_YEAR) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** A date of birth: a real date, not in the future, not before 1900. */
export function IsBirthDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isBirthDate',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) =>
          isCalendarDate(value) && value >= '1900-01-01' && value <= todayUtc(),
        defaultMessage: (args) =>
          isCalendarDate(args?.value)
            ? `${args?.property}: must not be in the future or before 1900`
            : `${args?.property}: must be a date as YYYY-MM-DD`,
      },
    });
}

/** A date as YYYY-MM-DD that exists in the calendar. */
export function IsCalendarDate(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName,
      options,
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args) =>
          `${args?.property}: must be a real date as YYYY-MM-DD, from ${FIRST_YEAR} to ${LAST_YEAR}`,
      },
    });
}
