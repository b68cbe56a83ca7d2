import type { TableField } from '../../core/schemas/dataset-version.ts';
import { csvLine, csvLineWriter, jsonRecordWriter } from '../../core/ingest/row-writers.ts';
import { SourceRowWriter } from '../../core/ingest/source-row-writer.ts';
import type { ByteSink } from '../../core/ingest/source-row-writer.ts';
import type { TypedValue } from '../../core/ingest/values.ts';

/** A CSV or JSON file being filled: an OutputFile, or memory in tests. */
export type DistributionSink = ByteSink & {
  writeText(text: string): void;
  /** Appends a copy of the bytes. */
  writeBytes(bytes: Uint8Array): void;
};

export type DistributionWriterOptions = {
  fields: readonly Pick<TableField, 'name' | 'type'>[];
  delimiter: string;
  header: boolean;
  csv: DistributionSink;
  json: DistributionSink;
  /** Whether the file is UTF-8 and its bytes will be given to `source`, chunk by chunk. */
  sourceBytes: boolean;
};

const LF = 0x0a;
const CR = 0x0d;
const COMMA = 0x2c;
const EMPTY = Buffer.alloc(0);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Writes the CSV and JSON distributions of a file, row by row, as the table reader hands the
 * rows on. The CSV is a header line then one line per row, each ending in LF whatever the
 * source used (a CRLF file publishes the bytes its LF twin does); the JSON is `[`, records
 * joined by `,\n`, `]` (row-writers.ts). What is written does not depend on how.
 *
 * How: a UTF-8 file's bytes arrive chunk by chunk (`source`), each just before the reader
 * reads the same chunk's text. A fast-lane row then gets its JSON record from its bytes
 * (source-row-writer.ts), and its bytes are copied to the CSV when they already are its line
 * (the line break aside), runs of such rows in one piece; else that line is written from the
 * values. Every other row is written from its values, and the next fast-lane row is found
 * again by counting line breaks, as the parser counts lines. When the bytes cannot be followed
 * (the text turned out to be GB18030, say), every later row is written from its values.
 */
export class DistributionWriter {
  /** Rows written so far. */
  rows = 0;
  private readonly writer: SourceRowWriter;
  private readonly toCsv: (values: readonly TypedValue[]) => string;
  private readonly toJson: (values: readonly TypedValue[]) => string;
  private readonly headerLine: string;
  private readonly csv: DistributionSink;
  private readonly json: DistributionSink;
  private readonly header: boolean;
  /** The source bytes being written from: the unused part of `filling`. */
  private src: Buffer = EMPTY;
  private filling: Buffer = EMPTY;
  private spare: Buffer = EMPTY;
  /** Where `src` starts in the file. */
  private offset = 0;
  /** Where the next unread byte is in `src`. */
  private at = 0;
  /** Where the CSV bytes not yet written start in `src`; up to `at` they are copied as they are. */
  private copyFrom = 0;
  /** The physical line `at` is on, counted as the parser counts. */
  private line = 1;
  private headerPending = true;
  /** The last chunk ended with CR: an LF opening the next one belongs to it. */
  private skipLF = false;
  private nextLF = -1;
  private nextCR = -1;
  /** Whether the CSV written so far is the source file from its first byte. */
  private identical = true;
  /** Rows are written from their values only. */
  private valuesOnly: boolean;

  constructor(options: DistributionWriterOptions) {
    this.writer = new SourceRowWriter(options.fields, options.delimiter);
    this.toCsv = csvLineWriter(options.fields);
    this.toJson = jsonRecordWriter(options.fields);
    this.headerLine = csvLine(options.fields.map((f) => f.name));
    this.csv = options.csv;
    this.json = options.json;
    this.header = options.header;
    this.valuesOnly = !options.sourceBytes;
    this.json.writeText('[');
  }

  /** Takes the next chunk of the source file; the bytes already used are let go. */
  source(chunk: Buffer): void {
    if (this.valuesOnly) return;
    this.copyOut();
    // The bytes not yet used, then the chunk, in whichever of two buffers is not `src`: the
    // sinks copy what they are given, so a buffer is free again once it is not `src`.
    const rest = this.src.length - this.at;
    let next = this.spare;
    if (next.length < rest + chunk.length) next = Buffer.allocUnsafe(rest + chunk.length);
    this.src.copy(next, 0, this.at);
    chunk.copy(next, rest);
    this.spare = this.filling;
    this.filling = next;
    this.offset += this.at;
    this.src = next.subarray(0, rest + chunk.length);
    this.at = 0;
    this.copyFrom = 0;
    this.nextLF = -1;
    this.nextCR = -1;
    if (this.skipLF && this.src.length > 0) {
      this.skipLF = false;
      if (this.src[0] === LF) this.at = this.copyFrom = 1;
    }
    // The decoder may drop a U+FEFF met after an ASCII start, as it drops a byte-order mark
    // (encoding.ts decodes that part with a fresh TextDecoder): the text would not be the bytes.
    const bom = this.src.indexOf(BOM, this.offset === 0 ? 1 : 0);
    if (bom >= 0) this.dropSource();
  }

