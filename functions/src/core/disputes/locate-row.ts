import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { DisputeRow } from './dispute.ts';

/** A version's rows as text, as its canonical CSV holds them (header apart). */
export type VersionTable = {
  code: string;
  version: number;
  columns: readonly string[];
  rows: readonly (readonly string[])[];
  /** The columns that identify a row (the entry's key 信息项), possibly none. */
  keyColumns: readonly string[];
};

/** A row found: its number (1 = first data row), index, and key values when there is a key. */
export type LocatedRow = { number: number; index: number; key?: Record<string, string> };

/** The key values of a row, when the table has key columns. */
export function rowKey(table: VersionTable, index: number): Record<string, string> | undefined {
  if (table.keyColumns.length === 0) return undefined;
  const row = table.rows[index]!;
  return Object.fromEntries(
    table.keyColumns.map((column) => [column, row[table.columns.indexOf(column)] ?? '']),
  );
}

/**
 * Finds the row a report names, by number or by key, or says why it cannot: a number past the
 * last row, a key naming columns that are not the table's key, a key no row or several rows
 * have. `field` prefixes the problems' field names (`row.number`, `row.key.地区代码`).
 */
export function locateRow(
  table: VersionTable,
  row: DisputeRow,
  field = 'row',
): { row: LocatedRow } | { problem: Problem } {
  const where = `version ${table.version} of ${table.code}`;
  if ('number' in row) {
    if (row.number > table.rows.length)
      return {
        problem: problem(
          'invalid-field',
          `${where} has ${table.rows.length} rows; there is no row ${row.number}`,
          { field: `${field}.number` },
        ),
      };
    const index = row.number - 1;
    return { row: { number: row.number, index, ...withKey(rowKey(table, index)) } };
  }
  const names = Object.keys(row.key);
  if (table.keyColumns.length === 0)
    return {
      problem: problem(
        'invalid-field',
        `${where} has no key 信息项; name the row by its number instead`,
        { field: `${field}.key` },
      ),
    };
  const unknown = names.find((name) => !table.keyColumns.includes(name));
  if (unknown !== undefined)
    return {
      problem: problem(
        'invalid-field',
        `${JSON.stringify(unknown)} is not a key of ${where}; its key is ${table.keyColumns.join(' + ')}`,
        { field: `${field}.key.${unknown}` },
      ),
    };
  const missing = table.keyColumns.find((name) => !names.includes(name));
  if (missing !== undefined)
    return {
      problem: problem('invalid-field', `give the key's ${JSON.stringify(missing)} too`, {
        field: `${field}.key.${missing}`,
      }),
    };
  const positions = names.map((name) => table.columns.indexOf(name));
  const matches: number[] = [];
  table.rows.forEach((values, index) => {
    if (names.every((name, i) => values[positions[i]!] === row.key[name])) matches.push(index);
  });
  const shown = names.map((name) => `${name}=${row.key[name]}`).join(', ');
  if (matches.length === 0)
    return {
      problem: problem('invalid-field', `no row of ${where} has ${shown}`, {
        field: `${field}.key`,
      }),
    };
  if (matches.length > 1)
    return {
      problem: problem(
        'invalid-field',
        `${matches.length} rows of ${where} have ${shown} (rows ${matches
          .slice(0, 5)
          .map((index) => index + 1)
          .join(', ')}…); name the row by its number`,
        { field: `${field}.key` },
      ),
    };
  const index = matches[0]!;
  return { row: { number: index + 1, index, key: rowKey(table, index)! } };
}

/** The column's position, or the problem naming the columns there are. */
export function locateColumn(
  table: VersionTable,
  column: string,
  field = 'field',
): { index: number } | { problem: Problem } {
  const index = table.columns.indexOf(column);
  if (index >= 0) return { index };
  return {
    problem: problem(
      'invalid-field',
      `version ${table.version} of ${table.code} has no column ${JSON.stringify(column)}; its columns are ${table.columns.join(', ')}`,
      { field },
    ),
  };
}

function withKey(key: Record<string, string> | undefined): { key?: Record<string, string> } {
  return key ? { key } : {};
}
