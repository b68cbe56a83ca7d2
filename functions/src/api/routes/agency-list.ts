import type { Context } from 'hono';
import { ok } from '../envelope.ts';
import type { ApiDeps } from '../app.ts';

/** `GET /api/v1/agencies`: every agency. */
export async function agencyList(c: Context, { stores }: ApiDeps) {
  return ok(c, await stores.agencies.list());
}
