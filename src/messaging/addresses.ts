import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Where a message goes, and how the portal writes it down. Addresses are patient data: they are
 * stored in full only on the patient's record; everywhere else (deliveries, the outbox, answers)
 * they are masked, and they never reach a log.
 */

export type Channel = 'email' | 'sms';
export const CHANNELS: Channel[] = ['email', 'sms'];

/** E.164: a plus, a country code and up to 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/** An example for messages that ask for a mobile number. */
export const PHONE_EXAMPLE = '+44 7700 900123';

/**
 * A mobile number as typed ("+44 7700 900123", "0044 7700-900123", "+1 (555) 010-0123") in
 * E.164 ("+447700900123"), or null when it is not one. The country code is required: a
 * national number ("07700 900123") means different numbers in different countries.
 */
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  const international = compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
  if (!/^\+\d+$/.test(international)) return null;
  const parsed = parsePhoneNumberFromString(international);
  if (!parsed || !parsed.isPossible() || !E164.test(parsed.number)) return null;
  return parsed.number;
}

/** "maria.lopez@example.org" → "m***@e***.org": enough to tell two addresses apart, no more. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '***';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${[...local][0]}***@${[...host][0] ?? ''}***${tld}`;
}

/** "+447700900123" → "+*********0123": the last four digits, as on a bank statement. */
export function maskPhone(number: string): string {
  const digits = number.replace(/\D/g, '');
  const shown = digits.length > 6 ? 4 : 2;
  return `+${'*'.repeat(Math.max(digits.length - shown, 1))}${digits.slice(-shown)}`;
}

export function maskAddress(channel: Channel, to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}

/**
 * A provider's reason for a refusal, fit to keep and show: the recipient, any email address and
 * any long run of digits (a phone number the provider echoed back) taken out, and at most 300
 * characters.
 */
export function scrubReason(reason: string, to?: string): string {
  let text = reason;
  if (to) text = text.split(to).join('[recipient]');
  text = text
    .replace(/[^\s@<>"']+@[^\s@<>"']+/g, '[address]')
    .replace(/\+?\d[\d\s().-]{5,}\d/g, (run) =>
      run.replace(/\D/g, '').length >= 6 ? '[number]' : run,
    )
    .replace(/\s+/g, ' ')
    .trim();
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}
