/** Shared by the fast-path tests: memory sinks, generated CSV files, and the row-by-row oracle. */
import fc from 'fast-check';
import { ChunkDecoder } from '../../../functions/src/core/ingest/encoding.ts';
import type { SourceEncoding } from '../../../functions/src/core/ingest/encoding.ts';
import {
  csvLine,
  csvLineWriter,
  jsonRecordWriter,
} from '../../../functions/src/core/ingest/row-writers.ts';
import { TableReader } from '../../../functions/src/core/ingest/table-reader.ts';
import type { TypedValue } from '../../../functions/src/core/ingest/values.ts';
import type {
  TableField,
  TableSchema,
} from '../../../functions/src/core/schemas/dataset-version.ts';
import {
  DistributionWriter,
  type DistributionSink,
} from '../../../functions/src/services/publish/distribution-writer.ts';

/** A file being filled, in memory; small batches, so that every way of making room is used. */
export class MemorySink implements DistributionSink {
  buf = new Uint8Array(16);
  pos = 0;
  private readonly parts: Buffer[] = [];

  reserve(bytes: number): void {
    if (this.buf.length - this.pos >= bytes) return;
    this.handOver();
    this.buf = new Uint8Array(Math.max(16, bytes));
  }

  writeText(text: string): void {
    this.handOver();
    this.parts.push(Buffer.from(text, 'utf8'));
  }

  writeBytes(bytes: Uint8Array): void {
    this.handOver();
    this.parts.push(Buffer.from(bytes));
  }

  /** Everything written so far. */
  bytes(): Buffer {
    this.handOver();
    return Buffer.concat(this.parts);
  }

  private handOver(): void {
    this.parts.push(Buffer.from(this.buf.subarray(0, this.pos)));
    this.buf = new Uint8Array(16);
    this.pos = 0;
  }
}

export type Written = { csv: Buffer; json: Buffer; sourceIsCsv: boolean; rows: number };

export type ReadOptions = {
  delimiter?: string;
  header?: boolean;
  encoding?: SourceEncoding;
  /** Sizes to cut the bytes into, used in turn; one piece when absent. */
  cuts?: readonly number[];
  /** Whether fast-lane rows may be written from their bytes. @default true */
  sourceBytes?: boolean;
  /** Before which piece to stop writing from the bytes, as a switch to GB18030 would. */
  dropAt?: number;
};

