import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../functions/src/core/errors.ts';
import { compileRowValidator } from '../../../functions/src/core/ingest/row-validator.ts';
import type { TableSchema } from '../../../functions/src/core/schemas/dataset-version.ts';

// The columns of the NBS 总人口 table, with a date, a flag and a required code added.
const SCHEMA: TableSchema = {
  fields: [
    { name: '年份', type: 'string', constraints: { required: true } },
    { name: '年末总人口', type: 'integer' },
    { name: '城镇化率', type: 'number' },
    { name: '普查年', type: 'boolean' },
    { name: '发布日期', type: 'date' },
    { name: '更新时间', type: 'datetime' },
  ],
};

describe('compileRowValidator', () => {
  it('returns typed values: canonical numbers as text, booleans, ISO dates, null for empty', () => {
    const validator = compileRowValidator(SCHEMA);
    expect(validator.row(['1978年', '96259', '17.92', '否', '1979-01-01', ''], 2)).toEqual([
      '1978年',
      '96259',
      '17.92',
      false,
      '1979-01-01',
      null,
    ]);
    expect(validator.problems.count).toBe(0);
  });

  it('normalises loose numbers, booleans and dates', () => {
    const validator = compileRowValidator(SCHEMA);
    expect(
      validator.row(['2010年', '+134,091', '.5', 'TRUE', '2011年4月28日', '2011-04-28 10:00'], 3),
    ).toEqual(['2010年', '134091', '0.5', true, '2011-04-28', '2011-04-28T10:00:00']);
  });

  it('names the line of a ragged row with the expected and found field counts', () => {
    const validator = compileRowValidator(SCHEMA, { file: 'data.csv' });
    expect(validator.row(['1978年', '96259'], 17)).toBeUndefined();
    const [found] = validator.problems.list();
    expect(found).toMatchObject({ code: 'ragged-row', line: 17 });
    expect(formatProblem(found!)).toBe('data.csv:17: expected 6 fields, found 2');
  });

  it('says so when a ragged row is a blank line', () => {
    const validator = compileRowValidator(SCHEMA);
    validator.row([''], 9);
    expect(validator.problems.list()[0]!.message).toBe('the line is blank; expected 6 fields');
  });

  it('names the line, column number, field, expected type and a short excerpt of a bad value', () => {
    const validator = compileRowValidator(SCHEMA, { file: 'data.csv' });
    const long = '九万六千二百五十九万人（含港澳台地区在内的全部常住人口）';
    expect(validator.row(['1978年', long, 'abc', '是', '1978-02-30', ''], 4)).toBeUndefined();
    const [integer, number, date] = validator.problems.list();
    expect(integer).toMatchObject({
      code: 'invalid-value',
      line: 4,
      column: 2,
      field: '年末总人口',
    });
    expect(integer!.message).toBe(`expected an integer such as 42, found "${long.slice(0, 20)}…"`);
    expect(formatProblem(number!)).toBe(
      'data.csv:4:3: 城镇化率: expected a number such as 3.14, found "abc"',
    );
    expect(date).toMatchObject({ column: 5, field: '发布日期' });
    expect(validator.invalidRows).toBe(1);
  });

  it('never echoes a value from a field marked sensitive', () => {
    const validator = compileRowValidator(SCHEMA, { sensitiveFields: ['年末总人口'] });
    validator.row(['1978年', '11010519491231002X', '1', '是', '', ''], 2);
    const [found] = validator.problems.list();
    expect(found!.message).not.toContain('11010519491231002X');
    expect(found!.message).toMatch(/not shown because this field is sensitive/);
  });

  it('requires a value where the schema says required', () => {
    const validator = compileRowValidator(SCHEMA);
    expect(validator.row(['', '1', '1', '是', '', ''], 5)).toBeUndefined();
    expect(validator.problems.list()[0]).toMatchObject({
      code: 'invalid-value',
      field: '年份',
      column: 1,
      message: 'a value is required here',
    });
  });

  it('lists the first problems in full and counts the rest', () => {
    const validator = compileRowValidator(SCHEMA, { file: 'data.csv', maxProblems: 3 });
    for (let line = 2; line < 12; line++) validator.row(['x'], line);
    const listed = validator.problems.list();
    expect(validator.problems.count).toBe(10);
    expect(listed).toHaveLength(4);
    expect(listed[3]).toMatchObject({
      code: 'ragged-row',
      file: 'data.csv',
      message: 'and 7 more problems not listed (the first at line 5)',
    });
  });
});
