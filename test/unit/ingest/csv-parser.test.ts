import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../functions/src/core/errors.ts';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import { chunks, parse, parseChunks, problemsOf, realText } from './helpers.ts';

// Quoted delimiters, doubled quotes, quoted LF, CRLF and lone CR, a literal quote in an
// unquoted field, a blank line in the middle, Chinese, an emoji, and no final line break.
const TRICKY =
  'id,名称,备注\r\n1,"北京,海淀","他说""你好"""\r\n2,"第一行\n第二行\r\n第三行",😀\r3,a"b,\n\n4,"",\r\n5,"x\ry",end';
const TRICKY_ROWS = [
  { fields: ['id', '名称', '备注'], line: 1 },
  { fields: ['1', '北京,海淀', '他说"你好"'], line: 2 },
  { fields: ['2', '第一行\n第二行\r\n第三行', '😀'], line: 3 },
  { fields: ['3', 'a"b', ''], line: 6 },
  { fields: [''], line: 7 },
  { fields: ['4', '', ''], line: 8 },
  { fields: ['5', 'x\ry', 'end'], line: 9 },
];

describe('CsvParser', () => {
  it('reads quoted delimiters, doubled quotes, line breaks in quotes and every line ending', () => {
    expect(parse(TRICKY)).toEqual(TRICKY_ROWS);
  });

  it('gives the same records and lines whichever character a chunk ends at', () => {
    for (let i = 0; i <= TRICKY.length; i++) {
      expect(parseChunks([TRICKY.slice(0, i), TRICKY.slice(i)]), `split at ${i}`).toEqual(
        TRICKY_ROWS,
      );
    }
  });

  it('gives the same records when the text is cut at any two places', () => {
    for (let i = 0; i <= TRICKY.length; i++) {
      for (let j = i; j <= TRICKY.length; j++) {
        const pieces = [TRICKY.slice(0, i), TRICKY.slice(i, j), TRICKY.slice(j)];
        expect(parseChunks(pieces)).toEqual(TRICKY_ROWS);
      }
    }
  });

  it('parses the multi-line public bodies file into 1003 records and a header at any chunk size', () => {
    const text = realText('messy-csv-publicbodies-multiline/de.csv');
    const whole = parse(text);
    expect(whole).toHaveLength(1004);
    expect(whole.every((row) => row.fields.length === 18)).toBe(true);
    // The first body's addresses span lines 2-19; Python's csv module agrees on every line.
    expect(whole.slice(1, 3).map((row) => [row.fields[0], row.line])).toEqual([
      ['de/10-panzerdivision', 2],
      ['de/13-panzergrenadierdivision', 20],
    ]);
    expect(whole[1]!.fields[14]).toContain('\nGebäude: Graf-Stauffenberg-Kaserne\n');
    expect(whole.at(-1)!.line).toBe(35071);
    for (const size of [1, 7, 100, 4096, 65536]) {
      expect(parseChunks(chunks(text, size)), `chunks of ${size}`).toEqual(whole);
    }
  });

  it('reads the same records from LF, CRLF and lone-CR files', () => {
    const lf = 'a,b\n1,"x\ny"\n2,z\n';
    const expected = parse(lf);
    expect(expected.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(parse(lf.replaceAll('\n', '\r\n'))).toEqual(
      expected.map((r) => ({ ...r, fields: r.fields.map((f) => f.replaceAll('\n', '\r\n')) })),
    );
    expect(parse(lf.replaceAll('\n', '\r'))).toEqual(
      expected.map((r) => ({ ...r, fields: r.fields.map((f) => f.replaceAll('\n', '\r')) })),
    );
  });

  it('keeps a blank line in the middle as one empty field and ignores blank lines at the end', () => {
    expect(parse('a\n\nb\n\n\r\n\n')).toEqual([
      { fields: ['a'], line: 1 },
      { fields: [''], line: 2 },
      { fields: ['b'], line: 3 },
    ]);
  });

  it('emits the last record when the file does not end with a line break', () => {
    expect(parse('a,b\n1,')).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', ''], line: 2 },
    ]);
    expect(parse('a,"b"')).toEqual([{ fields: ['a', 'b'], line: 1 }]);
  });

  it('splits on the delimiter it is given', () => {
    const text = realText('messy-csv-laposte-codes-postaux-semicolon/laposte_hexasmal.csv');
    const rows = parse(text, { delimiter: ';' });
    expect(rows).toHaveLength(39193);
    expect(rows[1]!.fields).toEqual([
      '50231',
      'HAUTEVILLE SUR MER',
      '50590',
      '',
      'HAUTEVILLE SUR MER',
      '48.9741132204,-1.54436628419',
    ]);
    expect(parse('a\tb\n1\t"2\t3"\n', { delimiter: '\t' }).map((r) => r.fields)).toEqual([
      ['a', 'b'],
      ['1', '2\t3'],
    ]);
  });

  it('rejects text after a closing quote, naming the line and column', () => {
    const [found] = problemsOf(() => parse('a,b\n1,"x"y\n', { file: 'data.csv' }));
    expect(found).toMatchObject({ code: 'csv-syntax', file: 'data.csv', line: 2, column: 6 });
    expect(formatProblem(found!)).toMatch(/^data\.csv:2:6: unexpected "y" after a closing quote/);
  });

  it('counts columns from the start of the physical line after a quoted line break', () => {
    const [found] = problemsOf(() => parse('a,"b\nc" ,d\n'));
    expect(found).toMatchObject({ code: 'csv-syntax', line: 2, column: 3 });
  });

  it('names where an unclosed quote opened', () => {
    const text = 'a,b\n1,2\n3,"never closed\n4,5\n';
    for (const pieces of [[text], chunks(text, 3)]) {
      const [found] = problemsOf(() => parseChunks(pieces, { file: 'data.csv' }));
      expect(found).toMatchObject({ code: 'csv-syntax', file: 'data.csv', line: 3, column: 3 });
      expect(found!.message).toMatch(/never closed/);
    }
  });

  it('stops a record that grows past the limit instead of holding the rest of the file', () => {
    const text = `a,b\n1,"${'x'.repeat(5000)}`;
    const [found] = problemsOf(() => parseChunks(chunks(text, 100), { maxRecordLength: 1000 }));
    expect(found).toMatchObject({ code: 'csv-syntax', line: 2 });
    expect(found!.message).toMatch(
      /longer than 1000 characters; is the quote opened at line 2, column 3 closed\?/,
    );
  });

  it('refuses a quote or a line break as the delimiter', () => {
    for (const delimiter of ['"', '\n', '\r', ';;', '']) {
      expect(problemsOf(() => new CsvParser({ delimiter }))[0]!.code).toBe('config');
    }
  });

  it('lets a matcher take the records it recognises and passes the rest on, in order', () => {
    const taken: [string, number][] = [];
    const matcher = {
      pattern: /(\d+),(\d+)(?=[\r\n])/y,
      take: (match: RegExpExecArray, line: number) => {
        if (match[1] === '0') return false;
        taken.push([match[0], line]);
        return true;
      },
    };
    const rows = parseChunks(['1,2\n\nx,y\n0,3\r\n4,5\n6,"7"\n8,9'], { matcher });
    expect(taken).toEqual([
      ['1,2', 1],
      ['4,5', 5],
    ]);
    expect(rows).toEqual([
      { fields: [''], line: 2 },
      { fields: ['x', 'y'], line: 3 },
      { fields: ['0', '3'], line: 4 },
      { fields: ['6', '7'], line: 6 },
      { fields: ['8', '9'], line: 7 },
    ]);
  });

  it('refuses a matcher whose pattern is not sticky', () => {
    const matcher = { pattern: /x/, take: () => true };
    expect(problemsOf(() => new CsvParser({ matcher }))[0]!.code).toBe('config');
  });

  it('parses any text the same way whatever the chunking (property)', () => {
    const alphabet = fc.constantFrom('a', '中', ',', '"', '\n', '\r', ' ', '😀');
    fc.assert(
      fc.property(
        fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join('')),
        fc.array(fc.nat(), { maxLength: 5 }),
        (text, cuts) => {
          const whole = outcome(() => parse(text));
          const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
          const pieces = [0, ...points].map((p, k, all) =>
            text.slice(p, all[k + 1] ?? text.length),
          );
          expect(outcome(() => parseChunks(pieces))).toEqual(whole);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Rows, or the problems of the error: chunking must not change either. */
function outcome(run: () => unknown): unknown {
  try {
    return run();
  } catch (error) {
    return problemsOf(() => {
      throw error;
    });
  }
}
