import type { TableSchema } from '../schemas/dataset-version.ts';
import { DatarunError, problem } from '../errors.ts';
import { CsvParser, type RowHandler } from './csv-parser.ts';
import { compileRecordMatcher, type TypedRowHandler } from './record-matcher.ts';
import {
  compileRowValidator,
  type RowValidator,
  type RowValidatorOptions,
} from './row-validator.ts';
import { matchHeader } from './table-schema.ts';
import type { ProblemList } from './problem-list.ts';

export type TableReaderOptions = RowValidatorOptions & {
  /** @default ',' */
  delimiter?: string;
  /** Whether the first record is a header to check against the schema. @default true */
  header?: boolean;
  /** @default 16 Mi characters */
  maxRecordLength?: number;
};

/**
 * Reads CSV text against a Table Schema: checks the header, then hands each valid row on as
 * typed values, and keeps the problems of the others. Rows whose values are already canonical
 * take a fast lane (one regular-expression match per line); the rest are split and checked
 * value by value, with the same values. The handler is told which lane each row took, so a
 * caller can reuse the source bytes of fast-lane rows. A header that does not match, a CSV
 * syntax error or an empty file throws a DatarunError; bad rows do not, they are counted in
 * `problems`.
 */
export class TableReader {
  readonly problems: ProblemList;
  private readonly schema: TableSchema;
  private readonly file: string | undefined;
  private readonly parser: CsvParser;
  private readonly validator: RowValidator;
  private readonly onFields: RowHandler;
  private sink: TypedRowHandler = () => {};
  private headerPending: boolean;
  private valid = 0;

  constructor(schema: TableSchema, options: TableReaderOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    this.schema = schema;
    this.file = options.file;
    this.validator = compileRowValidator(schema, options);
    this.problems = this.validator.problems;
    this.headerPending = options.header ?? true;
    const matcher = compileRecordMatcher(schema, delimiter, (values, line) => {
      this.valid++;
      this.sink(values, line, true);
    });
    this.parser = new CsvParser({
      delimiter,
      file: options.file,
      maxRecordLength: options.maxRecordLength,
      matcher: matcher && {
        pattern: matcher.pattern,
        take: (match, line) => !this.headerPending && matcher.take(match, line),
      },
    });
    this.onFields = (fields, line) => {
      if (this.headerPending) {
        this.headerPending = false;
        const mismatch = matchHeader(this.schema, fields, this.file);
        if (mismatch) throw new DatarunError(mismatch);
        return;
      }
      const values = this.validator.row(fields, line);
      if (values === undefined) return;
      this.valid++;
      this.sink(values, line, false);
    };
  }

  /** Valid rows handed on so far. */
  get rows(): number {
    return this.valid;
  }

  /** Rows with at least one problem so far. */
  get invalidRows(): number {
    return this.validator.invalidRows;
  }

  /** Reads a chunk of text; `onRow` gets every valid row that ends in it. */
  push(text: string, onRow: TypedRowHandler): void {
    this.sink = onRow;
    this.parser.push(text, this.onFields);
  }

  /** Ends the input; `onRow` gets the last row if the text did not end with a line break. */
  end(onRow: TypedRowHandler): void {
    this.sink = onRow;
    this.parser.end(this.onFields);
    if (this.headerPending) {
      throw new DatarunError(
        problem('empty-file', 'the file has no records, not even a header line', {
          file: this.file,
        }),
      );
    }
  }
}
