import { phrasesFor } from '../i18n/phrases';

/**
 * The message that carries a patient's portal link, by email or text message. It may sit on a
 * lock screen, in a shared inbox or on a family tablet, so it says only: which clinic, the
 * link, until when it works (and that it will ask for the date of birth). Never a handout's
 * title, a diagnosis or a surname; the first name only where the clinic allows it.
 */
export interface LinkMessageInput {
  clinic: { name: string; phone: string };
  url: string;
  expiresAt: Date;
  /** The clinic's time zone: the date the link stops is the date on the clinic's clock. */
  timeZone: string;
  /** The handout's language: the message is written in it. */
  language: string;
  /** Only when the clinic allows first names; null names no one. */
  firstName: string | null;
  requireDateOfBirth: boolean;
}

export interface LinkEmail {
  subject: string;
  text: string;
  html: string;
}

/**
 * "Maria L." → "Maria". A record's name is how the clinic addresses the patient; its first word
 * is taken only when it reads as a name (letters, with ’ ' or -), never an initial or a title.
 */
export function firstNameOf(displayName: string): string | null {
  const first = displayName.trim().split(/\s+/)[0] ?? '';
  return /^\p{L}[\p{L}\p{M}'’-]+$/u.test(first) && !/^(dr|mr|mrs|ms|mx|sr|sra)$/i.test(first)
    ? first
    : null;
}

function untilDate(input: LinkMessageInput, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: input.timeZone,
  }).format(input.expiresAt);
}

export function composeLinkEmail(input: LinkMessageInput): LinkEmail {
  const phrases = phrasesFor(input.language);
  const t = phrases.t;
  const clinic = input.clinic.name;
  const date = untilDate(input, phrases.locale);
  const greeting = input.firstName
    ? t('message.greeting', { name: input.firstName })
    : t('message.greetingNoName');
  const expires = [
    t('message.expires', { date }),
    ...(input.requireDateOfBirth ? [t('message.askDob')] : []),
  ].join(' ');
  const questions = input.clinic.phone
    ? t('message.questions', { clinic, phone: input.clinic.phone })
    : t('message.questionsNoPhone', { clinic });
  const notExpected = t('message.notExpected');
  const shared = t('message.shared', { clinic });
  const text = [greeting, '', shared, '', input.url, '', expires, '', questions, '', notExpected]
    .join('\n')
    .concat('\n');
  const e = escapeHtml;
  const paragraph = (s: string) => `<p style="margin:0 0 16px">${e(s)}</p>`;
  const html = `<!doctype html>
<html lang="${e(phrases.language)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(t('message.subject', { clinic }))}</title></head>
<body style="margin:0;padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1d2a33;background:#ffffff">
<p style="margin:0 0 16px;font-weight:bold">${e(clinic)}</p>
${paragraph(greeting)}
${paragraph(shared)}
<p style="margin:0 0 16px"><a href="${e(input.url)}" style="display:inline-block;padding:12px 20px;background:#1f5f8b;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold">${e(t('message.open'))}</a></p>
<p style="margin:0 0 16px;word-break:break-all;font-size:14px"><a href="${e(input.url)}" style="color:#174a6c">${e(input.url)}</a></p>
${paragraph(expires)}
${paragraph(questions)}
<p style="margin:0;font-size:14px;color:#5b6770">${e(notExpected)}</p>
</body>
</html>
`;
  return { subject: t('message.subject', { clinic }), text, html };
}

/** One short text message: the clinic, the link and until when it works. */
export function composeLinkText(input: LinkMessageInput): string {
  const phrases = phrasesFor(input.language);
  const values = {
    clinic: input.clinic.name,
    link: input.url,
    date: untilDate(input, phrases.locale),
  };
  return input.firstName
    ? phrases.t('message.textWithName', { ...values, name: input.firstName })
    : phrases.t('message.text', values);
}

function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
