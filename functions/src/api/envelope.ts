import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import * as z from 'zod';
import { DatarunError } from '../core/errors.ts';
import type { Problem, ProblemCode } from '../core/errors.ts';

/** The success envelope every API answer uses; `next` continues a paged list. */
export function okEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({
    ok: z.literal(true),
    data,
    next: z.string().optional().describe('Opaque cursor of the next page; absent on the last page'),
  });
}

/** The error envelope: the status again, a message a person can act on, and every problem. */
export const ErrorEnvelopeSchema = z.object({
  ok: z.literal(false),
  status: z.number().int(),
  error: z.string(),
  errors: z.array(
    z.object({
      code: z.string().describe('What went wrong, for programs: invalid-field, not-found, …'),
      message: z.string(),
      field: z.string().optional().describe('The parameter the problem is about'),
    }),
  ),
});

const MARKUP = /[<>&\u2028\u2029]/g;

/**
 * Writes JSON with `<`, `>`, `&` and the JavaScript line separators escaped. The data parsed
 * is the same, but catalog text such as `</script>` cannot end a script element even where an
 * answer is pasted into a page.
 */
export function writeJson(c: Context, value: unknown, status: ContentfulStatusCode = 200) {
  const text = JSON.stringify(value).replace(
    MARKUP,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return c.body(text, status, { 'Content-Type': 'application/json' });
}

/** Writes the success envelope. */
export function ok(c: Context, data: unknown, next?: string, status: ContentfulStatusCode = 200) {
  return writeJson(c, { ok: true, data, ...(next && { next }) }, status);
}

/** Writes the error envelope; errors are never cached. */
export function fail(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  errors: readonly Problem[] = [],
) {
  c.header('Cache-Control', 'no-store');
  return writeJson(c, { ok: false, status, error, errors }, status);
}

/** Problems a client caused or can wait out; any other code is our fault and answers 500. */
const STATUS_BY_CODE: Partial<Record<ProblemCode, ContentfulStatusCode>> = {
  'invalid-field': 400,
  'invalid-value': 400,
  'unknown-reference': 400,
  'not-found': 404,
  unauthorized: 401,
  forbidden: 403,
  'rate-limited': 429,
  conflict: 409,
  storage: 503,
};

/** Turns anything thrown by a route into the error envelope, never leaking a stack trace. */
export function toHttp(c: Context, error: unknown) {
  const status = error instanceof DatarunError ? STATUS_BY_CODE[error.code] : undefined;
  if (error instanceof DatarunError && status)
    return fail(c, status, error.problems[0]!.message, error.problems);
  console.error(error);
  return fail(c, 500, 'internal error; the problem has been logged');
}
