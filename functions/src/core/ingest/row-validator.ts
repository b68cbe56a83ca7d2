import type { TableSchema } from '../schemas/dataset-version.ts';
import { problem } from '../errors.ts';
import { ProblemList } from './problem-list.ts';
import { toBoolean, toDate, toDatetime, toInteger, toNumber, type TypedValue } from './values.ts';

export type RowValidatorOptions = {
  /** Named in every problem. */
  file?: string;
  /** Fields whose values are never quoted in a problem, such as columns with personal data. */
  sensitiveFields?: Iterable<string>;
  /** @default 20 */
  maxProblems?: number;
};

const STRING = 0;
const INTEGER = 1;
const NUMBER = 2;
const BOOLEAN = 3;
const DATE = 4;
const DATETIME = 5;

const TYPE_CODES = {
  string: STRING,
  integer: INTEGER,
  number: NUMBER,
  boolean: BOOLEAN,
  date: DATE,
  datetime: DATETIME,
};

const EXPECTED = [
  '',
  'an integer such as 42',
  'a number such as 3.14',
  'true or false (also 是/否, 1/0)',
  'a date such as 2023-06-30 (also 2023/6/30 or 2023年6月30日)',
  'a date and time such as 2023-06-30T14:05:00',
];

const EXCERPT_LENGTH = 20;

/**
 * Checks records against a Table Schema and turns them into typed values. Problems are kept in
 * `problems`: the first `maxProblems` in full, the rest counted.
 */
export class RowValidator {
  readonly problems: ProblemList;
  private readonly names: string[];
  private readonly types: Uint8Array;
  private readonly required: boolean[];
  private readonly sensitive: boolean[];
  private readonly file: string | undefined;
  private invalid = 0;

  constructor(schema: TableSchema, options: RowValidatorOptions = {}) {
    const sensitive = new Set(options.sensitiveFields ?? []);
    this.names = schema.fields.map((f) => f.name);
    this.types = Uint8Array.from(schema.fields, (f) => TYPE_CODES[f.type]);
    this.required = schema.fields.map((f) => f.constraints?.required === true);
    this.sensitive = schema.fields.map((f) => sensitive.has(f.name));
    this.file = options.file;
    this.problems = new ProblemList(options.maxProblems);
  }

  /** How many rows had at least one problem. */
  get invalidRows(): number {
    return this.invalid;
  }

  /**
   * Checks one record. Returns its typed values, written into the same array to spare an
   * allocation per row, or `undefined` when the row has problems (they go to `problems`).
   */
  row(fields: string[], line: number): TypedValue[] | undefined {
    const types = this.types;
    const n = types.length;
    if (fields.length !== n) {
      const blank = fields.length === 1 && fields[0] === '';
      const message = blank
        ? `the line is blank; expected ${n} fields`
        : `expected ${n} fields, found ${fields.length}`;
      this.problems.add(problem('ragged-row', message, { file: this.file, line }));
      this.invalid++;
      return undefined;
    }
    const values = fields as TypedValue[];
    let ok = true;
    for (let k = 0; k < n; k++) {
      const text = fields[k]!;
      if (text === '') {
        if (this.required[k]) {
          this.reject(line, k, 'a value is required here');
          ok = false;
        }
        values[k] = null;
        continue;
      }
      let value: TypedValue | undefined;
      switch (types[k]) {
        case STRING:
          continue;
        case INTEGER:
          value = toInteger(text);
          break;
        case NUMBER:
          value = toNumber(text);
          break;
        case BOOLEAN:
          value = toBoolean(text);
          break;
        case DATE:
          value = toDate(text);
          break;
        default:
          value = toDatetime(text);
      }
      if (value === undefined) {
        this.reject(line, k, this.describe(k, text));
        ok = false;
      } else {
        values[k] = value;
      }
    }
    if (!ok) this.invalid++;
    return ok ? values : undefined;
  }

  private describe(k: number, text: string): string {
    const expected = `expected ${EXPECTED[this.types[k]!]}`;
    if (this.sensitive[k])
      return `${expected}; the value is not shown because this field is sensitive`;
    let excerpt = text;
    if (text.length > EXCERPT_LENGTH) {
      // Cut before, not inside, a character outside the BMP.
      const high =
        text.charCodeAt(EXCERPT_LENGTH - 1) >= 0xd800 &&
        text.charCodeAt(EXCERPT_LENGTH - 1) <= 0xdbff;
      excerpt = `${text.slice(0, high ? EXCERPT_LENGTH - 1 : EXCERPT_LENGTH)}…`;
    }
    return `${expected}, found ${JSON.stringify(excerpt)}`;
  }

  private reject(line: number, k: number, message: string): void {
    this.problems.add(
      problem('invalid-value', message, {
        file: this.file,
        line,
        column: k + 1,
        field: this.names[k],
      }),
    );
  }
}

/**
 * Compiles a Table Schema into a row validator. In its problems, `column` is the 1-based
 * field number, which is what a person finds in a spreadsheet.
 */
export function compileRowValidator(
  schema: TableSchema,
  options: RowValidatorOptions = {},
): RowValidator {
  return new RowValidator(schema, options);
}
