import { describe, expect, it } from 'vitest';
import { compileRecordMatcher } from '../../../functions/src/core/ingest/record-matcher.ts';
import type { TypedValue } from '../../../functions/src/core/ingest/values.ts';
import type { TableSchema } from '../../../functions/src/core/schemas/dataset-version.ts';

const SCHEMA: TableSchema = {
  fields: [
    { name: '序号', type: 'integer', constraints: { required: true } },
    { name: '名称', type: 'string' },
    { name: '金额', type: 'number' },
    { name: '有效', type: 'boolean' },
    { name: '日期', type: 'date' },
    { name: '时间', type: 'datetime' },
  ],
};

/** What the matcher hands on for one line, or undefined when it declines the line. */
function take(line: string, delimiter = ','): TypedValue[] | undefined {
  let taken: TypedValue[] | undefined;
  const matcher = compileRecordMatcher(SCHEMA, delimiter, (values) => (taken = values))!;
  matcher.pattern.lastIndex = 0;
  const match = matcher.pattern.exec(`${line}\n`);
  return match && matcher.take(match, 1) ? taken : undefined;
}

describe('compileRecordMatcher', () => {
  it('takes a line of canonical values and types them', () => {
    expect(take('1,东华门街道,25.340,是,2024-02-29,2023-06-30 14:05')).toEqual([
      '1',
      '东华门街道',
      '25.340',
      true,
      '2024-02-29',
      '2023-06-30T14:05:00',
    ]);
    expect(take('2,"北京,海淀",,,,')).toEqual(['2', '北京,海淀', null, null, null, null]);
  });

  it('declines what the row validator must normalise or report', () => {
    for (const line of [
      ',甲,1,true,2023-01-01,',
      '007,甲,1,true,2023-01-01,',
      '1,甲,"1,234",true,2023-01-01,',
      '1,甲,1,yes,2023-01-01,',
      '1,甲,1,true,2023-04-31,',
      '1,甲,1,true,2023-01-01,2023-06-30T25:00',
      '1,"say ""hi""",1,true,2023-01-01,',
      '1,甲,1,true,2023-01-01',
      '1,甲,1,true,2023-01-01,,extra',
    ]) {
      expect(take(line), line).toBeUndefined();
    }
  });

  it('splits on semicolons, tabs and bars but not on characters found inside values', () => {
    expect(take('1;甲;-0.5;0;2023-01-01;', ';')).toEqual([
      '1',
      '甲',
      '-0.5',
      false,
      '2023-01-01',
      null,
    ]);
    expect(take('1\t甲\t\t\t\t', '\t')).toEqual(['1', '甲', null, null, null, null]);
    expect(take('1|甲||||', '|')).toEqual(['1', '甲', null, null, null, null]);
    expect(compileRecordMatcher(SCHEMA, '.', () => {})).toBeUndefined();
    expect(compileRecordMatcher(SCHEMA, '-', () => {})).toBeUndefined();
  });
});
