import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, IsString, MaxLength, ValidateBy } from 'class-validator';
import { normalisePhone, PHONE_EXAMPLE } from './addresses';

type Clearing = { clearable?: boolean };

/** "" means "none" where a field may be cleared (a patient's record), else it stays "" and is refused. */
const blank = (value: unknown, clearable: boolean) =>
  clearable && typeof value === 'string' && value.trim() === '' ? null : value;

/**
 * An optional email address, trimmed, checked as the users' addresses are (class-validator). With `clearable`, null or "" removes it
 * (stored as null).
 */
export function IsEmailAddress({ clearable = false }: Clearing = {}): PropertyDecorator {
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => {
      const v = blank(value, clearable);
      return typeof v === 'string' ? v.trim() : v;
    }),
    IsString({ message: 'must be an email address, such as name@example.org' }),
    MaxLength(254, { message: 'must be at most 254 characters' }),
    IsEmail({}, { message: 'must be an email address, such as name@example.org' }),
  );
}

/**
 * An optional mobile number, as typed with its country code and turned into E.164
 * ("+44 7700 900123" → "+447700900123"). With `clearable`, null or "" removes it.
 */
export function IsMobileNumber({ clearable = false }: Clearing = {}): PropertyDecorator {
  const message = `must be a mobile number with its country code, such as ${PHONE_EXAMPLE}`;
  return applyDecorators(
    IsOptional(),
    Transform(({ value }: { value: unknown }) => {
      const v = blank(value, clearable);
      return typeof v === 'string' ? (normalisePhone(v) ?? v) : v;
    }),
    // Normalised above: what is left is E.164 that a phone number can have, or refused.
    ValidateBy({
      name: 'isMobileNumber',
      validator: {
        validate: (value) => typeof value === 'string' && normalisePhone(value) === value,
        defaultMessage: () => message,
      },
    }),
  );
}
