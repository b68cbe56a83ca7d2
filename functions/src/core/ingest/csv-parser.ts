/**
 * A streaming RFC 4180 parser over text chunks. Records may span chunks at any character.
 *
 * Decisions a reader of the output should know:
 * - Line breaks are CRLF, LF or a lone CR, also inside quoted fields; each counts as one line.
 * - A quote inside an unquoted field (`ab"c`) is kept as a literal character, as most
 *   spreadsheet exports mean it. Text after a closing quote other than a delimiter or a line
 *   break (`"ab"c`) is a `csv-syntax` error.
 * - An empty line in the middle of the data is a record with one empty field, so a one-column
 *   table keeps its empty values and a wider table reports the line as ragged. Empty lines after
 *   the last record are ignored.
 * - A record longer than `maxRecordLength` characters is an error: it is nearly always an
 *   unclosed quote, and holding it would make memory grow with the file.
 */
import { DatarunError, problem } from '../errors.ts';

/** Receives one record: its fields and the 1-based physical line where it starts. */
export type RowHandler = (fields: string[], line: number) => void;

export type CsvParserOptions = {
  /** One character; `,` unless given. */
  delimiter?: string;
  /** Named in errors. */
  file?: string;
  /** @default 16 Mi characters */
  maxRecordLength?: number;
};

const QUOTE = 34;
const LF = 10;
const CR = 13;

// Parser states. IDLE is between records; the others are inside a record that has a quote.
const IDLE = 0;
const FIELD_START = 1;
const UNQUOTED = 2;
const QUOTED = 3;
const AFTER_QUOTE = 4;

/** Streaming CSV parser: `push` text chunks, then `end`; both call `onRow` per complete record. */
export class CsvParser {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly file: string | undefined;
  private readonly maxRecordLength: number;

  /** The physical line at the current position. */
  private line = 1;
  /** Absolute offset (in characters of the whole stream) of the current chunk's first character. */
  private base = 0;
  /** An incomplete line without quotes, held until the next chunk. */
  private carry = '';
  /** The previous chunk ended with CR: an LF at the start of the next one belongs to it. */
  private skipLF = false;
  /** Empty lines not yet emitted: they become records only if a record follows them. */
  private blankFrom = 0;
  private blankCount = 0;

  private state = IDLE;
  private fields: string[] = [];
  private parts: string[] = [];
  private recordLine = 0;
  private recordStart = 0;
  private lineStart = 0;
  private quoteLine = 0;
  private quoteColumn = 0;
  private quotedCR = false;

