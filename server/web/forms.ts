/**
 * How a page form is handled, the same way on every page (see docs/web.md «Формы»): the form posts
 * `application/x-www-form-urlencoded` with its CSRF token; the handler parses the fields with a zod schema; on an
 * error it answers 400 with the same form, each field's message beside it and what was typed kept; on success it
 * answers 303 to a page (reloading never posts twice), with a one-line notice carried over in a cookie.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';

/** What a browser posts: every field a string, a repeated field (checkboxes) a list of strings. */
export type FormFields = Record<string, string | string[]>;

/** The field → Russian message map a form shows beside its fields and in its error summary. */
export type FormErrors = Record<string, string>;

export type FormResult<T> = { ok: true; data: T } | { ok: false; errors: FormErrors; values: FormFields };

/** The posted fields as they came (for re-showing them); anything that is not a form gives an empty set. */
export function formFields(body: unknown): FormFields {
  if (typeof body !== 'object' || body === null) return {};
  const fields: FormFields = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value === 'string') fields[name] = value;
    else if (Array.isArray(value)) fields[name] = value.filter((v): v is string => typeof v === 'string');
  }
  return fields;
}

/** zod's issues as one message per field (the first one), keyed by the field's dotted path. */
export function fieldErrors(error: z.ZodError): FormErrors {
  const errors: FormErrors = {};
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.') || '_form';
    errors[field] ??= issue.message;
  }
  return errors;
}

/** Parses a posted form with `schema`; on failure returns the errors and the fields to show again. */
export function parseForm<S extends z.ZodType>(schema: S, body: unknown): FormResult<z.output<S>> {
  const values = formFields(body);
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: fieldErrors(result.error), values };
}

/** A repeated field as a list, whether the browser sent it once, several times, or not at all. */
export function listField(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const FLASH_COOKIE = 'pb_notice';

/** Answers 303 to `location` with a notice («Черновик сохранён») shown once on the page it leads to. */
export function redirectWithNotice(reply: FastifyReply, location: string, notice?: string): FastifyReply {
  if (notice) reply.setCookie(FLASH_COOKIE, encodeURIComponent(notice), { path: '/', httpOnly: true, sameSite: 'lax' });
  return reply.redirect(location, 303);
}

/** The notice a redirect left for this page, cleared so it shows once. */
export function takeNotice(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const raw = request.cookies[FLASH_COOKIE];
  if (raw === undefined) return undefined;
  reply.clearCookie(FLASH_COOKIE, { path: '/' });
  try {
    return decodeURIComponent(raw).slice(0, 300);
  } catch {
    return undefined;
  }
}

/**
 * Where to go after signing in: only a path of this bank (`/my`, not `//evil.example` or `https://…`), so the
 * link in a letter cannot send a person elsewhere.
 */
export function safeNext(next: unknown, fallback = '/'): string {
  if (typeof next !== 'string' || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\'))
    return fallback;
  return next;
}
