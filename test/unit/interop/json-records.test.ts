import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readJsonRecords } from '../../../functions/src/core/interop/json-records.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const SHANGHAI =
  '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds/shanghai_shanghai.json';

const pretty = (records: string[]) => `[\n${records.map((r) => `  ${r}`).join(',\n')}\n]\n`;

function thrown(run: () => unknown): DatarunError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatarunError) return error;
  }
  throw new Error('expected a DatarunError');
}

describe('readJsonRecords', () => {
  it('reads every element of a top-level array with its line and column', () => {
    const result = readJsonRecords('[\n  {"a": 1},\n  {"a": 2}\n]', 'f.json', []);
    expect(result.total).toBe(2);
    expect(result.skipped).toEqual([]);
    expect(result.records).toEqual([
      { value: { a: 1 }, index: 0, line: 2, column: 3 },
      { value: { a: 2 }, index: 1, line: 3, column: 3 },
    ]);
  });

  it('reads two arrays written one after the other, on one line or on two', () => {
    for (const text of ['[{"a":1},{"a":2}][{"a":3}]', '[{"a":1},{"a":2}]\n[{"a":3}]\n']) {
      const result = readJsonRecords(text, 'f.json', []);
      expect(result.records.map((r) => r.value)).toEqual([{ a: 1 }, { a: 2 }, { a: 3 }]);
      expect(result.skipped).toEqual([]);
    }
  });

  it('skips a broken element with its position and the parser’s reason, keeping the others', () => {
    const text = pretty(['{\n    "a": 1\n  }', '{\n    "a": 2,\n  }', '{\n    "a": 3\n  }']);
    const result = readJsonRecords(text, 'f.json', []);
    expect(result.records.map((r) => r.value)).toEqual([{ a: 1 }, { a: 3 }]);
    expect(result.skipped).toEqual([
      {
        index: 1,
        line: 5,
        column: 3,
        reason: 'Expected double-quoted property name in JSON at line 7, column 3',
      },
    ]);
    expect(result.total).toBe(3);
  });

  it('ends a string at the end of its line, so an unclosed quote costs one record', () => {
    const text = pretty(['{\n    "a": "x\n  }', '{\n    "a": 2\n  }']);
    const result = readJsonRecords(text, 'f.json', []);
    expect(result.records.map((r) => r.value)).toEqual([{ a: 2 }]);
    expect(result.skipped[0]).toMatchObject({ index: 0, line: 2, column: 3 });
    expect(result.skipped[0]!.reason).toMatch(/^Bad control character in string literal/);
  });

  it('ends a record that is never closed where the next one starts at the same indentation', () => {
    const text = '[\n  {\n    "a": 1,\n  {\n    "a": 2\n  }\n]';
    const result = readJsonRecords(text, 'f.json', []);
    expect(result.records.map((r) => r.value)).toEqual([{ a: 2 }]);
    expect(result.skipped).toHaveLength(1);
    expect(result.skipped[0]).toMatchObject({ index: 0, line: 2, column: 3 });
  });

  it('saves the records after an unclosed quote in a one-line file', () => {
    const text = '[{"a": 1}, {"a": "x, "b": 2}, {"a": 3}, {"a": 4}]';
    const result = readJsonRecords(text, 'f.json', []);
    expect(result.records.map((r) => r.value)).toEqual([{ a: 1 }, { a: 3 }, { a: 4 }]);
    expect(result.skipped).toEqual([expect.objectContaining({ index: 1, line: 1, column: 12 })]);
  });

  it('does not take the objects nested in a broken record for records', () => {
    const text =
      '[{"id": 1, "res": [{"u": 1}, {"u": 2}]}, {"id": 2, "res": [{"u": 3}, {"u": 4}],, }, {"id": 3}]';
    const result = readJsonRecords(text, 'f.json', []);
    expect(result.records.map((r) => r.value)).toEqual([
      { id: 1, res: [{ u: 1 }, { u: 2 }] },
      { id: 3 },
    ]);
    expect(result.skipped).toHaveLength(1);
  });

  it('keeps every record before the cut of a truncated file and lists the cut one', () => {
    const text = pretty(['{"a": 1}', '{"a": 2}', '{"a": 3}']).slice(0, -6);
    const result = readJsonRecords(text, 'f.json', []);
    expect(result.records.map((r) => r.value)).toEqual([{ a: 1 }, { a: 2 }]);
    expect(result.skipped).toEqual([
      { index: 2, line: 4, column: 3, reason: 'the file ends inside this record (truncated)' },
    ]);
  });

  it('reads the array at a path and passes over the keys around it', () => {
    const text =
      '{"help": "x", "result": {"count": 2, "results": [{"a": 1}, {"a": 2}], "facets": {}}}';
    const result = readJsonRecords(text, 'f.json', ['result', 'results']);
    expect(result.records.map((r) => r.value)).toEqual([{ a: 1 }, { a: 2 }]);
  });

  it('names the file, line and column when there is no JSON or no array at the path', () => {
    expect(thrown(() => readJsonRecords('  \n', 'a.json', [])).message).toBe(
      'a.json:2:1: the file holds no JSON',
    );
    expect(thrown(() => readJsonRecords('\nhello', 'b.json', [])).problems[0]).toMatchObject({
      code: 'json-syntax',
      file: 'b.json',
      line: 2,
      column: 1,
    });
    const error = thrown(() =>
      readJsonRecords('{"result": {"count": 0}}', 'c.json', ['result', 'results']),
    );
    expect(error.message).toBe('c.json:1:1: expected an array of records at "result.results"');
  });

  it('reads a 4 MB export in well under a second', () => {
    const text = readFileSync(SHANGHAI, 'utf8');
    const big = `${text.trimEnd().slice(0, -1)},${text.trimStart().slice(1)}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(4_000_000);
    const started = performance.now();
    const result = readJsonRecords(big, 'big.json', []);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.records).toHaveLength(8988);
  });
});