  /** From now on, writes rows from their values only, and lets the source bytes go. */
  dropSource(): void {
    if (this.headerPending) this.writeHeader();
    this.copyOut();
    this.valuesOnly = true;
    this.identical = false;
    this.release();
  }

  /** Writes one valid row: its typed values, its line, and whether it took the fast lane. */
  row(values: readonly TypedValue[], line: number, fast: boolean): void {
    if (this.headerPending) this.writeHeader();
    const json = this.json;
    json.reserve(2);
    if (this.rows > 0) json.buf[json.pos++] = COMMA;
    json.buf[json.pos++] = LF;
    this.rows++;
    // Stepping to every row's line, slow-lane rows too, lets go of the bytes before it.
    if (!this.valuesOnly && (line === this.line || this.skipTo(line))) {
      if (fast && this.fromSource(values)) return;
    }
    this.copyOut();
    this.identical = false;
    this.csv.writeText(this.toCsv(values));
    json.writeText(this.toJson(values));
  }

  /** Ends both files; returns whether the CSV written is the source file, byte for byte. */
  end(): boolean {
    if (this.headerPending) this.writeHeader();
    this.copyOut();
    this.json.writeText(this.rows === 0 ? ']\n' : '\n]\n');
    const whole = !this.valuesOnly && this.identical && this.at === this.src.length;
    this.release();
    return whole;
  }

  private release(): void {
    this.src = this.filling = this.spare = EMPTY;
    this.at = this.copyFrom = 0;
  }

  /** Writes the fast-lane row at `at` from its bytes; false, having written nothing, if not. */
  private fromSource(values: readonly TypedValue[]): boolean {
    const src = this.src;
    const start = this.at;
    if (this.nextLF < start) this.nextLF = indexOrEnd(src, LF, start);
    if (this.nextCR < start) this.nextCR = indexOrEnd(src, CR, start);
    const end = this.nextLF < this.nextCR ? this.nextLF : this.nextCR;
    if (end === src.length || !this.writer.write(src, start, end, values, this.json)) {
      this.dropSource();
      return false;
    }
    if (this.writer.verbatim && src[end] === LF) {
      this.at = end + 1;
    } else {
      this.copyOut();
      if (this.writer.verbatim) {
        // The line as it is, but ending in LF, not CRLF or CR.
        const csv = this.csv;
        csv.reserve(end - start + 1);
        csv.buf.set(src.subarray(start, end), csv.pos);
        csv.pos += end - start;
        csv.buf[csv.pos++] = LF;
      } else {
        this.csv.writeText(this.toCsv(values));
      }
      this.identical = false;
      this.at = this.copyFrom = this.afterBreak(end);
    }
    this.line++;
    return true;
  }

  /**
   * Writes the CSV header. From the source, a byte-order mark is stepped over, and a header
   * that is exactly the line written here is stepped over too, to be copied with the rows;
   * any other header is written anew, and the lines it takes are skipped with the first row's.
   */
  private writeHeader(): void {
    this.headerPending = false;
    const src = this.src;
    let start = this.at;
    if (src[start] === 0xef && src[start + 1] === 0xbb && src[start + 2] === 0xbf) {
      start += 3;
      this.identical = false;
    }
    this.at = this.copyFrom = start;
    const expected = Buffer.from(this.headerLine, 'utf8');
    const oneLine = expected.indexOf(LF) === expected.length - 1 && expected.indexOf(CR) < 0;
    if (
      !this.valuesOnly &&
      this.header &&
      oneLine &&
      src.subarray(start, start + expected.length).equals(expected)
    ) {
      this.at = start + expected.length;
      this.line = 2;
      return;
    }
    this.csv.writeText(this.headerLine);
    this.identical = false;
  }

  /** Writes the bytes copied as they are, up to `at`. */
  private copyOut(): void {
    if (this.at > this.copyFrom) this.csv.writeBytes(this.src.subarray(this.copyFrom, this.at));
    this.copyFrom = this.at;
  }

  /**
   * Steps over line breaks (CRLF, LF or CR), as the parser counts lines, to the start of `line`,
   * past rows written from their values; gives up on the source bytes if they do not get there.
   */
  private skipTo(line: number): boolean {
    this.copyOut();
    this.identical = false;
    const src = this.src;
    while (this.line < line) {
      const from = this.at;
      if (this.nextLF < from) this.nextLF = indexOrEnd(src, LF, from);
      if (this.nextCR < from) this.nextCR = indexOrEnd(src, CR, from);
      const lineBreak = this.nextLF < this.nextCR ? this.nextLF : this.nextCR;
      if (lineBreak === src.length) break;
      this.at = this.afterBreak(lineBreak);
      this.line++;
    }
    this.copyFrom = this.at;
    if (this.line === line) return true;
    this.dropSource();
    return false;
  }

  /** The index after the line break at `i` (CRLF, LF or CR). */
  private afterBreak(i: number): number {
    const src = this.src;
    if (src[i] === CR) {
      if (i + 1 === src.length) {
        this.skipLF = true;
        return i + 1;
      }
      if (src[i + 1] === LF) return i + 2;
    }
    return i + 1;
  }
}

function indexOrEnd(src: Buffer, byte: number, from: number): number {
  const i = src.indexOf(byte, from);
  return i < 0 ? src.length : i;
}
