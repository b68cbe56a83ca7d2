import { DatarunError, problem } from '../errors.ts';
import { csvLine } from '../ingest/row-writers.ts';

/**
 * Keeps only the granted columns of a published CSV, row by row: fed the parser's records
 * (the header first), it returns the extract's lines. Columns keep the data's order.
 */
export class ColumnExtractor {
  private indexes: number[] | undefined;
  private readonly lines: string[] = [];
  rows = 0;
  /** The granted fields found in the data, in the data's order. */
  columns: string[] = [];

  constructor(
    private readonly granted: readonly string[],
    private readonly file: string,
  ) {}

  readonly push = (fields: string[]): void => {
    if (!this.indexes) {
      this.indexes = fields.flatMap((name, k) => (this.granted.includes(name) ? [k] : []));
      this.columns = this.indexes.map((k) => fields[k]!);
      if (this.indexes.length === 0)
        throw new DatarunError(
          problem(
            'conflict',
            `none of the granted fields (${this.granted.join('、')}) is a column of ${this.file}`,
          ),
        );
      this.lines.push(csvLine(this.columns));
      return;
    }
    this.rows++;
    this.lines.push(csvLine(this.indexes.map((k) => fields[k] ?? '')));
  };

  /** The extract as CSV text (UTF-8, LF line ends, a header line). */
  text(): string {
    return this.lines.join('');
  }
}
