/**
 * Row cursors. A version never changes, so the last row shown (its row number) says exactly
 * where the next page starts, in any sort. The cursor carries that row, the version and a
 * fingerprint of the query (dataset, filters, q, sort; not fields, limit, count or format,
 * which may change between pages), plus a check over all three that catches cursors cut
 * short, mistyped or edited. As for catalog cursors (search/cursor.ts), the check is not a
 * secret: a cursor only positions a reader inside public data.
 */
import { DatarunError, problem } from '../errors.ts';
import { sha256 } from '../publish/canonical-hash.ts';
import type { RowQuery } from './row-query-params.ts';

const CHECK_SALT = 'datarun api v1 row cursor';

/** What a cursor is bound to besides its query. */
export type CursorScope = { code: string; version: number };

function check(payload: string): string {
  return sha256(`${CHECK_SALT}\n${payload}`).slice(0, 16);
}

/** The query's fingerprint: the same for the same rows in the same order. */
export function rowQueryFingerprint(code: string, query: RowQuery): string {
  const filters = query.filters
    .map((filter) => [filter.param, filter.raw])
    .sort(([a], [b]) => (a! < b! ? -1 : a! > b! ? 1 : 0));
  return sha256({
    code,
    filters,
    q: query.q,
    sort: query.sort.map((key) => `${key.desc ? '-' : ''}${key.column}`),
  }).slice(0, 16);
}

/** The cursor of the page after `row`. */
export function encodeRowCursor(scope: CursorScope, query: RowQuery, row: number): string {
  const payload = Buffer.from(
    JSON.stringify({ v: scope.version, f: rowQueryFingerprint(scope.code, query), r: row }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${check(payload)}`;
}

const cursorProblem = (message: string) =>
  new DatarunError(problem('invalid-field', `cursor: ${message}`, { field: 'cursor' }));

/**
 * The row after which the page starts, from a cursor given out for this query and version of
 * a table of `rowCount` rows; else a problem naming the `cursor` parameter.
 */
export function decodeRowCursor(
  cursor: string,
  scope: CursorScope,
  query: RowQuery,
  rowCount: number,
): number {
  const malformed = () =>
    cursorProblem(
      'not one this API gave out, or it was altered; pass `next` from the previous answer unchanged, or start again without cursor',
    );
  const [payload, mac, ...rest] = cursor.split('.');
  if (!payload || !mac || rest.length > 0 || check(payload) !== mac) throw malformed();
  let decoded: { v?: unknown; f?: unknown; r?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    throw malformed();
  }
  if (typeof decoded !== 'object' || decoded === null) throw malformed();
  if (decoded.v !== scope.version)
    throw cursorProblem(
      `made for version ${String(decoded.v)} of this dataset, and this query reads version ${scope.version}: pass version=${String(decoded.v)} to go on with it, or start again without cursor`,
    );
  if (decoded.f !== rowQueryFingerprint(scope.code, query))
    throw cursorProblem(
      'belongs to another query: keep the filters, q and sort as they were when paging, or start again without cursor',
    );
  const row = decoded.r;
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 0 || row >= rowCount)
    throw malformed();
  return row;
}
