/**
 * Filters and `q` compiled into matchers over a ColumnTable. Most operators become a set of
 * ranks of one column, and thus slices of that column's index: their rows are known and
 * counted without looking at any row. `__contains` and `q` look at each distinct value once
 * (never at each row) and test rows by their dictionary code. Values are compared as data:
 * no regular expression or code is ever built from them, so `.*` or `'; DROP` are plain text.
 */
import type { ColumnOrder } from './column-order.ts';
import type { ColumnTable, TextColumn } from './column-table.ts';
import type { RowFilter } from './row-query-params.ts';
import { foldText } from './text-order.ts';

/** Rows a filter lets through. */
export type Matcher = {
  test(row: number): boolean;
  /** Present when the index gives the rows: they are `rows[from, to)` for each range. */
  slices?: {
    rows: Int32Array;
    ranges: readonly (readonly [number, number])[];
    count: number;
    /** Whether the slices, read in turn, are in row order. */
    inRowOrder: boolean;
  };
};

/** Beyond this many matching distinct values, `__contains` tests rows instead of listing slices. */
const MAX_LISTED_VALUES = 4096;

/** The matcher of one filter. */
export function filterMatcher(table: ColumnTable, filter: RowFilter): Matcher {
  const column = table.column(filter.column)!;
  if (filter.operator === 'contains')
    return containsMatcher(column as TextColumn, String(filter.values[0]));
  const order = column.order();
  const d = order.distinct;
  const [value] = filter.values;
  const below = (v: (typeof filter.values)[number]) => (v === null ? d : column.rankOf(v, false));
  const upTo = (v: (typeof filter.values)[number]) => (v === null ? d + 1 : column.rankOf(v, true));
  switch (filter.operator) {
    case 'eq':
      return rankMatcher(order, [[below(value!), upTo(value!)]]);
    case 'ne':
      return rankMatcher(
        order,
        value === null
          ? [[0, d]]
          : [
              [0, below(value!)],
              [upTo(value!), d],
            ],
      );
    case 'in':
      return rankMatcher(
        order,
        filter.values.map((v) => [below(v), upTo(v)]),
      );
    case 'gt':
      return rankMatcher(order, [[upTo(value!), d]]);
    case 'gte':
      return rankMatcher(order, [[below(value!), d]]);
    case 'lt':
      return rankMatcher(order, [[0, below(value!)]]);
    case 'lte':
      return rankMatcher(order, [[0, upTo(value!)]]);
    case 'startswith':
      return rankMatcher(order, [(column as TextColumn).prefixRanks(String(value))]);
  }
}

/**
 * The matcher of `q`: every word must be found, case and width folded, in some text column
 * (type string) of the row.
 */
export function textSearchMatcher(table: ColumnTable, words: readonly string[]): Matcher {
  const columns = table.columns.filter(
    (column): column is TextColumn => column.kind === 'text' && column.type === 'string',
  );
  const perWord = words.map((word) => {
    const folded = foldText(word);
    return columns.flatMap((column) => {
      const mask = valueMask(column.folded(), (value) => value.includes(folded));
      return mask ? [{ codes: column.codes, mask }] : [];
    });
  });
  if (perWord.some((hits) => hits.length === 0)) return NOTHING;
  return {
    test(row) {
      for (const hits of perWord) {
        let found = false;
        for (const { codes, mask } of hits) {
          const code = codes[row]!;
          if (code >= 0 && mask[code] === 1) {
            found = true;
            break;
          }
        }
        if (!found) return false;
      }
      return true;
    },
  };
}

const NOTHING: Matcher = {
  test: () => false,
  slices: { rows: new Int32Array(0), ranges: [], count: 0, inRowOrder: true },
};

function containsMatcher(column: TextColumn, text: string): Matcher {
  const mask = valueMask(column.values, (value) => value.includes(text));
  if (!mask) return NOTHING;
  let listed = 0;
  for (let code = 0; code < mask.length && listed <= MAX_LISTED_VALUES; code++)
    listed += mask[code]!;
  if (listed <= MAX_LISTED_VALUES) {
    const order = column.order();
    const ranks: [number, number][] = [];
    for (let code = 0; code < mask.length; code++)
      if (mask[code] === 1) {
        const rank = column.rankOf(column.values[code]!, false);
        ranks.push([rank, rank + 1]);
      }
    return rankMatcher(order, ranks);
  }
  const codes = column.codes;
  return {
    test(row) {
      const code = codes[row]!;
      return code >= 0 && mask[code] === 1;
    },
  };
}

/** A 0/1 mark per distinct value, or undefined when no value passes. */
function valueMask(
  values: readonly string[],
  passes: (value: string) => boolean,
): Uint8Array | undefined {
  const mask = new Uint8Array(values.length);
  let any = false;
  for (let code = 0; code < values.length; code++)
    if (passes(values[code]!)) {
      mask[code] = 1;
      any = true;
    }
  return any ? mask : undefined;
}

/** Rows whose rank is in one of the ranges [from, to) of ranks. */
function rankMatcher(order: ColumnOrder, rankRanges: [number, number][]): Matcher {
  const merged: [number, number][] = [];
  for (const range of rankRanges.filter(([from, to]) => from < to).sort((a, b) => a[0] - b[0])) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  const { ranks, rows, starts } = order;
  const ranges = merged.map(([from, to]) => [starts[from]!, starts[to]!] as const);
  const count = ranges.reduce((sum, [from, to]) => sum + to - from, 0);
  const bounds = Int32Array.from(merged.flat());
  const test =
    merged.length <= 4
      ? (row: number) => {
          const rank = ranks[row]!;
          for (let i = 0; i < bounds.length; i += 2)
            if (rank >= bounds[i]! && rank < bounds[i + 1]!) return true;
          return false;
        }
      : (row: number) => {
          // The last range starting at or before the rank is the only one that can hold it.
          const rank = ranks[row]!;
          let lo = 0;
          let hi = merged.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (bounds[2 * mid]! <= rank) lo = mid + 1;
            else hi = mid;
          }
          return lo > 0 && rank < bounds[2 * lo - 1]!;
        };
  // One rank's rows are in row order; several ranks' rows interleave.
  const inRowOrder = merged.every(([from, to]) => to - from === 1) && merged.length <= 1;
  return { test, slices: { rows, ranges, count, inRowOrder } };
}
