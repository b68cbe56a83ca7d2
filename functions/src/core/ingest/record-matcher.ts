import type { TableSchema } from '../schemas/dataset-version.ts';
import type { RecordMatcher } from './csv-parser.ts';
import {
  CANONICAL_INTEGER,
  CANONICAL_NUMBER,
  isRealDate,
  toBoolean,
  toDatetime,
  type TypedValue,
} from './values.ts';

/**
 * Receives one valid row as typed values, with the line where it starts. `fast` is true when
 * the row took the fast lane: one physical line whose values matched their canonical patterns
 * (see compileRecordMatcher), so its source text can stand for it.
 */
export type TypedRowHandler = (values: TypedValue[], line: number, fast: boolean) => void;

/** Delimiters that cannot occur inside a canonical value, so a pattern can split on them. */
const SAFE_DELIMITERS = new Set([',', ';', '\t', '|']);

const STRING = 0;
const PLAIN = 1;
const BOOLEAN = 2;
const DATE = 3;
const DATETIME = 4;

/** Canonical forms only: anything else goes the long way, through RowValidator. */
const PATTERNS: Record<string, [kind: number, pattern: string]> = {
  integer: [PLAIN, unanchored(CANONICAL_INTEGER)],
  number: [PLAIN, unanchored(CANONICAL_NUMBER)],
  boolean: [BOOLEAN, 'true|True|TRUE|false|False|FALSE|1|0|是|否'],
  date: [DATE, '\\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\\d|3[01])'],
  datetime: [
    DATETIME,
    '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?',
  ],
};

/**
 * Compiles the fast lane of a table reader: one sticky pattern that matches a one-line record
 * whose values are all in canonical form (strings may be quoted if they hold no quote, and hold
 * no control character or backslash, so their JSON needs no escape), and turns a match into
 * typed values for `sink`. It declines every record it cannot vouch for (an empty required
 * value, 2023-02-30, a thousands separator, a ragged line...), and the parser then hands that
 * record to RowValidator, which normalises or reports it. Returns undefined for a delimiter
 * that can occur inside a value.
 */
export function compileRecordMatcher(
  schema: TableSchema,
  delimiter: string,
  sink: TypedRowHandler,
): RecordMatcher | undefined {
  if (!SAFE_DELIMITERS.has(delimiter)) return undefined;
  const d = `\\u${delimiter.charCodeAt(0).toString(16).padStart(4, '0')}`;
  const n = schema.fields.length;
  const kinds = new Uint8Array(n);
  const groups = new Uint16Array(n);
  const required = schema.fields.map((f) => f.constraints?.required === true);
  const parts: string[] = [];
  let group = 1;
  schema.fields.forEach((field, k) => {
    groups[k] = group;
    const typed = PATTERNS[field.type];
    if (typed) {
      kinds[k] = typed[0];
      parts.push(`(${typed[1]}|)`);
      group += 1;
    } else {
      kinds[k] = STRING;
      // Nor a control character or backslash, which JSON escapes: the text of a fast-lane row
      // then goes into JSON as it is (source-row-writer.ts).
      parts.push(`(?:"([^"\\\\\\x00-\\x1f]*)"|([^${d}"\\\\\\x00-\\x1f]*))`);
      group += 2;
    }
  });
  const pattern = new RegExp(`${parts.join(d)}(?=[\\r\\n])`, 'y');

  const take = (match: RegExpExecArray, line: number): boolean => {
    const values = new Array<TypedValue>(n);
    for (let k = 0; k < n; k++) {
      const g = groups[k]!;
      const kind = kinds[k]!;
      const text = kind === STRING ? (match[g] ?? match[g + 1]!) : match[g]!;
      if (text === '') {
        if (required[k]) return false;
        values[k] = null;
        continue;
      }
      if (kind === STRING || kind === PLAIN) {
        values[k] = text;
      } else if (kind === BOOLEAN) {
        values[k] = toBoolean(text)!;
      } else if (kind === DATE) {
        if (!plausibleDay(text)) return false;
        values[k] = text;
      } else {
        const datetime = toDatetime(text);
        if (datetime === undefined) return false;
        values[k] = datetime;
      }
    }
    sink(values, line, true);
    return true;
  };
  return { pattern, take };
}

function unanchored(pattern: RegExp): string {
  return pattern.source.slice(1, -1);
}

/** The pattern allows days up to 31 in every month; past the 28th the calendar decides. */
function plausibleDay(date: string): boolean {
  const day = (date.charCodeAt(8) - 48) * 10 + date.charCodeAt(9) - 48;
  return day <= 28 || isRealDate(+date.slice(0, 4), +date.slice(5, 7), day);
}
