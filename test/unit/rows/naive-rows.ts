/**
 * A deliberately plain model of a row query, written without the engine's code: filter every
 * row, sort a copy, slice. The property tests hold the engine to it.
 */
import { TableBuilder } from '../../../functions/src/core/rows/load-table.ts';
import type { ColumnTable } from '../../../functions/src/core/rows/column-table.ts';
import type { FieldType } from '../../../functions/src/core/rows/typed-literal.ts';

export type Field = { name: string; type: FieldType };
/** A cell as data.csv writes it: '' for empty. */
export type Cells = string[];

export type NaiveFilter = { column: string; operator: string; values: (string | null)[] };
export type NaiveQuery = {
  filters: NaiveFilter[];
  q: string[];
  sort: { column: string; desc: boolean }[];
};

/** The table the engine builds from the same cells. */
export function buildTable(fields: Field[], rows: Cells[]): ColumnTable {
  const builder = new TableBuilder(fields, rows.length);
  builder.push(
    fields.map((f) => f.name),
    1,
  );
  rows.forEach((row, i) => builder.push(row, i + 2));
  return builder.finish();
}

/** Code point order, from arrays of code points. */
function compareCodePoints(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** A comparable key of a cell, or null when empty. */
function key(type: FieldType, cell: string): number | string | null {
  if (cell === '') return null;
  switch (type) {
    case 'integer':
    case 'number':
      return Number(cell);
    case 'boolean':
      return cell === 'true' ? 1 : 0;
    case 'datetime':
      return Date.parse(/(Z|[+-]\d\d:\d\d)$/.test(cell) ? cell : `${cell}Z`);
    default:
      return cell;
  }
}

/** A filter value read as the model reads it (the tests only give well-formed ones). */
function literal(type: FieldType, text: string): number | string {
  if (type === 'boolean') return text === 'true' ? 1 : 0;
  if (type === 'datetime' && /^\d{4}-\d\d-\d\d$/.test(text)) return key(type, `${text}T00:00:00`)!;
  return key(type, text)!;
}

function compareKeys(a: number | string, b: number | string): number {
  return typeof a === 'number' ? a - (b as number) : compareCodePoints(a, b as string);
}

function fold(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/** Every matching row number, in answer order. */
export function naiveRows(fields: Field[], rows: Cells[], query: NaiveQuery): number[] {
  const typeOf = new Map(fields.map((f) => [f.name, f.type]));
  const indexOf = new Map(fields.map((f, i) => [f.name, i]));
  const cell = (row: number, column: string) => rows[row]![indexOf.get(column)!]!;
  const matches = (row: number, filter: NaiveFilter): boolean => {
    const type = typeOf.get(filter.column)!;
    const text = cell(row, filter.column);
    const k = key(type, text);
    const equal = (value: string | null) =>
      value === null ? k === null : k !== null && compareKeys(k, literal(type, value)) === 0;
    const [value] = filter.values;
    switch (filter.operator) {
      case 'eq':
        return equal(value!);
      case 'ne':
        return k !== null && !equal(value!);
      case 'in':
        return filter.values.some(equal);
      case 'contains':
        return k !== null && text.includes(value!);
      case 'startswith':
        return k !== null && text.startsWith(value!);
    }
    if (k === null) return false;
    const c = compareKeys(k, literal(type, value!));
    return filter.operator === 'gt'
      ? c > 0
      : filter.operator === 'gte'
        ? c >= 0
        : filter.operator === 'lt'
          ? c < 0
          : c <= 0;
  };
  const textColumns = fields.filter((f) => f.type === 'string').map((f) => f.name);
  const found = rows
    .map((_, row) => row)
    .filter((row) => query.filters.every((filter) => matches(row, filter)))
    .filter((row) =>
      query.q.every((word) =>
        textColumns.some((column) => {
          const text = cell(row, column);
          return text !== '' && fold(text).includes(fold(word));
        }),
      ),
    );
  return found.sort((a, b) => {
    for (const { column, desc } of query.sort) {
      const type = typeOf.get(column)!;
      const x = key(type, cell(a, column));
      const y = key(type, cell(b, column));
      if (x === null && y === null) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      const c = compareKeys(x, y);
      if (c !== 0) return desc ? -c : c;
    }
    return a - b;
  });
}