  constructor(options: CsvParserOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new DatarunError(
        problem('config', `the delimiter must be one character other than a quote or line break, not ${JSON.stringify(delimiter)}`),
      );
    }
    this.delimiter = delimiter;
    this.delimiterCode = delimiter.charCodeAt(0);
    this.file = options.file;
    this.maxRecordLength = options.maxRecordLength ?? 16 * 1024 * 1024;
  }

  /** Parses a chunk; records that end in it are passed to `onRow`, the rest is kept. */
  push(text: string, onRow: RowHandler): void {
    const scanFrom = this.carry.length;
    const data = scanFrom > 0 ? this.carry + text : text;
    this.carry = '';
    const n = data.length;
    let i = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (data.charCodeAt(0) === LF) i = 1;
    }
    if (this.state !== IDLE) i = this.advance(data, i, onRow);

    // Lines without a quote are split directly; the positions of the next quote, CR and LF
    // are cached so that each character is searched for once per chunk.
    let nextQuote = -1;
    let nextCR = -1;
    let nextLF = -1;
    const from = Math.max(i, scanFrom);
    while (i < n && this.state === IDLE) {
      if (nextLF < i) nextLF = indexOrEnd(data, '\n', Math.max(i, from), n);
      if (nextCR < i) nextCR = indexOrEnd(data, '\r', Math.max(i, from), n);
      if (nextQuote < i) nextQuote = indexOrEnd(data, '"', Math.max(i, from), n);
      const end = nextLF < nextCR ? nextLF : nextCR;
      if (nextQuote < end) {
        this.startRecord(i);
        i = this.advance(data, i, onRow);
        continue;
      }
      if (end === n) break;
      if (end === i) {
        if (this.blankCount++ === 0) this.blankFrom = this.line;
      } else {
        this.emit(data.slice(i, end).split(this.delimiter), this.line, onRow);
      }
      this.line++;
      i = end + 1;
      if (data.charCodeAt(end) === CR) {
        if (i === n) this.skipLF = true;
        else if (data.charCodeAt(i) === LF) i++;
      }
    }

    if (this.state === IDLE && i < n) this.carry = data.slice(i);
    this.base += n - this.carry.length;
    this.checkLength();
  }

  /** Ends the input: emits the last record, or throws if a quoted field was never closed. */
  end(onRow: RowHandler): void {
    if (this.state === QUOTED) {
      throw new DatarunError(
        problem('csv-syntax', 'this quoted field is never closed: a closing quote (") is missing', {
          file: this.file,
          line: this.quoteLine,
          column: this.quoteColumn,
        }),
      );
    }
    if (this.state !== IDLE) {
      this.endField();
      this.state = IDLE;
      this.emit(this.fields, this.recordLine, onRow);
    } else if (this.carry.length > 0) {
      this.emit(this.carry.split(this.delimiter), this.line, onRow);
      this.carry = '';
    }
    this.blankCount = 0;
  }

  private emit(fields: string[], line: number, onRow: RowHandler): void {
    if (this.blankCount > 0) {
      for (let k = 0; k < this.blankCount; k++) onRow([''], this.blankFrom + k);
      this.blankCount = 0;
    }
    onRow(fields, line);
  }

  private startRecord(i: number): void {
    this.state = FIELD_START;
    this.fields = [];
    this.recordLine = this.line;
    this.recordStart = this.base + i;
    this.lineStart = this.base + i;
  }

  private endField(): void {
    const parts = this.parts;
    this.fields.push(parts.length === 0 ? '' : parts.length === 1 ? parts[0]! : parts.join(''));
    this.parts = [];
  }

  /** Runs the quote-aware state machine until the record ends or the chunk does. */
  private advance(data: string, start: number, onRow: RowHandler): number {
    const n = data.length;
    const d = this.delimiterCode;
    let state = this.state;
    let i = start;
    while (i < n) {
      if (state === QUOTED) {
        let j = i;
        if (this.quotedCR && data.charCodeAt(j) === LF) {
          this.lineStart = this.base + j + 1;
          j++;
        }
        this.quotedCR = false;
        let c = 0;
        while (j < n) {
          c = data.charCodeAt(j);
          if (c === QUOTE) break;
          if (c === LF || c === CR) {
            this.line++;
            if (c === CR) {
              if (j + 1 === n) this.quotedCR = true;
              else if (data.charCodeAt(j + 1) === LF) j++;
            }
            this.lineStart = this.base + j + 1;
          }
          j++;
        }
        if (j > i) this.parts.push(data.slice(i, j));
        if (j === n) break;
        i = j + 1;
        state = AFTER_QUOTE;
        continue;
      }
      if (state === AFTER_QUOTE) {
        const c = data.charCodeAt(i);
        if (c === QUOTE) {
          this.parts.push('"');
          i++;
          state = QUOTED;
          continue;
        }
        if (c === d) {
          this.endField();
          i++;
          state = FIELD_START;
          continue;
        }
        if (c === LF || c === CR) return this.endRecord(data, i, onRow);
        this.state = state;
        throw new DatarunError(
          problem('csv-syntax', `unexpected ${JSON.stringify(String.fromCodePoint(data.codePointAt(i)!))} after a closing quote: expected the delimiter ${JSON.stringify(this.delimiter)} or the end of the line (a quote inside a quoted field is written "")`, {
            file: this.file,
            line: this.line,
            column: this.base + i - this.lineStart + 1,
          }),
        );
      }
      if (state === FIELD_START) {
        if (data.charCodeAt(i) === QUOTE) {
          this.quoteLine = this.line;
          this.quoteColumn = this.base + i - this.lineStart + 1;
          i++;
          state = QUOTED;
          continue;
        }
        state = UNQUOTED;
      }
      let j = i;
      let c = 0;
      while (j < n) {
        c = data.charCodeAt(j);
        if (c === d || c === LF || c === CR) break;
        j++;
      }
      if (j > i) this.parts.push(data.slice(i, j));
      if (j === n) break;
      if (c === d) {
        this.endField();
        i = j + 1;
        state = FIELD_START;
        continue;
      }
      return this.endRecord(data, j, onRow);
    }
    this.state = state;
    return n;
  }

  /** Ends the record at the line break at `i`; returns the index after the break. */
  private endRecord(data: string, i: number, onRow: RowHandler): number {
    this.endField();
    this.state = IDLE;
    this.emit(this.fields, this.recordLine, onRow);
    this.fields = [];
    this.line++;
    let next = i + 1;
    if (data.charCodeAt(i) === CR) {
      if (next === data.length) this.skipLF = true;
      else if (data.charCodeAt(next) === LF) next++;
    }
    return next;
  }

  private checkLength(): void {
    if (this.state !== IDLE && this.base - this.recordStart > this.maxRecordLength) {
      const where =
        this.state === QUOTED
          ? `; is the quote opened at line ${this.quoteLine}, column ${this.quoteColumn} closed?`
          : '';
      throw new DatarunError(
        problem('csv-syntax', `the record starting here is longer than ${this.maxRecordLength} characters${where}`, {
          file: this.file,
          line: this.recordLine,
        }),
      );
    }
    if (this.carry.length > this.maxRecordLength) {
      throw new DatarunError(
        problem('csv-syntax', `this line is longer than ${this.maxRecordLength} characters`, {
          file: this.file,
          line: this.line,
        }),
      );
    }
  }
}

function indexOrEnd(data: string, char: string, from: number, n: number): number {
  const k = data.indexOf(char, from);
  return k === -1 ? n : k;
}
