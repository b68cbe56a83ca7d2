/**
 * A page of rows written out: typed JSON items, NDJSON, or CSV as data.csv writes it.
 * Items are built with Object.fromEntries, which defines keys rather than assigning them, so a
 * column named `__proto__` is an ordinary key and cannot reach any prototype.
 */
import { csvLine } from '../ingest/row-writers.ts';
import type { ColumnTable, RowValue } from './column-table.ts';
import type { FieldType } from './typed-literal.ts';

/** A column of the answer: its name and Table Schema type. */
export type RowField = { name: string; type: FieldType };

/** One row of the answer, keyed by column name. */
export type RowItem = Record<string, RowValue>;

const MARKUP = /[<>&\u2028\u2029]/g;

/**
 * JSON with `<`, `>`, `&` and the JavaScript line separators escaped, as the API's envelope
 * writes it: the same data, but text such as `</script>` cannot end a script element.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    MARKUP,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** The answer's columns, in the order asked for. */
export function rowFields(table: ColumnTable, names: readonly string[]): RowField[] {
  return names.map((name) => ({ name, type: table.column(name)!.type }));
}

/** The rows as typed items: numbers as numbers, booleans as booleans, empty as null. */
export function rowItems(
  table: ColumnTable,
  rows: ArrayLike<number>,
  names: readonly string[],
): RowItem[] {
  const columns = names.map((name) => table.column(name)!);
  const items: RowItem[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    items.push(Object.fromEntries(columns.map((column) => [column.name, column.value(row)])));
  }
  return items;
}

/** One JSON object per line. */
export function ndjsonBody(items: readonly RowItem[]): string {
  let body = '';
  for (const item of items) body += `${safeJson(item)}\n`;
  return body;
}

/** A header line, then one line per row, quoted and spelled as in the version's data.csv. */
export function csvBody(
  table: ColumnTable,
  rows: ArrayLike<number>,
  names: readonly string[],
): string {
  const columns = names.map((name) => table.column(name)!);
  let body = csvLine(names);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    body += csvLine(columns.map((column) => column.cell(row)));
  }
  return body;
}
