import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvLineWriter, jsonRecordWriter } from '../../../functions/src/core/ingest/row-writers.ts';
import { SourceRowWriter } from '../../../functions/src/core/ingest/source-row-writer.ts';
import { TableReader } from '../../../functions/src/core/ingest/table-reader.ts';
import type { TypedValue } from '../../../functions/src/core/ingest/values.ts';
import type { TableSchema } from '../../../functions/src/core/schemas/dataset-version.ts';
import { MemorySink, files } from './helpers.ts';

const SCHEMA: TableSchema = {
  fields: [
    { name: '序号', type: 'integer' },
    { name: '名称', type: 'string' },
    { name: '有效', type: 'boolean' },
    { name: '时间', type: 'datetime' },
  ],
};

type Row = { values: TypedValue[]; line: number; fast: boolean };

/** The rows of a file as the table reader hands them on. */
function rowsOf(schema: TableSchema, text: string, delimiter: string, header: boolean): Row[] {
  const rows: Row[] = [];
  const reader = new TableReader(schema, { delimiter, header });
  const onRow = (values: TypedValue[], line: number, fast: boolean) =>
    rows.push({ values, line, fast });
  reader.push(text, onRow);
  reader.end(onRow);
  return rows;
}

/** Writes one line's JSON record; undefined when the writer declines. */
function write(
  line: string,
  values: readonly TypedValue[],
  schema = SCHEMA,
  delimiter = ',',
): { json: string; verbatim: boolean } | undefined {
  const writer = new SourceRowWriter(schema.fields, delimiter);
  const src = Buffer.from(`${line}\n`, 'utf8');
  const sink = new MemorySink();
  if (!writer.write(src, 0, src.length - 1, values, sink)) {
    expect(sink.bytes()).toHaveLength(0);
    return undefined;
  }
  return { json: sink.bytes().toString('utf8'), verbatim: writer.verbatim };
}

describe('SourceRowWriter', () => {
  it('writes the JSON record row-writers writes for every row the fast lane takes (property)', () => {
    let fast = 0;
    let verbatim = 0;
    fc.assert(
      fc.property(files, (file) => {
        const text = file.text.replace(/^\ufeff/, '');
        const toJson = jsonRecordWriter(file.schema.fields);
        const toCsv = csvLineWriter(file.schema.fields);
        const lines = text.split(/\r\n|\r|\n/);
        for (const row of rowsOf(file.schema, text, file.delimiter, file.header)) {
          if (!row.fast) continue;
          fast++;
          const line = lines[row.line - 1]!;
          const written = write(line, row.values, file.schema, file.delimiter);
          expect(written?.json).toBe(toJson(row.values));
          if (written!.verbatim) {
            verbatim++;
            expect(`${line}\n`).toBe(toCsv(row.values));
          }
        }
      }),
      { numRuns: 1500 },
    );
    expect(fast).toBeGreaterThan(1000);
    expect(verbatim).toBeGreaterThan(500);
  });

  it('says a row is its own CSV line only when row-writers would write those bytes', () => {
    expect(
      write('1,北京,true,2023-06-30T14:05:00', ['1', '北京', true, '2023-06-30T14:05:00']),
    ).toEqual({
      json: '{"序号":1,"名称":"北京","有效":true,"时间":"2023-06-30T14:05:00"}',
      verbatim: true,
    });
    expect(write('1,"北京,海淀",false,', ['1', '北京,海淀', false, null])?.verbatim).toBe(true);
    for (const [line, values] of [
      ['1,"北京",true,', ['1', '北京', true, null]],
      ['1,北京,是,', ['1', '北京', true, null]],
      ['1,北京,1,', ['1', '北京', true, null]],
      ['1,北京,,2023-06-30 14:05', ['1', '北京', null, '2023-06-30T14:05:00']],
      ['1,"",,', ['1', null, null, null]],
    ] as const) {
      expect(write(line, values)?.verbatim, line).toBe(false);
    }
    expect(write('1;北京;;', ['1', '北京', null, null], SCHEMA, ';')?.verbatim).toBe(false);
  });

  it('writes null for empty values, and booleans and datetimes as the values say', () => {
    expect(
      write(',"",否,2023-06-30T14:05+0800', [null, null, false, '2023-06-30T14:05:00+08:00'])?.json,
    ).toBe('{"序号":null,"名称":null,"有效":false,"时间":"2023-06-30T14:05:00+08:00"}');
  });

  it('declines bytes that are not the row it is given, and writes nothing', () => {
    const values: TypedValue[] = ['1', '北京', true, null];
    for (const line of [
      '2,北京,true,',
      '1,北京,true',
      '1,北京,true,,',
      '1,"北京,true,',
      '1,北京,,',
      ',北京,true,',
      '1,,true,',
    ]) {
      expect(write(line, values), line).toBeUndefined();
    }
    expect(write('1,北京,true,', values.slice(1))).toBeUndefined();
    expect(write('1,北京,true,', ['1', '北京', 'true', null])).toBeUndefined();
    expect(write('1,北京,否,', values)).toBeUndefined();
    expect(write('1,北京海淀区,true,', values)).toBeUndefined();
    expect(write('1,北京,true,2023-06-30 14:05', ['1', '北京', true, '2023-06-30T14:06:00'])).toBe(
      undefined,
    );
  });
});
