/**
 * The JSON record of a fast-lane row written straight from the row's UTF-8 source bytes, and
 * whether those bytes already are its published CSV line. This is the cheap way to write the
 * distributions of rows that are canonical: no text is built or encoded per row.
 *
 * It is valid only for rows the table reader's fast lane took (see record-matcher.ts): one
 * line, every value in canonical form, quotes only around a whole text value, and no quote,
 * backslash or control character inside one, so text goes into JSON as it is. For those rows
 * the bytes written are exactly what row-writers.ts writes from the typed values; the tests
 * compare both on generated rows. Booleans and datetimes, which the fast lane normalises, are
 * written from the typed values, and numbers and dates are checked against them.
 */
import type { TableField } from '../schemas/dataset-version.ts';
import { toBoolean, toDatetime, type TypedValue } from './values.ts';

/**
 * A byte buffer being filled. After `reserve(n)`, `buf` has room for `n` more bytes from `pos`;
 * it may then be a different buffer, so `buf` and `pos` are read again after every call.
 */
export interface ByteSink {
  buf: Uint8Array;
  pos: number;
  reserve(bytes: number): void;
}

type FieldShape = Pick<TableField, 'name' | 'type'>;

const TEXT = 0;
const NUMBER = 1;
const DATE = 2;
const BOOLEAN = 3;
const DATETIME = 4;

const KINDS: Record<TableField['type'], number> = {
  string: TEXT,
  integer: NUMBER,
  number: NUMBER,
  date: DATE,
  boolean: BOOLEAN,
  datetime: DATETIME,
};

const QUOTE = 0x22;
const COMMA = 0x2c;
const NULL_BYTES = [0x6e, 0x75, 0x6c, 0x6c];
const TRUE_BYTES = [0x74, 0x72, 0x75, 0x65];
const FALSE_BYTES = [0x66, 0x61, 0x6c, 0x73, 0x65];
/** Longer runs are copied natively; shorter ones byte by byte, which costs less per call. */
const NATIVE_COPY_BYTES = 32;

/**
 * Writes fast-lane rows of one schema and delimiter from their source bytes. After each `write`,
 * `verbatim` says whether the row's bytes, up to its line break, are exactly the line
 * row-writers.ts would write for it (comma-delimited, no quotes it would not write, booleans
 * spelled true/false, datetimes already normalised).
 */
export class SourceRowWriter {
  /** Set by `write`: whether the source bytes of the row are its published CSV line. */
  verbatim = false;
  private readonly kinds: Uint8Array;
  /** `{"name":` then `,"name":` for each field, UTF-8. */
  private readonly keys: Uint8Array[];
  /** The most bytes a record takes beyond its source bytes: keys, quotes, null, false. */
  private readonly overhead: number;
  private readonly delimiter: number;

  constructor(fields: readonly FieldShape[], delimiter: string) {
    this.kinds = Uint8Array.from(fields, (f) => KINDS[f.type]);
    const encoder = new TextEncoder();
    this.keys = fields.map((f, k) =>
      encoder.encode(`${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`),
    );
    // A datetime may grow from 16 bytes (2023-06-30 14:05) to 29 (…T14:05:00+08:00) plus quotes.
    this.overhead = this.keys.reduce((sum, key) => sum + key.length, 0) + 32 * fields.length + 1;
    this.delimiter = delimiter.charCodeAt(0);
  }

  /**
   * Writes the JSON record of the row whose bytes are `src[start, end)` (`end` is its line
   * break) and whose typed values are `values`. Returns false, having written nothing, when the
   * bytes are not a fast-lane row of this schema with these values.
   */
  write(
    src: Buffer,
    start: number,
    end: number,
    values: readonly TypedValue[],
    json: ByteSink,
  ): boolean {
    const kinds = this.kinds;
    const n = kinds.length;
    if (values.length !== n) return false;
    const d = this.delimiter;
    json.reserve(end - start + this.overhead);
    const out = json.buf;
    const keys = this.keys;
    let p = json.pos;
    let verbatim = d === COMMA;
    let i = start;
    for (let k = 0; k < n; k++) {
      if (k > 0) {
        if (src[i] !== d) return false;
        i++;
      }
      const key = keys[k]!;
      out.set(key, p);
      p += key.length;
      const kind = kinds[k]!;
      const value = values[k];
      const quoted = kind === TEXT && src[i] === QUOTE;
      const from = quoted ? i + 1 : i;
      let to = src.indexOf(quoted ? QUOTE : d, from);
      if (to < 0 || to > end) {
        if (quoted) return false;
        to = end;
      }
      i = quoted ? to + 1 : to;
      if (to === from) {
        if (value !== null) return false;
        for (const b of NULL_BYTES) out[p++] = b;
        // row-writers writes an empty value unquoted.
        if (quoted) verbatim = false;
        continue;
      }
      if (kind === TEXT) {
        // A UTF-16 code unit takes one to three bytes of UTF-8: a cheap check of the place.
        if (typeof value !== 'string' || to - from < value.length || to - from > 3 * value.length)
          return false;
        // row-writers quotes a value only when it must: here, when it holds a comma.
        if (quoted) {
          const comma = src.indexOf(COMMA, from);
          if (comma < 0 || comma > to) verbatim = false;
        }
        out[p++] = QUOTE;
        if (to - from >= NATIVE_COPY_BYTES) {
          out.set(src.subarray(from, to), p);
          p += to - from;
        } else {
          for (let j = from; j < to; j++) out[p++] = src[j]!;
        }
        out[p++] = QUOTE;
      } else if (kind === BOOLEAN) {
        if (typeof value !== 'boolean') return false;
        const spelled = value ? TRUE_BYTES : FALSE_BYTES;
        if (!sameBytes(src, from, to, spelled)) {
          if (toBoolean(src.toString('utf8', from, to)) !== value) return false;
          verbatim = false;
        }
        for (const b of spelled) out[p++] = b;
      } else {
        // Numbers, dates and datetimes are ASCII, written from the typed value, which for
        // numbers and dates is the source text itself.
        if (typeof value !== 'string') return false;
        if (!sameText(src, from, to, value)) {
          if (kind !== DATETIME || toDatetime(src.toString('latin1', from, to)) !== value)
            return false;
          verbatim = false;
        }
        if (kind !== NUMBER) out[p++] = QUOTE;
        for (let j = 0; j < value.length; j++) out[p++] = value.charCodeAt(j);
        if (kind !== NUMBER) out[p++] = QUOTE;
      }
    }
    if (i !== end) return false;
    out[p++] = 0x7d;
    json.pos = p;
    this.verbatim = verbatim;
    return true;
  }
}

/** Whether `src[from, to)` holds exactly this ASCII text. */
function sameText(src: Uint8Array, from: number, to: number, text: string): boolean {
  if (to - from !== text.length) return false;
  for (let j = 0; j < text.length; j++) if (src[from + j] !== text.charCodeAt(j)) return false;
  return true;
}

function sameBytes(src: Uint8Array, from: number, to: number, bytes: readonly number[]): boolean {
  if (to - from !== bytes.length) return false;
  for (let j = 0; j < bytes.length; j++) if (src[from + j] !== bytes[j]) return false;
  return true;
}
