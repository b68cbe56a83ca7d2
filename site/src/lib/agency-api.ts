/**
 * Calls to the agency API from the browser: JSON in, the API's envelope out, and the two ways
 * a call fails without one (nothing answered; something other than the API answered) told apart
 * so pages can say which.
 */

/** One problem of a refused call, as the API names it. */
export type Problem = { code: string; message: string; field?: string };

/** What a call came to. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T; next?: string }
  | {
      ok: false;
      /** The HTTP status; 0 when nothing answered. */
      status: number;
      error: string;
      errors: Problem[];
      /** `unreachable`: no answer at all; `unavailable`: an answer without the API's envelope. */
      failure?: 'unreachable' | 'unavailable';
    };

type Envelope<T> =
  | { ok: true; data: T; next?: string }
  | { ok: false; status: number; error: string; errors?: Problem[] };

/** Sends one call; `token` goes in the Authorization header, `body` as JSON. */
export async function callApi<T>(
  method: 'GET' | 'POST',
  path: string,
  options: { token?: string | undefined; body?: unknown } = {},
): Promise<ApiResult<T>> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (method === 'POST') headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      cache: 'no-store',
      ...(method === 'POST' && { body: JSON.stringify(options.body ?? {}) }),
    });
  } catch {
    return { ok: false, status: 0, error: '', errors: [], failure: 'unreachable' };
  }
  let answer: Envelope<T> | undefined;
  if ((response.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      answer = (await response.json()) as Envelope<T>;
    } catch {
      answer = undefined;
    }
  }
  // API Gateway's JWT authorizer answers a 401 of its own, without the envelope: still a
  // sign-in that is missing or over, not an API that is absent.
  if (response.status === 401 && (!answer || typeof answer.ok !== 'boolean'))
    return { ok: false, status: 401, error: 'Unauthorized', errors: [] };
  if (!answer || typeof answer !== 'object' || typeof answer.ok !== 'boolean')
    return { ok: false, status: response.status, error: '', errors: [], failure: 'unavailable' };
  if (answer.ok)
    return {
      ok: true,
      status: response.status,
      data: answer.data,
      ...(answer.next && { next: answer.next }),
    };
  return {
    ok: false,
    status: response.status,
    error: answer.error,
    errors: answer.errors ?? [],
  };
}
