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

/**
 * A shortcut for records of a known simple shape, so that one native regular-expression match
 * does the work of splitting (and, for a table reader, of checking) a whole line.
 */
export type RecordMatcher = {
  /** Sticky (`y`) pattern that matches a whole one-line record, up to but not including its line break. */
  pattern: RegExp;
  /** Handles a match; returns false to let the parser split the record and call `onRow`. */
  take(match: RegExpExecArray, line: number): boolean;
};

export type CsvParserOptions = {
  /** One character; `,` unless given. */
  delimiter?: string;
  /** Named in errors. */
  file?: string;
  /** @default 16 Mi characters */
  maxRecordLength?: number;
  /** Tried on every one-line record before it is split. */
  matcher?: RecordMatcher;
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
  private readonly matcher: RecordMatcher | undefined;

  /** The physical line at the current position. */
  private line = 1;
  /** Absolute offset (in characters of the whole stream) of the current chunk's first character. */
  private base = 0;
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
    this.matcher = options.matcher;
    if (this.matcher && !this.matcher.pattern.sticky) {
      throw new DatarunError(problem('config', 'a record matcher needs a sticky (y) pattern'));
    }
  }

  /** Parses a chunk; records that end in it are passed to `onRow`, the rest is kept. */
  push(text: string, onRow: RowHandler): void {
    if (text.length === 0) return;
    const data = text;
    const n = data.length;
    const delimiter = this.delimiter;
    const matcher = this.matcher;
    let i = 0;
    if (this.skipLF) {
      this.skipLF = false;
      if (data.charCodeAt(0) === LF) i = 1;
    }
    if (this.state !== IDLE) i = this.advance(data, i, onRow);

    // The positions of the next delimiter, quote, CR and LF are cached, so that each is
    // searched for with the engine's native indexOf once per chunk rather than per character.
    let nextDelim = -1;
    let nextQuote = -1;
    let nextCR = -1;
    let nextLF = -1;
    records: while (i < n && this.state === IDLE) {
      if (nextLF < i) nextLF = indexOrEnd(data, '\n', i, n);
      if (nextCR < i) nextCR = indexOrEnd(data, '\r', i, n);
      let lineEnd = nextLF < nextCR ? nextLF : nextCR;
      if (lineEnd === i) {
        if (this.blankCount++ === 0) this.blankFrom = this.line;
        i = this.afterBreak(data, i);
        continue;
      }
      if (matcher !== undefined && lineEnd < n) {
        matcher.pattern.lastIndex = i;
        const match = matcher.pattern.exec(data);
        if (match !== null) {
          this.flushBlanks(onRow);
          if (matcher.take(match, this.line)) {
            i = this.afterBreak(data, lineEnd);
            continue;
          }
        }
      }
      if (nextQuote < i) nextQuote = indexOrEnd(data, '"', i, n);
      const fields: string[] = [];
      let s = i;
      if (nextQuote > lineEnd && lineEnd < n) {
        for (;;) {
          if (nextDelim < s) nextDelim = indexOrEnd(data, delimiter, s, n);
          if (nextDelim >= lineEnd) break;
          fields.push(data.slice(s, nextDelim));
          s = nextDelim + 1;
        }
        fields.push(data.slice(s, lineEnd));
        this.emit(fields, this.line, onRow);
        i = this.afterBreak(data, lineEnd);
        continue;
      }

      // A record with quotes, or one that the chunk cuts off: field by field.
      this.recordLine = this.line;
      this.recordStart = this.base + i;
      this.lineStart = this.base + i;
      for (;;) {
        if (s === n) {
          this.suspend(FIELD_START, fields, []);
          break records;
        }
        if (data.charCodeAt(s) !== QUOTE) {
          if (nextLF < s) nextLF = indexOrEnd(data, '\n', s, n);
          if (nextCR < s) nextCR = indexOrEnd(data, '\r', s, n);
          lineEnd = nextLF < nextCR ? nextLF : nextCR;
          if (nextDelim < s) nextDelim = indexOrEnd(data, delimiter, s, n);
          if (nextDelim < lineEnd) {
            fields.push(data.slice(s, nextDelim));
            s = nextDelim + 1;
            continue;
          }
          if (lineEnd === n) {
            this.suspend(UNQUOTED, fields, [data.slice(s)]);
            break records;
          }
          fields.push(data.slice(s, lineEnd));
          i = this.endRecord(data, lineEnd, fields, onRow);
          continue records;
        }
        this.quoteLine = this.line;
        this.quoteColumn = this.base + s - this.lineStart + 1;
        let segment = s + 1;
        let value = '';
        for (;;) {
          if (nextQuote < segment) nextQuote = indexOrEnd(data, '"', segment, n);
          // Count the line breaks inside the quoted text, for line numbers after it.
          for (let at = segment; ; ) {
            if (nextLF < at) nextLF = indexOrEnd(data, '\n', at, n);
            if (nextCR < at) nextCR = indexOrEnd(data, '\r', at, n);
            const br = nextLF < nextCR ? nextLF : nextCR;
            if (br >= nextQuote) break;
            this.line++;
            at = br + 1;
            if (br === nextCR) {
              if (at === n) this.quotedCR = true;
              else if (data.charCodeAt(at) === LF) at++;
            }
            this.lineStart = this.base + at;
          }
          if (nextQuote === n) {
            this.suspend(QUOTED, fields, [value, data.slice(segment)]);
            break records;
          }
          const after = nextQuote + 1;
          if (after === n) {
            this.suspend(AFTER_QUOTE, fields, [value, data.slice(segment, nextQuote)]);
            break records;
          }
          const c = data.charCodeAt(after);
          if (c === QUOTE) {
            value += data.slice(segment, after);
            segment = after + 1;
            continue;
          }
          fields.push(value + data.slice(segment, nextQuote));
          if (c === this.delimiterCode) {
            s = after + 1;
            break;
          }
          if (c === LF || c === CR) {
            i = this.endRecord(data, after, fields, onRow);
            continue records;
          }
          throw this.afterQuoteError(data, after);
        }
      }
    }

    this.base += n;
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
      this.fields = [];
    }
    this.blankCount = 0;
  }

  private emit(fields: string[], line: number, onRow: RowHandler): void {
    if (this.blankCount > 0) this.flushBlanks(onRow);
    onRow(fields, line);
  }

  private flushBlanks(onRow: RowHandler): void {
    const count = this.blankCount;
    this.blankCount = 0;
    for (let k = 0; k < count; k++) onRow([''], this.blankFrom + k);
  }

  /** Keeps a record the chunk cut off, for `advance` to finish with the next chunk. */
  private suspend(state: number, fields: string[], parts: string[]): void {
    this.state = state;
    this.fields = fields;
    this.parts = parts;
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
        if (c === LF || c === CR) {
          this.endField();
          return this.endRecord(data, i, this.fields, onRow);
        }
        this.state = state;
        throw this.afterQuoteError(data, i);
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
      this.endField();
      return this.endRecord(data, j, this.fields, onRow);
    }
    this.state = state;
    return n;
  }

  /** Ends the record at the line break at `i`; returns the index after the break. */
  private endRecord(data: string, i: number, fields: string[], onRow: RowHandler): number {
    this.state = IDLE;
    this.fields = [];
    this.emit(fields, this.recordLine, onRow);
    return this.afterBreak(data, i);
  }

  /** Steps over the line break at `i` (CRLF, LF or CR) and returns the index after it. */
  private afterBreak(data: string, i: number): number {
    this.line++;
    const next = i + 1;
    if (data.charCodeAt(i) !== CR) return next;
    if (next === data.length) this.skipLF = true;
    else if (data.charCodeAt(next) === LF) return next + 1;
    return next;
  }

  private afterQuoteError(data: string, i: number): DatarunError {
    // A character outside the BMP may be cut between chunks, so it is not quoted.
    const code = data.charCodeAt(i);
    const found = code >= 0xd800 && code <= 0xdfff ? 'character' : JSON.stringify(data[i]);
    return new DatarunError(
      problem(
        'csv-syntax',
        `unexpected ${found} after a closing quote: expected the delimiter ${JSON.stringify(this.delimiter)} or the end of the line (a quote inside a quoted field is written "")`,
        { file: this.file, line: this.line, column: this.base + i - this.lineStart + 1 },
      ),
    );
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
  }
}

function indexOrEnd(data: string, char: string, from: number, n: number): number {
  const k = data.indexOf(char, from);
  return k === -1 ? n : k;
}
