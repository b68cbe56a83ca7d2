import { describe, expect, it } from 'vitest';
import { TableReader } from '../../../functions/src/core/ingest/table-reader.ts';
import type { TypedValue } from '../../../functions/src/core/ingest/values.ts';
import type { TableSchema } from '../../../functions/src/core/schemas/dataset-version.ts';

const SCHEMA: TableSchema = {
  fields: [
    { name: '序号', type: 'integer' },
    { name: '名称', type: 'string' },
  ],
};

function lanes(text: string): { values: TypedValue[]; line: number; fast: boolean }[] {
  const rows: { values: TypedValue[]; line: number; fast: boolean }[] = [];
  const reader = new TableReader(SCHEMA);
  const onRow = (values: TypedValue[], line: number, fast: boolean) =>
    rows.push({ values: [...values], line, fast });
  reader.push(text, onRow);
  reader.end(onRow);
  return rows;
}

describe('TableReader', () => {
  it('tells which rows took the fast lane, and gives the same values either way', () => {
    const rows = lanes(
      '序号,名称\n1,北京\n2,"海淀,朝阳"\n+3,东城\n4,"say ""hi"""\n5,a\\b\n6,a\tb\n7,"two\nlines"\n8,😀',
    );
    expect(rows.map((r) => [r.line, r.fast, ...r.values])).toEqual([
      [2, true, '1', '北京'],
      [3, true, '2', '海淀,朝阳'],
      [4, false, '3', '东城'],
      [5, false, '4', 'say "hi"'],
      // JSON escapes a backslash or a control character: such text is left to the slow lane.
      [6, false, '5', 'a\\b'],
      [7, false, '6', 'a\tb'],
      [8, false, '7', 'two\nlines'],
      // The last line has no line break: the fast lane needs one.
      [10, false, '8', '😀'],
    ]);
  });
});