/** Cuts bytes into pieces of the given sizes, used in turn. */
export function cut(bytes: Uint8Array, sizes: readonly number[] = []): Buffer[] {
  if (sizes.length === 0) return [Buffer.from(bytes)];
  const pieces: Buffer[] = [];
  for (let at = 0, k = 0; at < bytes.length; k++) {
    const size = sizes[k % sizes.length]!;
    pieces.push(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  return pieces;
}

/** Runs the pipeline's JavaScript pass over a file in memory, as process-dataset.ts does. */
export function writeDistributions(
  schema: TableSchema,
  bytes: Uint8Array,
  options: ReadOptions = {},
): Written & { problems: number } {
  const { delimiter = ',', header = true, encoding = 'utf-8' } = options;
  const csv = new MemorySink();
  const json = new MemorySink();
  const reader = new TableReader(schema, { delimiter, header });
  const out = new DistributionWriter({
    fields: schema.fields,
    delimiter,
    header,
    csv,
    json,
    sourceBytes: options.sourceBytes ?? true,
  });
  const onRow = (values: TypedValue[], line: number, fast: boolean) => {
    if (reader.problems.count === 0) out.row(values, line, fast);
  };
  const decoder = new ChunkDecoder(encoding);
  cut(bytes, options.cuts).forEach((piece, k) => {
    out.source(piece);
    const text = decoder.decode(piece);
    if (k === options.dropAt || reader.problems.count > 0) out.dropSource();
    reader.push(text, onRow);
  });
  reader.push(decoder.end(), onRow);
  reader.end(onRow);
  const sourceIsCsv = out.end();
  return {
    csv: csv.bytes(),
    json: json.bytes(),
    sourceIsCsv,
    rows: out.rows,
    problems: reader.problems.count,
  };
}

/**
 * What the distributions must hold, made the plain way: the decoded text's rows through
 * row-writers.ts, with no source bytes involved.
 */
export function expectedDistributions(
  schema: TableSchema,
  bytes: Uint8Array,
  options: ReadOptions = {},
): { csv: Buffer; json: Buffer } {
  const rows: TypedValue[][] = [];
  const reader = new TableReader(schema, options);
  const decoder = new ChunkDecoder(options.encoding ?? 'utf-8');
  for (const piece of cut(bytes, options.cuts))
    reader.push(decoder.decode(piece), (values) => rows.push(values));
  reader.push(decoder.end(), (values) => rows.push(values));
  reader.end((values) => rows.push(values));
  const toCsv = csvLineWriter(schema.fields);
  const toJson = jsonRecordWriter(schema.fields);
  const csv = csvLine(schema.fields.map((f) => f.name)) + rows.map(toCsv).join('');
  const records = rows.map((values, i) => `${i === 0 ? '\n' : ',\n'}${toJson(values)}`);
  const json = `[${records.join('')}${rows.length === 0 ? ']\n' : '\n]\n'}`;
  return { csv: Buffer.from(csv, 'utf8'), json: Buffer.from(json, 'utf8') };
}

/** Ways a valid value of each type can be written; the first ones are canonical. */
const SPELLINGS: Record<TableField['type'], readonly string[]> = {
  integer: ['0', '42', '-7', '12345678901234567890', '007', '+5', '1,234', ' 9 '],
  number: ['3.14', '-0.5', '1e5', '25.340', '-0', '.5', '1,234.5', '+2.', '1E-3'],
  boolean: ['true', 'false', 'TRUE', 'False', '是', '否', '1', '0'],
  date: ['2023-06-30', '2024-02-29', '2023/6/30', '2023年6月30日', '2023-6-1'],
  datetime: [
    '2023-06-30T14:05:09',
    '2023-06-30T14:05:09Z',
    '2023-06-30T14:05:09.123+08:00',
    '2023-06-30 14:05',
    '2023-06-30T14:05:09+0800',
  ],
  string: [],
};

const ORDINARY = ['北京', '海淀区', 'a', 'Z9', ' ', '1', '，', '😀', '𠀀', ','];

/** Text as canonical files hold it: Chinese, emoji, characters outside the BMP, commas. */
const plainText = fc.array(fc.constantFrom(...ORDINARY), { maxLength: 6 }).map((p) => p.join(''));

/** Text with what CSV quotes and what JSON escapes, too. */
const anyText = fc
  .array(
    fc.oneof(
      { weight: 12, arbitrary: fc.constantFrom(...ORDINARY) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(';', '|', '"', '\\', '\t', '\u0001', '\u001f', '\u007f'),
      },
      { weight: 1, arbitrary: fc.constantFrom('\n', '\r\n', '\u2028', '\u00a0', '\ufeff') },
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

const TYPES = ['string', 'integer', 'number', 'boolean', 'date', 'datetime'] as const;
const NAMES = ['序号', '名称', 'amount', '有效', '日期', 'updated at', '备注😀', 'x'];

/** A schema of one to six fields, names distinct, some required. */
export const schemas: fc.Arbitrary<TableSchema> = fc
  .array(fc.tuple(fc.constantFrom(...TYPES), fc.boolean()), { minLength: 1, maxLength: 6 })
  .map((shape) => ({
    fields: shape.map(([type, required], k) => ({
      name: NAMES[k]!,
      type,
      ...(required && { constraints: { required: true } }),
    })),
  }));

/**
 * One valid cell of a field, as text. Canonical cells are spelled as the pipeline writes them;
 * others use every valid spelling, canonical ones four times as often as the rest.
 */
function cellOf(field: TableField, canonical: boolean): fc.Arbitrary<string> {
  const spellings = SPELLINGS[field.type];
  const value =
    field.type === 'string'
      ? canonical
        ? plainText
        : anyText
      : canonical
        ? fc.constantFrom(...spellings.slice(0, 2))
        : fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...spellings.slice(0, 2)) },
            { weight: 1, arbitrary: fc.constantFrom(...spellings) },
          );
  const required = field.constraints?.required === true;
  return required
    ? value.filter((v) => v !== '')
    : fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant('') });
}

