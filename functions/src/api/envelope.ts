import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { DatarunError } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';

/** The success envelope every API answer uses. */
export function ok<T>(c: Context, data: T, next?: string) {
  return c.json({ ok: true as const, data, ...(next && { next }) });
}

const STATUS_BY_CODE: Partial<Record<Problem['code'], ContentfulStatusCode>> = {
  'not-found': 404,
  conflict: 409,
};

/** The error envelope: status, a message, and the problems behind it. */
export function fail(
  c: Context,
  status: ContentfulStatusCode,
  error: string,
  errors: Problem[] = [],
) {
  return c.json({ ok: false as const, status, error, errors }, status);
}

/** Turns anything thrown by a route into the error envelope, never leaking a stack trace. */
export function toHttp(c: Context, error: unknown) {
  if (error instanceof DatarunError) {
    const status = STATUS_BY_CODE[error.code] ?? 400;
    return fail(c, status, error.problems[0]!.message, [...error.problems]);
  }
  console.error(error);
  return fail(c, 500, 'internal error');
}
