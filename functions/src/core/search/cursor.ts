import { DatarunError, problem } from '../errors.ts';
import { sha256 } from '../publish/canonical-hash.ts';
import { FACETS, isSortKey, resolveSort } from './catalog-search.ts';
import type { CatalogQuery, SortKey } from './catalog-search.ts';
import { normalizeQuery } from './search-text.ts';

/**
 * Paging cursors. A cursor holds the key of the last item shown and a fingerprint of the query
 * it belongs to, so it cannot be replayed against another query, plus a check over both that
 * catches cursors cut short, mistyped or edited by hand. The check is not a secret: cursors are
 * opaque, not private, and only ever position a reader inside public data.
 */

const CHECK_SALT = 'datarun api v1 cursor';

function check(payload: string): string {
  return sha256(`${CHECK_SALT}\n${payload}`).slice(0, 16);
}

/** What a query asks for, reduced to a short hash; page size is left out, so it may change. */
export function queryFingerprint(query: CatalogQuery): string {
  const filters = Object.fromEntries(
    FACETS.flatMap((facet) => {
      const values = [...new Set(query.filters[facet] ?? [])].sort();
      return values.length > 0 ? [[facet, values]] : [];
    }),
  );
  return sha256({ q: normalizeQuery(query.q ?? ''), filters, sort: resolveSort(query) }).slice(
    0,
    16,
  );
}

/** The cursor of the page after the item with `key`. */
export function encodeCursor(query: CatalogQuery, key: SortKey): string {
  const payload = Buffer.from(
    JSON.stringify({ f: queryFingerprint(query), k: key }),
    'utf8',
  ).toString('base64url');
  return `${payload}.${check(payload)}`;
}

const cursorProblem = (message: string) =>
  new DatarunError(problem('invalid-field', message, { field: 'cursor' }));

/** Reads a cursor given out for `query`, or throws a problem naming the `cursor` parameter. */
export function decodeCursor(cursor: string, query: CatalogQuery): SortKey {
  const malformed = () =>
    cursorProblem(
      'cursor is not one this API gave out, or it was altered; pass `next` from the previous answer unchanged, or start again without cursor',
    );
  const [payload, mac, ...rest] = cursor.split('.');
  if (!payload || !mac || rest.length > 0 || check(payload) !== mac) throw malformed();
  let decoded: { f?: unknown; k?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as typeof decoded;
  } catch {
    throw malformed();
  }
  if (decoded?.f !== queryFingerprint(query))
    throw cursorProblem(
      'cursor belongs to another query: keep q, the filters and sort as they were when paging, or start again without cursor',
    );
  if (!isSortKey(resolveSort(query), decoded.k)) throw malformed();
  return decoded.k;
}