/** Writes a cell as CSV does, quoting when it must and, for text, sometimes when it need not. */
function quoted(cell: string, delimiter: string, quoteAnyway: boolean): string {
  const must = /[\r\n"]/.test(cell) || cell.includes(delimiter);
  return must || quoteAnyway ? `"${cell.replaceAll('"', '""')}"` : cell;
}

export type GeneratedFile = {
  schema: TableSchema;
  delimiter: string;
  header: boolean;
  text: string;
  bytes: Buffer;
};

/**
 * A valid CSV file for a generated schema. Half are canonical: the normalised CSV itself.
 * The others vary everything: header (exact, quoted, padded, or none), delimiter, valid
 * spellings, quotes where none are needed, LF, CRLF or CR line breaks, a final one or not,
 * a byte-order mark, trailing blank lines.
 */
export const files: fc.Arbitrary<GeneratedFile> = fc
  .tuple(schemas, fc.boolean())
  .chain(([schema, canonical]) => {
    const row = fc.tuple(
      ...schema.fields.map((field) =>
        fc.tuple(cellOf(field, canonical), fc.integer({ min: 0, max: 9 })),
      ),
    );
    const messy = !canonical;
    return fc
      .record({
        delimiter: messy ? fc.constantFrom(',', ',', ',', ';', '\t', '|') : fc.constant(','),
        headerStyle: messy
          ? fc.constantFrom('exact', 'exact', 'quoted', 'padded', 'none')
          : fc.constant('exact'),
        rows: fc.array(
          fc.tuple(
            row,
            messy ? fc.constantFrom('\n', '\n', '\n', '\r\n', '\r') : fc.constant('\n'),
          ),
          { maxLength: 12 },
        ),
        finalBreak: messy ? fc.boolean() : fc.constant(true),
        bom: messy ? fc.boolean() : fc.constant(false),
        blankTail: messy ? fc.constantFrom('', '', '\n', '\r\n\r\n') : fc.constant(''),
      })
      .map(({ delimiter, headerStyle, rows, finalBreak, bom, blankTail }) => {
        const names = schema.fields.map((f) => f.name);
        const headerText =
          headerStyle === 'none'
            ? ''
            : `${names
                .map((name) =>
                  headerStyle === 'quoted'
                    ? `"${name}"`
                    : headerStyle === 'padded'
                      ? ` ${name} `
                      : quoted(name, delimiter, false),
                )
                .join(delimiter)}\n`;
        const lines = rows.map(([cells, lineBreak]) => {
          const line = cells
            .map(([cell, coin], k) =>
              quoted(cell, delimiter, messy && coin === 0 && schema.fields[k]!.type === 'string'),
            )
            .join(delimiter);
          // A lone empty cell is written quoted, or the line would be blank.
          return (line === '' ? '""' : line) + lineBreak;
        });
        let body = lines.join('');
        if (!finalBreak && lines.length > 0) body = body.replace(/(\r\n|\r|\n)$/, '');
        const text = headerText + body + (lines.length > 0 && finalBreak ? blankTail : '');
        const bytes = Buffer.from((bom ? '\ufeff' : '') + text, 'utf8');
        return { schema, delimiter, header: headerStyle !== 'none', text, bytes };
      })
      .filter((file) => file.text !== '');
  });

/** Sizes to cut a file's bytes into: small enough to split characters and CRLF pairs. */
export const cuts = fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 });
