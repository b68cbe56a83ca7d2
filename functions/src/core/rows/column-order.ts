/**
 * The index of one column: each row's rank among the column's distinct values, and every row
 * sorted by (rank, row number). It serves equality (the rows of one rank are one slice, in row
 * order), ranges (a run of ranks is one slice) and sorting, and takes 8 bytes a row.
 */
export type ColumnOrder = {
  /** How many distinct values the column holds; null rows have rank `distinct`, after them all. */
  distinct: number;
  /** The rank of each row's value. */
  ranks: Int32Array;
  /** Row numbers by rank, then by row number. */
  rows: Int32Array;
  /** Where each rank starts in `rows`; `starts[distinct]` is the first null, `starts[distinct + 1]` the row count. */
  starts: Int32Array;
};

/** Sorts rows by rank with one stable counting pass: linear in rows plus distinct values. */
export function orderFromRanks(ranks: Int32Array, distinct: number): ColumnOrder {
  const n = ranks.length;
  const starts = new Int32Array(distinct + 2);
  for (let i = 0; i < n; i++) starts[ranks[i]! + 1]!++;
  for (let r = 0; r <= distinct; r++) starts[r + 1]! += starts[r]!;
  const next = starts.slice(0, distinct + 1);
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[next[ranks[i]!]!++] = i;
  return { distinct, ranks, rows, starts };
}

/** Bytes an order takes. */
export function orderBytes(order: ColumnOrder): number {
  return order.ranks.byteLength + order.rows.byteLength + order.starts.byteLength;
}

/** The first index in sorted `values` whose value is not below `target` (or above it, with `after`). */
export function lowerBound<T>(
  length: number,
  at: (index: number) => T,
  target: T,
  compare: (a: T, b: T) => number,
  after = false,
): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(at(mid), target);
    if (c < 0 || (after && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Ranks of numeric keys (NaN is null): distinct values sorted natively, then looked up. */
export function rankNumbers(keys: Float64Array): { ranks: Int32Array; distinct: Float64Array } {
  const present = keys.filter((k) => !Number.isNaN(k)).sort();
  let d = 0;
  for (let i = 0; i < present.length; i++)
    if (i === 0 || present[i] !== present[d - 1]) present[d++] = present[i]!;
  const distinct = present.slice(0, d);
  const ranks = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (Number.isNaN(k)) {
      ranks[i] = d;
      continue;
    }
    let lo = 0;
    let hi = d;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (distinct[mid]! < k) lo = mid + 1;
      else hi = mid;
    }
    ranks[i] = lo;
  }
  return { ranks, distinct };
}
