/**
 * Builds a ColumnTable from the records of a version's canonical data.csv (row-writers.ts
 * writes it): a header of the field names, then one record per row with empty for null,
 * canonical numbers, `true`/`false`, ISO dates and normalised datetimes. Anything else means
 * the stored object is not what publishing wrote, and is an error rather than a guess.
 */
import { DatarunError, problem } from '../errors.ts';
import type { TableField } from '../schemas/dataset-version.ts';
import { ColumnTable, NumericColumn, TextColumn } from './column-table.ts';
import type { Column } from './column-table.ts';

type FieldShape = Pick<TableField, 'name' | 'type'>;

interface ColumnBuilder {
  add(text: string, row: number, line: number): void;
  finish(rows: number): Column;
}

/** Receives the CSV records of one version, header first, and returns the table. */
export class TableBuilder {
  private rows = 0;
  private sawHeader = false;
  private readonly columns: ColumnBuilder[];

  /**
   * @param expectedRows the version's row count, so columns are allocated once
   * @param file named in errors
   */
  constructor(
    private readonly fields: readonly FieldShape[],
    expectedRows = 0,
    private readonly file?: string,
  ) {
    const capacity = Math.max(16, expectedRows);
    this.columns = fields.map((field) =>
      field.type === 'string' || field.type === 'date' || field.type === 'datetime'
        ? new TextBuilder(field.name, field.type, capacity)
        : new NumericBuilder(field.name, field.type, capacity, file),
    );
  }

  /** Takes one record; bound, so it can be handed to CsvParser as it is. */
  readonly push = (cells: string[], line: number): void => {
    const fields = this.fields;
    if (!this.sawHeader) {
      this.sawHeader = true;
      const expected = fields.map((f) => f.name);
      if (cells.length !== expected.length || cells.some((cell, k) => cell !== expected[k]))
        throw new DatarunError(
          problem(
            'header-mismatch',
            `the header ${JSON.stringify(cells)} is not the schema's fields ${JSON.stringify(expected)}`,
            { file: this.file, line },
          ),
        );
      return;
    }
    if (cells.length !== fields.length)
      throw new DatarunError(
        problem('ragged-row', `expected ${fields.length} values, found ${cells.length}`, {
          file: this.file,
          line,
        }),
      );
    const row = this.rows++;
    for (let k = 0; k < cells.length; k++) this.columns[k]!.add(cells[k]!, row, line);
  };

  /** The table of every record pushed. */
  finish(): ColumnTable {
    if (!this.sawHeader)
      throw new DatarunError(problem('empty-file', 'the data has no header', { file: this.file }));
    return new ColumnTable(
      this.columns.map((column) => column.finish(this.rows)),
      this.rows,
    );
  }
}

function badValue(file: string | undefined, line: number, field: string, expected: string) {
  return new DatarunError(
    problem('invalid-value', `expected ${expected} as data.csv writes it`, { file, line, field }),
  );
}

class NumericBuilder implements ColumnBuilder {
  private keys: Float64Array;
  private readonly exact = new Map<number, string>();

  constructor(
    private readonly name: string,
    private readonly type: 'number' | 'integer' | 'boolean',
    capacity: number,
    private readonly file: string | undefined,
  ) {
    this.keys = new Float64Array(capacity);
  }

  add(text: string, row: number, line: number): void {
    if (row === this.keys.length) this.keys = grow(this.keys);
    let key: number;
    if (text === '') key = Number.NaN;
    else if (this.type === 'boolean') {
      key = text === 'true' ? 1 : text === 'false' ? 0 : Number.NaN;
      if (Number.isNaN(key)) throw badValue(this.file, line, this.name, 'true or false');
    } else {
      key = Number(text);
      const integer = this.type === 'integer';
      if (!Number.isFinite(key) || (integer && !Number.isInteger(key)))
        throw badValue(this.file, line, this.name, integer ? 'an integer' : 'a number');
      if (integer && !Number.isSafeInteger(key)) this.exact.set(row, text);
    }
    this.keys[row] = key;
  }

  finish(rows: number): Column {
    return new NumericColumn(this.name, this.type, fit(this.keys, rows), this.exact);
  }
}

class TextBuilder implements ColumnBuilder {
  private codes: Int32Array;
  private readonly values: string[] = [];
  private readonly codeOf = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly type: 'string' | 'date' | 'datetime',
    capacity: number,
  ) {
    this.codes = new Int32Array(capacity);
  }

  add(text: string, row: number): void {
    if (row === this.codes.length) this.codes = grow(this.codes);
    if (text === '') {
      this.codes[row] = -1;
      return;
    }
    let code = this.codeOf.get(text);
    if (code === undefined) {
      code = this.values.length;
      // A slice of the parser's chunk keeps the whole chunk alive: keep a copy of its own.
      const own = ` ${text}`.slice(1);
      this.values.push(own);
      this.codeOf.set(own, code);
    }
    this.codes[row] = code;
  }

  finish(rows: number): Column {
    return new TextColumn(this.name, this.type, fit(this.codes, rows), this.values);
  }
}

function grow<T extends Float64Array | Int32Array>(array: T): T {
  const bigger = new (array.constructor as new (length: number) => T)(array.length * 2);
  bigger.set(array);
  return bigger;
}

/** The first `rows` values, copied only when the array was allocated larger. */
function fit<T extends Float64Array | Int32Array>(array: T, rows: number): T {
  return (array.length === rows ? array : array.slice(0, rows)) as T;
}
