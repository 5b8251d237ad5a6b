import {
  BadRequestException,
  ConflictException,
  HttpException,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Response } from 'express';

export type FormOutcome<T> =
  | { ok: true; value: T }
  | {
      ok: false;
      errors: string[];
      /** the refusal's own status: 400, 409 or 413 */ status: number;
    };

/**
 * Runs a form's action and turns a refusal the person can fix (400, 409, 413) into messages for
 * the re-rendered form. Anything else propagates to the error filter. `labels` turn the API's
 * field names into the labels the person sees ("dateOfBirth: …" → "Date of birth: …").
 */
export async function submitForm<T>(
  action: () => Promise<T>,
  labels: Record<string, string> = {},
): Promise<FormOutcome<T>> {
  try {
    return { ok: true, value: await action() };
  } catch (error) {
    const fixable =
      error instanceof BadRequestException ||
      error instanceof ConflictException ||
      error instanceof PayloadTooLargeException;
    if (!fixable) throw error;
    return {
      ok: false,
      errors: messagesOf(error as HttpException).map((m) => labelled(m, labels)),
      status: (error as HttpException).getStatus(),
    };
  }
}

/** "dateOfBirth: must not be in the future" → "Date of birth: must not be in the future". */
export function labelled(message: string, labels: Record<string, string>): string {
  const match = /^([A-Za-z][\w.]*): (.*)$/s.exec(message);
  const label = match && Object.hasOwn(labels, match[1]) ? labels[match[1]] : undefined;
  return label ? `${label}: ${match![2]}` : message;
}

export function messagesOf(error: HttpException): string[] {
  const body = error.getResponse();
  const message =
    typeof body === 'string' ? body : (body as { message?: string | string[] }).message;
  return Array.isArray(message) ? message : [message ?? error.message];
}

/** Picks the named fields of a submitted form, leaving out `_csrf` and anything else. */
export function pick(body: Record<string, unknown>, fields: string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
}

/**
 * Answers a submitted form: a redirect (303) to `next` when it worked; otherwise the page
 * again, drawn by `again` with the messages, under the refusal's own status.
 */
export async function answerForm(
  res: Response,
  outcome: FormOutcome<unknown>,
  next: string,
  again: (errors: string[]) => Promise<string>,
): Promise<void> {
  if (outcome.ok) return res.redirect(303, next);
  res
    .status(outcome.status)
    .type('html')
    .send(await again(outcome.errors));
}
