/**
 * Serialisers for the published distributions. The pipeline appends their output to streams:
 * the CSV is a header line then one line per row; the JSON is `[`, records joined by `,\n`, `]`.
 * Rows come out as flat strings from one `join` each, which later batching and UTF-8
 * encoding copy cheaply (measured faster than building them by concatenation).
 */
import type { TableField } from '../schemas/dataset-version.ts';
import type { TypedValue } from './values.ts';

type FieldShape = Pick<TableField, 'name' | 'type'>;

const NEEDS_QUOTES = /[",\r\n]/;

/** One RFC 4180 line ending in LF, for any values (a header, say); quotes only when needed. */
export function csvLine(values: readonly TypedValue[]): string {
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (typeof v === 'string' && NEEDS_QUOTES.test(v)) return quotedLine(values);
  }
  return plainLine(values);
}

/**
 * Compiles `csvLine` for the rows of a schema. Canonical numbers, dates and booleans never
 * need quotes, so only text columns are looked at.
 */
export function csvLineWriter(
  fields: readonly FieldShape[],
): (values: readonly TypedValue[]) => string {
  const text = fields.flatMap((f, k) => (f.type === 'string' ? [k] : []));
  return (values) => {
    for (let i = 0; i < text.length; i++) {
      const v = values[text[i]!];
      if (typeof v === 'string' && NEEDS_QUOTES.test(v)) return quotedLine(values);
    }
    return plainLine(values);
  };
}

function plainLine(values: readonly TypedValue[]): string {
  // A lone empty value is quoted, or the line would be blank and read back as no record at all.
  if (values.length === 1 && (values[0] === null || values[0] === '')) return '""\n';
  // join writes null as '' and booleans as true/false, which is what the CSV should say.
  return `${values.join(',')}\n`;
}

function quotedLine(values: readonly TypedValue[]): string {
  const cells = values.map((v) =>
    typeof v === 'string' && NEEDS_QUOTES.test(v) ? `"${v.replaceAll('"', '""')}"` : v,
  );
  return `${cells.join(',')}\n`;
}

/**
 * Compiles a writer of one JSON object per row, keys in schema order. Numbers are written from
 * their canonical text (see values.ts), so big integers stay exact; empty cells are `null`.
 */
export function jsonRecordWriter(
  fields: readonly FieldShape[],
): (values: readonly TypedValue[]) => string {
  const pieces = fields.flatMap((f, k) => [`${k === 0 ? '{' : ','}${JSON.stringify(f.name)}:`, '']);
  pieces.push('}');
  const numeric = fields.map((f) => f.type === 'integer' || f.type === 'number');
  return (values) => {
    for (let k = 0; k < numeric.length; k++) {
      const v = values[k];
      pieces[2 * k + 1] =
        v === null || v === undefined
          ? 'null'
          : typeof v === 'boolean'
            ? String(v)
            : numeric[k]
              ? v
              : JSON.stringify(v);
    }
    return pieces.join('');
  };
}
