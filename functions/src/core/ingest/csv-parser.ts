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
  /** Sticky (`y`) pattern matching a whole one-line record, up to but not including its line break. */
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

/** Streaming CSV parser: `push` text chunks, then `end`; both call `onRow` per complete record. */
export class CsvParser {
  private readonly delimiter: string;
  private readonly delimiterCode: number;
  private readonly file: string | undefined;
  private readonly maxRecordLength: number;
  private readonly matcher: RecordMatcher | undefined;

  /** The physical line at the current position. */
  private line = 1;
  /** Offset in the whole text (in characters) of the first character of the current data. */
  private base = 0;
  /** Offset in the whole text of the start of the current physical line, for columns. */
  private lineStart = 0;
  /** The start of a record the last chunk cut off; it is parsed again with the next chunk. */
  private carry = '';
  /** Where the carried record's unclosed quote opened (line 0: it is not inside one). */
  private openQuoteLine = 0;
  private openQuoteColumn = 0;
  /** The previous chunk ended with CR: an LF at the start of the next one belongs to it. */
  private skipLF = false;
  /** Empty lines not yet emitted: they become records only if a record follows them. */
  private blankFrom = 0;
  private blankCount = 0;

  constructor(options: CsvParserOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw new DatarunError(
        problem(
          'config',
          `the delimiter must be one character other than a quote or line break, not ${JSON.stringify(delimiter)}`,
        ),
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
    // A record cut off can only end at a line break: until one comes, there is nothing to parse.
    if (this.carry.length > 0 && text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
      this.carry += text;
      this.checkLength();
      return;
    }
    this.parse(text, onRow, false);
  }

  /** Ends the input: emits the last record, or throws if a quoted field was never closed. */
  end(onRow: RowHandler): void {
    this.parse('', onRow, true);
    this.blankCount = 0;
  }

  private parse(text: string, onRow: RowHandler, final: boolean): void {
    const data = this.carry.length > 0 ? this.carry + text : text;
    const n = data.length;
    const delimiter = this.delimiter;
    const matcher = this.matcher;
    this.carry = '';
    let i = 0;
    if (this.skipLF && n > 0) {
      this.skipLF = false;
      if (data.charCodeAt(0) === LF) i = 1;
    }

    // The positions of the next delimiter, quote, CR and LF are cached, so that each is
    // searched for with the engine's native indexOf once per chunk rather than per character.
    let nextDelim = -1;
    let nextQuote = -1;
    let nextCR = -1;
    let nextLF = -1;
    records: while (i < n) {
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

      // A record with quotes, or one the chunk cuts off: field by field. If the chunk ends
      // inside it, it is carried over whole and parsed again with the next chunk.
      const recordLine = this.line;
      this.lineStart = this.base + i;
      for (;;) {
        if (s === n) {
          if (!final) {
            this.cutOff(data, i, recordLine, 0, 0);
            break records;
          }
          fields.push('');
          this.emit(fields, recordLine, onRow);
          i = n;
          continue records;
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
          if (lineEnd === n && !final) {
            this.cutOff(data, i, recordLine, 0, 0);
            break records;
          }
          fields.push(data.slice(s, lineEnd));
          this.emit(fields, recordLine, onRow);
          i = lineEnd === n ? n : this.afterBreak(data, lineEnd);
          continue records;
        }
        const quoteLine = this.line;
        const quoteColumn = this.base + s - this.lineStart + 1;
        let segment = s + 1;
        let value = '';
        for (;;) {
          if (nextQuote < segment) nextQuote = indexOrEnd(data, '"', segment, n);
          // Count the line breaks inside the quoted text, for line numbers after it.
          for (let at = segment; ;) {
            if (nextLF < at) nextLF = indexOrEnd(data, '\n', at, n);
            if (nextCR < at) nextCR = indexOrEnd(data, '\r', at, n);
            const br = nextLF < nextCR ? nextLF : nextCR;
            if (br >= nextQuote) break;
            this.line++;
            at = br === nextCR && data.charCodeAt(br + 1) === LF ? br + 2 : br + 1;
            this.lineStart = this.base + at;
          }
          const after = nextQuote + 1;
          if (nextQuote === n || (after === n && !final)) {
            if (!final) {
              const open = nextQuote === n;
              this.cutOff(data, i, recordLine, open ? quoteLine : 0, open ? quoteColumn : 0);
              break records;
            }
            throw new DatarunError(
              problem(
                'csv-syntax',
                'this quoted field is never closed: a closing quote (") is missing',
                { file: this.file, line: quoteLine, column: quoteColumn },
              ),
            );
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
          if (c === LF || c === CR || after === n) {
            this.emit(fields, recordLine, onRow);
            i = after === n ? n : this.afterBreak(data, after);
            continue records;
          }
          throw this.afterQuoteError(data, after);
        }
      }
    }

    this.base += n - this.carry.length;
    this.checkLength();
  }

  private checkLength(): void {
    if (this.carry.length <= this.maxRecordLength) return;
    const hint = this.openQuoteLine
      ? `; is the quote opened at line ${this.openQuoteLine}, column ${this.openQuoteColumn} closed?`
      : '';
    throw new DatarunError(
      problem(
        'csv-syntax',
        `the record starting here is longer than ${this.maxRecordLength} characters${hint}`,
        {
          file: this.file,
          line: this.line,
        },
      ),
    );
  }

  /** Keeps the record starting at `i` to parse again with the next chunk. */
  private cutOff(
    data: string,
    i: number,
    line: number,
    quoteLine: number,
    quoteColumn: number,
  ): void {
    this.carry = data.slice(i);
    this.line = line;
    this.openQuoteLine = quoteLine;
    this.openQuoteColumn = quoteColumn;
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
}

function indexOrEnd(data: string, char: string, from: number, n: number): number {
  const k = data.indexOf(char, from);
  return k === -1 ? n : k;
}
