/**
 * A published version held in memory column by column: numbers, integers and booleans in a
 * Float64Array (NaN for empty), text, dates and datetimes as Int32 codes into a dictionary of
 * their distinct values (-1 for empty). Indexes (column-order.ts) and sort orders are built on
 * first use and kept, since a version never changes.
 */
import type { TypedValue } from '../ingest/values.ts';
import { lowerBound, orderBytes, orderFromRanks, rankNumbers } from './column-order.ts';
import type { ColumnOrder } from './column-order.ts';
import { compareText, foldText, textComparator } from './text-order.ts';
import { datetimeKey } from './typed-literal.ts';
import type { FieldType, Literal } from './typed-literal.ts';

/** A value as a JSON answer holds it. */
export type RowValue = string | number | boolean | null;

/** One key of a sort: a column, ascending unless `desc`. Empty values sort last either way. */
export type SortKey = { column: string; desc: boolean };

/** Rows in the order of a sort, and where each row stands in it. */
export type SortOrder = { rows: Int32Array; positions: Int32Array };

/** Bytes V8 takes for a string beyond its characters, roughly; used for the memory budget. */
const STRING_OVERHEAD = 32;
/** Sort orders kept per table; each takes 8 bytes a row. */
const KEPT_SORT_ORDERS = 8;

/** A column of numbers, integers or booleans. */
export class NumericColumn {
  readonly kind = 'numeric';
  private built: { order: ColumnOrder; distinct: Float64Array } | undefined;

  /**
   * @param keys every row's value, NaN where empty; booleans as 0 and 1
   * @param exact the digits of integers beyond ±2^53, which a double cannot hold
   */
  constructor(
    readonly name: string,
    readonly type: Extract<FieldType, 'number' | 'integer' | 'boolean'>,
    readonly keys: Float64Array,
    private readonly exact: ReadonlyMap<number, string> = new Map(),
  ) {}

  isNull(row: number): boolean {
    return Number.isNaN(this.keys[row]!);
  }

  /** The value for JSON: a number (an exact integer beyond ±2^53 as its digits), a boolean, or null. */
  value(row: number): RowValue {
    const key = this.keys[row]!;
    if (Number.isNaN(key)) return null;
    if (this.type === 'boolean') return key === 1;
    return this.exact.get(row) ?? key;
  }

  /** The value for CSV: canonical text, a boolean, or null. */
  cell(row: number): TypedValue {
    const value = this.value(row);
    return typeof value === 'number' ? String(value) : value;
  }

  order(): ColumnOrder {
    if (!this.built) {
      const { ranks, distinct } = rankNumbers(this.keys);
      this.built = { order: orderFromRanks(ranks, distinct.length), distinct };
    }
    return this.built.order;
  }

  /** How many distinct values are below `literal` (or not above it, with `after`). */
  rankOf(literal: Literal, after: boolean): number {
    this.order();
    const distinct = this.built!.distinct;
    const target = typeof literal === 'boolean' ? (literal ? 1 : 0) : Number(literal);
    return lowerBound(
      distinct.length,
      (i) => distinct[i]!,
      target,
      (a, b) => a - b,
      after,
    );
  }

  bytes(): number {
    const built = this.built;
    return (
      this.keys.byteLength +
      this.exact.size * 64 +
      (built ? orderBytes(built.order) + built.distinct.byteLength : 0)
    );
  }
}

/** A column of text, dates or datetimes, dictionary-coded. */
export class TextColumn {
  readonly kind = 'text';
  private built:
    { order: ColumnOrder; sorted: readonly string[]; keys: Float64Array | undefined } | undefined;
  private foldedValues: readonly string[] | undefined;

  /**
   * @param codes every row's index into `values`, -1 where empty
   * @param values the distinct values, in order of first appearance
   */
  constructor(
    readonly name: string,
    readonly type: Extract<FieldType, 'string' | 'date' | 'datetime'>,
    readonly codes: Int32Array,
    readonly values: readonly string[],
  ) {}

  isNull(row: number): boolean {
    return this.codes[row]! < 0;
  }

  value(row: number): RowValue {
    const code = this.codes[row]!;
    return code < 0 ? null : this.values[code]!;
  }

  cell(row: number): TypedValue {
    const code = this.codes[row]!;
    return code < 0 ? null : this.values[code]!;
  }

  /** The distinct values as `q` compares them (see foldText), built on first use. */
  folded(): readonly string[] {
    this.foldedValues ??= this.values.map(foldText);
    return this.foldedValues;
  }

  /**
   * Text and dates sort by code point (ISO dates thus by day); datetimes by instant, so one
   * instant written two ways is one rank.
   */
  order(): ColumnOrder {
    if (this.built) return this.built.order;
    const values = this.values;
    const byCode = Array.from(values.keys());
    const rankOfCode = new Int32Array(values.length);
    let distinct = 0;
    let keys: Float64Array | undefined;
    if (this.type === 'datetime') {
      const keyOf = Float64Array.from(values, datetimeKey);
      byCode.sort((a, b) => keyOf[a]! - keyOf[b]!);
      keys = new Float64Array(values.length);
      for (const code of byCode) {
        const key = keyOf[code]!;
        if (distinct === 0 || keys[distinct - 1] !== key) keys[distinct++] = key;
        rankOfCode[code] = distinct - 1;
      }
      keys = keys.slice(0, distinct);
    } else {
      const compare = textComparator(values);
      byCode.sort((a, b) => compare(values[a]!, values[b]!));
      byCode.forEach((code, rank) => (rankOfCode[code] = rank));
      distinct = values.length;
    }
    const ranks = new Int32Array(this.codes.length);
    for (let i = 0; i < ranks.length; i++) {
      const code = this.codes[i]!;
      ranks[i] = code < 0 ? distinct : rankOfCode[code]!;
    }
    this.built = {
      order: orderFromRanks(ranks, distinct),
      sorted: keys ? [] : byCode.map((code) => values[code]!),
      keys,
    };
    return this.built.order;
  }

