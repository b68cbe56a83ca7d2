/**
 * Inferring a Table Schema when the entry declares none. Per column the narrowest type that
 * every non-empty value fits: integer, then number, date, datetime, boolean, else string.
 *
 * Deliberately conservative, because a wrong guess changes published values:
 * - only canonical forms count: "0101" and "007" have leading zeros, so they are codes and
 *   stay strings; "1,234" and "2023/6/30" stay strings too;
 * - integers beyond Number.MAX_SAFE_INTEGER stay integers (values keep their digits);
 * - only true/false words make a boolean; 是/否 and 1/0 columns stay text and integers;
 * - empty cells are nulls and decide nothing; a column with no values is a string.
 * Declared 信息项 always win over inference: infer only when nothing is declared.
 */
import type { TableField, TableSchema } from '../schemas/dataset-version.ts';
import { CANONICAL_INTEGER, CANONICAL_NUMBER, toDate, toDatetime } from './values.ts';

const INTEGER = 1;
const NUMBER = 2;
const DATE = 4;
const DATETIME = 8;
const BOOLEAN = 16;
const ANY = INTEGER | NUMBER | DATE | DATETIME | BOOLEAN;

/** Sees rows one at a time, so a full pass over a large file needs no memory per row. */
export class TypeInference {
  private readonly names: readonly string[];
  private readonly possible: Uint8Array;
  private readonly seen: Uint8Array;

  constructor(names: readonly string[]) {
    this.names = names;
    this.possible = new Uint8Array(names.length).fill(ANY);
    this.seen = new Uint8Array(names.length);
  }

  /** Narrows each column's type by one row's values; cells beyond the header are ignored. */
  add(fields: readonly string[]): void {
    const possible = this.possible;
    const n = Math.min(fields.length, possible.length);
    for (let k = 0; k < n; k++) {
      const mask = possible[k]!;
      const text = fields[k]!;
      if (text === '') continue;
      this.seen[k] = 1;
      if (mask !== 0) possible[k] = mask & kindsOf(text, mask);
    }
  }

  /** The schema for the rows seen so far. */
  schema(): TableSchema {
    const fields = this.names.map((name, k): TableField => ({ name, type: this.typeOf(k) }));
    return { fields };
  }

  private typeOf(k: number): TableField['type'] {
    const mask = this.possible[k]!;
    if (!this.seen[k] || mask === 0) return 'string';
    if (mask & INTEGER) return 'integer';
    if (mask & NUMBER) return 'number';
    if (mask & DATE) return 'date';
    if (mask & DATETIME) return 'datetime';
    return 'boolean';
  }
}

function kindsOf(text: string, mask: number): number {
  const c = text.charCodeAt(0);
  if (c === 45 || (c >= 48 && c <= 57)) {
    let kinds = 0;
    if (mask & (INTEGER | NUMBER)) {
      if (CANONICAL_INTEGER.test(text)) kinds |= INTEGER | NUMBER;
      else if (CANONICAL_NUMBER.test(text)) kinds |= NUMBER;
    }
    if (mask & DATE && text.length === 10 && toDate(text) === text) kinds |= DATE;
    if (mask & DATETIME && text.length > 10 && toDatetime(text) !== undefined) kinds |= DATETIME;
    return kinds;
  }
  if (mask & BOOLEAN && /^(?:true|false|True|False|TRUE|FALSE)$/.test(text)) return BOOLEAN;
  return 0;
}

/**
 * Column names from a header row: trimmed; an empty cell becomes `column<n>` and a repeated
 * name gets `_2`, `_3`... With no header row, every column is `column<n>`.
 */
export function fieldNames(header: readonly string[] | null, columnCount: number): string[] {
  const used = new Set<string>();
  return Array.from({ length: header ? header.length : columnCount }, (_, k) => {
    const base = header?.[k]?.trim() || `column${k + 1}`;
    let name = base;
    for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
    used.add(name);
    return name;
  });
}

/** Infers a schema from a header (or null when the file has none) and sample rows. */
export function inferTableSchema(
  header: readonly string[] | null,
  rows: readonly (readonly string[])[],
): TableSchema {
  const inference = new TypeInference(fieldNames(header, rows[0]?.length ?? 0));
  for (const row of rows) inference.add(row);
  return inference.schema();
}
