/**
 * Runs a row query on a ColumnTable. Rows come in the order of `sort`, ties (and no sort) by
 * row number; a page starts right after the cursor's row, found by its position in that
 * order (an array lookup, no scan of earlier pages). Two ways to fill a page, chosen by cost:
 *
 * - walk the order from the cursor, testing each row, when matches are frequent;
 * - take the rows of the most selective indexed filter, put them in order (a binary search
 *   finds the cursor among them), and test only those, when matches are rare.
 */
import type { ColumnTable } from './column-table.ts';
import { decodeRowCursor, encodeRowCursor } from './row-cursor.ts';
import type { CursorScope } from './row-cursor.ts';
import { filterMatcher, textSearchMatcher } from './row-filter.ts';
import type { Matcher } from './row-filter.ts';
import type { RowQuery } from './row-query-params.ts';

/** How many rows match: counted, or estimated from a sample when `exact` is false. */
export type RowTotal = { value: number; exact: boolean };

/** One page of a row query: the row numbers in answer order, the total, and the next cursor. */
export type RowPage = { rows: Int32Array; total?: RowTotal; next?: string };

/** Rows tested to estimate a total. */
const SAMPLE_SIZE = 1000;

type Slices = NonNullable<Matcher['slices']>;

/** Runs `query` on the table of `scope`'s version; a bad cursor throws a problem naming it. */
export function runRowQuery(table: ColumnTable, query: RowQuery, scope: CursorScope): RowPage {
  const n = table.rowCount;
  const matchers = [
    ...query.filters.map((filter) => filterMatcher(table, filter)),
    ...(query.q.length > 0 ? [textSearchMatcher(table, query.q)] : []),
  ];
  const after =
    query.cursor === undefined ? undefined : decodeRowCursor(query.cursor, scope, query, n);
  if (matchers.some((m) => m.slices?.count === 0))
    return { rows: new Int32Array(0), ...(query.count !== 'none' && { total: exactly(0) }) };

  const driver = matchers
    .filter((m) => m.slices)
    .reduce<Matcher | undefined>(
      (best, m) => (best && best.slices!.count <= m.slices!.count ? best : m),
      undefined,
    );
  const others = matchers.filter((m) => m !== driver);
  const order = query.sort.length > 0 ? table.sortOrder(query.sort) : undefined;
  const rowAt = order ? (p: number) => order.rows[p]! : (p: number) => p;
  const start = after === undefined ? 0 : (order ? order.positions[after]! : after) + 1;
  const want = query.offset + query.limit + 1;

  // Positions (in the answer's order) to visit, or every position from `start` on.
  let positions: Int32Array | undefined;
  let tests = matchers;
  if (driver && candidatesCheaper(driver.slices!, matchers, n, want, !order)) {
    positions = orderedCandidates(driver.slices!, order?.positions);
    tests = others;
  }
  const found: number[] = [];
  let reachedEnd = true;
  const visit = (row: number): boolean => {
    for (const m of tests) if (!m.test(row)) return true;
    found.push(row);
    return found.length < want;
  };
  if (positions) {
    for (let i = lowerBoundInt(positions, start); i < positions.length; i++)
      if (!visit(rowAt(positions[i]!))) {
        reachedEnd = false;
        break;
      }
  } else {
    for (let p = start; p < n; p++)
      if (!visit(rowAt(p))) {
        reachedEnd = false;
        break;
      }
  }

  const page = found.slice(query.offset, query.offset + query.limit);
  const more = found.length === want;
  const next = more ? encodeRowCursor(scope, query, page.at(-1)!) : undefined;
  let total: RowTotal | undefined;
  if (query.count !== 'none') {
    if (reachedEnd && start === 0) total = exactly(found.length);
    else if (others.length === 0 && (driver || matchers.length === 0))
      total = exactly(driver ? driver.slices!.count : n);
    else if (query.count === 'exact') total = exactly(countAll(driver, others, n));
    else total = estimate(driver, others, n, page.length + (more ? 1 : 0));
  }
  return { rows: Int32Array.from(page), ...(total && { total }), ...(next && { next }) };
}

function exactly(value: number): RowTotal {
  return { value, exact: true };
}

/**
 * Whether putting the driver's rows in order costs less than walking the whole order until
 * the page is full, guessing how often rows match by taking the indexed filters as independent.
 */
function candidatesCheaper(
  slices: Slices,
  matchers: readonly Matcher[],
  n: number,
  want: number,
  rowOrder: boolean,
): boolean {
  const m = slices.count;
  let matches = n;
  for (const matcher of matchers) if (matcher.slices) matches *= matcher.slices.count / n;
  const walk = Math.min(n, (want * n) / Math.max(matches, 1));
  const ready = rowOrder && slices.inRowOrder && slices.ranges.length === 1;
  const candidates = ready ? Math.log2(m + 1) + want : m * (Math.log2(m + 1) + 2);
  return candidates < walk;
}

/**
 * The driver's rows as positions in the answer's order (row numbers without a sort), sorted.
 * A single slice already in row order is used as it is, without copying.
 */
function orderedCandidates(slices: Slices, positionOf: Int32Array | undefined): Int32Array {
  const { rows, ranges, count } = slices;
  if (!positionOf && slices.inRowOrder && ranges.length === 1)
    return rows.subarray(ranges[0]![0], ranges[0]![1]);
  const out = new Int32Array(count);
  let k = 0;
  for (const [from, to] of ranges)
    for (let i = from; i < to; i++) out[k++] = positionOf ? positionOf[rows[i]!]! : rows[i]!;
  return out.sort();
}

function lowerBoundInt(sorted: Int32Array, target: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every matching row counted: the driver's rows, or every row, tested. */
function countAll(driver: Matcher | undefined, others: readonly Matcher[], n: number): number {
  let count = 0;
  const test = (row: number) => {
    for (const m of others) if (!m.test(row)) return;
    count++;
  };
  if (driver) {
    const { rows, ranges } = driver.slices!;
    for (const [from, to] of ranges) for (let i = from; i < to; i++) test(rows[i]!);
  } else for (let row = 0; row < n; row++) test(row);
  return count;
}

/**
 * The total estimated from up to SAMPLE_SIZE rows spread evenly over the driver's rows (or all
 * rows): exact when the sample is all of them. Never below what the page has already seen.
 */
function estimate(
  driver: Matcher | undefined,
  others: readonly Matcher[],
  n: number,
  seen: number,
): RowTotal {
  const population = driver ? driver.slices!.count : n;
  const size = Math.min(population, SAMPLE_SIZE);
  const rowOf = driver ? sampler(driver.slices!) : (index: number) => index;
  let hits = 0;
  for (let k = 0; k < size; k++) {
    const row = rowOf(Math.floor((k * population) / size));
    if (others.every((m) => m.test(row))) hits++;
  }
  const exact = size === population;
  const value = size === 0 ? 0 : Math.round((hits * population) / size);
  return { value: exact ? value : Math.max(value, seen), exact };
}

/** The row at an index of the slices read in turn; indexes must be asked in increasing order. */
function sampler(slices: Slices): (index: number) => number {
  const { rows, ranges } = slices;
  let range = 0;
  let before = 0;
  return (index) => {
    while (index - before >= ranges[range]![1] - ranges[range]![0]) {
      before += ranges[range]![1] - ranges[range]![0];
      range++;
    }
    return rows[ranges[range]![0] + index - before]!;
  };
}