  /** How many distinct values are below `literal` (or not above it, with `after`). */
  rankOf(literal: Literal, after: boolean): number {
    this.order();
    const { sorted, keys } = this.built!;
    if (keys) {
      const target = Number(literal);
      return lowerBound(
        keys.length,
        (i) => keys[i]!,
        target,
        (a, b) => a - b,
        after,
      );
    }
    return lowerBound(sorted.length, (i) => sorted[i]!, String(literal), compareText, after);
  }

  /** The ranks of the values that start with `prefix`: [from, to). */
  prefixRanks(prefix: string): [number, number] {
    const from = this.rankOf(prefix, false);
    const sorted = this.built!.sorted;
    // Values with the prefix are not below it and come before any other value that is not.
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]!.startsWith(prefix)) lo = mid + 1;
      else hi = mid;
    }
    return [from, lo];
  }

  /** Counted once each: the cache asks on every request, and the values never change. */
  private valueBytes: number | undefined;
  private foldedBytes = 0;

  bytes(): number {
    this.valueBytes ??= textBytes(this.values) + STRING_OVERHEAD * this.values.length;
    if (this.foldedValues && this.foldedBytes === 0)
      this.foldedBytes = textBytes(this.foldedValues);
    const text = this.valueBytes + this.foldedBytes;
    const built = this.built;
    const index = built
      ? orderBytes(built.order) + 8 * built.sorted.length + (built.keys?.byteLength ?? 0)
      : 0;
    return this.codes.byteLength + text + index;
  }
}

export type Column = NumericColumn | TextColumn;

function textBytes(values: readonly string[]): number {
  let bytes = 0;
  for (const value of values) bytes += 2 * value.length;
  return bytes;
}

/** The rows of one published version, by column, with the indexes queries have asked for. */
export class ColumnTable {
  private readonly byName: Map<string, Column>;
  /** Kept sort orders, least recently used first, with the bytes each holds on its own. */
  private readonly sortOrders = new Map<string, { order: SortOrder; bytes: number }>();

  constructor(
    readonly columns: readonly Column[],
    readonly rowCount: number,
  ) {
    this.byName = new Map(columns.map((column) => [column.name, column]));
  }

  /** The column of that name; a Map, so `__proto__` is a name like any other. */
  column(name: string): Column | undefined {
    return this.byName.get(name);
  }

  /**
   * Rows ordered by the keys, then by row number. Built from the columns' indexes by stable
   * counting sorts, last key first, so any sort costs a few linear passes; the most recent
   * few are kept.
   */
  sortOrder(keys: readonly SortKey[]): SortOrder {
    const id = JSON.stringify(keys.map((key) => [key.column, key.desc]));
    const kept = this.sortOrders.get(id);
    if (kept) {
      this.sortOrders.delete(id);
      this.sortOrders.set(id, kept);
      return kept.order;
    }
    let rows: Int32Array | undefined;
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      const order = this.byName.get(key.column)!.order();
      rows =
        rows === undefined && !key.desc
          ? order.rows
          : sortByRank(rows, order, key.desc, this.rowCount);
    }
    const sorted = rows ?? Int32Array.from({ length: this.rowCount }, (_, i) => i);
    const positions = new Int32Array(this.rowCount);
    for (let p = 0; p < sorted.length; p++) positions[sorted[p]!] = p;
    const order = { rows: sorted, positions };
    // One ascending key sorts as the column's own index does, whose rows are counted there.
    const shared = keys.length === 1 && !keys[0]!.desc;
    const bytes = positions.byteLength + (shared ? 0 : sorted.byteLength);
    this.sortOrders.set(id, { order, bytes });
    if (this.sortOrders.size > KEPT_SORT_ORDERS)
      this.sortOrders.delete(this.sortOrders.keys().next().value!);
    return order;
  }

  /** Roughly how many bytes the table and its indexes take, for the cache's budget. */
  bytes(): number {
    let total = 0;
    for (const column of this.columns) total += column.bytes();
    for (const kept of this.sortOrders.values()) total += kept.bytes;
    return total;
  }
}

/** Stably reorders `rows` (all rows in row order when undefined) by one column's rank. */
function sortByRank(
  rows: Int32Array | undefined,
  order: ColumnOrder,
  desc: boolean,
  rowCount: number,
): Int32Array {
  const { ranks, distinct } = order;
  // Descending reverses the ranks of values; empty values stay last.
  const effective = (rank: number) => (desc && rank < distinct ? distinct - 1 - rank : rank);
  const starts = new Int32Array(distinct + 2);
  for (let i = 0; i < rowCount; i++) starts[effective(ranks[i]!) + 1]!++;
  for (let r = 0; r <= distinct; r++) starts[r + 1]! += starts[r]!;
  const out = new Int32Array(rowCount);
  for (let p = 0; p < rowCount; p++) {
    const row = rows === undefined ? p : rows[p]!;
    out[starts[effective(ranks[row]!)]!++] = row;
  }
  return out;
}
