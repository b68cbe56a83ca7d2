import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import {
  buildVerifyIndex,
  checkSpec,
  keyOf,
  verifyRecords,
} from '../../../functions/src/core/verify/verify-records.ts';
import {
  VerificationSpecSchema,
  VerifyResponseSchema,
} from '../../../functions/src/core/verify/verification.ts';
import type { VerifyRequest } from '../../../functions/src/core/verify/verification.ts';
import { AREAS_SPEC, areasTable } from './areas.ts';

const table = areasTable();
const index = buildVerifyIndex(table, AREAS_SPEC);

/** The problems a call throws, or a failure if it does not throw them. */
function problemsOf(call: () => unknown): readonly Problem[] {
  try {
    call();
  } catch (error) {
    if (error instanceof DatarunError) return error.problems;
    throw error;
  }
  throw new Error('expected a DatarunError');
}

const verify = (records: VerifyRequest['records']) => verifyRecords(index, AREAS_SPEC, { records });

describe('checkSpec', () => {
  it('finds nothing wrong with a spec naming the table’s columns', () => {
    expect(checkSpec(AREAS_SPEC, table.columns)).toEqual([]);
  });

  it('names each unknown column and lists the columns there are', () => {
    const spec = VerificationSpecSchema.parse({
      keyFields: ['地区代码'],
      verifiableFields: ['name', 'population'],
    });
    expect(checkSpec(spec, table.columns)).toEqual([
      {
        code: 'invalid-field',
        field: 'keyFields.0',
        message:
          'there is no column "地区代码"; the columns are code, name, cityCode, provinceCode',
      },
      {
        code: 'invalid-field',
        field: 'verifiableFields.1',
        message:
          'there is no column "population"; the columns are code, name, cityCode, provinceCode',
      },
    ]);
  });
});

describe('buildVerifyIndex', () => {
  it('indexes every county-level division of the real data by its code', () => {
    expect(table.rows).toHaveLength(2978);
    expect(index.rows.size).toBe(2978);
    expect(index.ambiguous.size).toBe(0);
    expect(table.rows[index.rows.get('110101')!]).toEqual(['110101', '东城区', '1101', '11']);
  });

  it('sets aside keys several rows share instead of picking one of them', () => {
    const byName = buildVerifyIndex(
      table,
      VerificationSpecSchema.parse({ keyFields: ['name'], verifiableFields: ['cityCode'] }),
    );
    expect(byName.ambiguous.has('鼓楼区')).toBe(true);
    expect(byName.rows.has('鼓楼区')).toBe(false);
    expect(byName.rows.has('东城区')).toBe(true);
  });

  it('refuses a spec that names a column the table lacks', () => {
    const spec = VerificationSpecSchema.parse({ keyFields: ['id'] });
    expect(problemsOf(() => buildVerifyIndex(table, spec)).map((p) => p.field)).toEqual([
      'keyFields.0',
    ]);
  });
});

describe('keyOf', () => {
  it('keeps multi-column keys apart even when their joined text would be equal', () => {
    const spec = VerificationSpecSchema.parse({ keyFields: ['a', 'b'] });
    const one = { a: 'x,', b: 'y' } as Record<string, string>;
    const two = { a: 'x', b: ',y' } as Record<string, string>;
    expect(keyOf(spec, (name) => one[name]!)).not.toBe(keyOf(spec, (name) => two[name]!));
  });
});

describe('verifyRecords', () => {
  it('answers match when every field sent equals the record, ignoring surrounding spaces', () => {
    expect(
      verify([
        { key: { code: '110101' }, fields: { name: '东城区', cityCode: '1101' } },
        { key: { code: ' 320106 ' }, fields: { name: '鼓楼区 ' } },
      ]),
    ).toEqual([
      { index: 0, result: 'match' },
      { index: 1, result: 'match' },
    ]);
  });

  it('answers match for a key alone: the code is current', () => {
    expect(verify([{ key: { code: '110105' }, fields: {} }])).toEqual([
      { index: 0, result: 'match' },
    ]);
  });

  it('answers no-match naming the fields that differ, never their values', () => {
    const answers = verify([
      { key: { code: '320106' }, fields: { name: '鼓楼区', cityCode: '3203' } },
      { key: { code: '110101' }, fields: { name: '西城区', cityCode: '1102' } },
    ]);
    expect(answers).toEqual([
      { index: 0, result: 'no-match', differing: ['cityCode'] },
      { index: 1, result: 'no-match', differing: ['name', 'cityCode'] },
    ]);
  });

  it('gives no fuzzy answers: part of a name or another script does not match', () => {
    expect(
      verify([
        { key: { code: '110101' }, fields: { name: '东城' } },
        { key: { code: '110101' }, fields: { name: '東城區' } },
        { key: { code: '11010' }, fields: {} },
      ]),
    ).toEqual([
      { index: 0, result: 'no-match', differing: ['name'] },
      { index: 1, result: 'no-match', differing: ['name'] },
      { index: 2, result: 'not-found' },
    ]);
  });

  it('answers not-found for a code no division has', () => {
    expect(verify([{ key: { code: '999999' }, fields: { name: '东城区' } }])).toEqual([
      { index: 0, result: 'not-found' },
    ]);
  });

  it('answers ambiguous when several rows have the key', () => {
    const spec = VerificationSpecSchema.parse({
      keyFields: ['name'],
      verifiableFields: ['cityCode'],
    });
    const byName = buildVerifyIndex(table, spec);
    expect(
      verifyRecords(byName, spec, {
        records: [
          { key: { name: '鼓楼区' }, fields: { cityCode: '3201' } },
          { key: { name: '东城区' }, fields: { cityCode: '1101' } },
        ],
      }),
    ).toEqual([
      { index: 0, result: 'ambiguous' },
      { index: 1, result: 'match' },
    ]);
  });

  it('names a missing key field, an empty one and one that is not the key', () => {
    const problems = problemsOf(() =>
      verify([
        { key: { code: '110101' }, fields: {} },
        { key: {}, fields: { name: '东城区' } },
        { key: { code: '  ' }, fields: {} },
        { key: { code: '110101', 地区代码: '110101' }, fields: {} },
      ]),
    );
    expect(problems).toEqual([
      {
        code: 'invalid-field',
        field: 'records.1.key.code',
        message: 'give a value for the key field "code"',
      },
      {
        code: 'invalid-field',
        field: 'records.2.key.code',
        message: 'give a value for the key field "code"',
      },
      {
        code: 'invalid-field',
        field: 'records.3.key.地区代码',
        message: '"地区代码" is not a key field; the key is code',
      },
    ]);
  });

  it('names fields that may not be verified, and a key field sent as a field', () => {
    const problems = problemsOf(() =>
      verify([{ key: { code: '110101' }, fields: { provinceCode: '11', code: '110101' } }]),
    );
    expect(problems).toEqual([
      {
        code: 'invalid-field',
        field: 'records.0.fields.provinceCode',
        message: '"provinceCode" may not be verified; the verifiable fields are name, cityCode',
      },
      {
        code: 'invalid-field',
        field: 'records.0.fields.code',
        message: '"code" is a key field; send it in key, not in fields',
      },
    ]);
  });

  it('refuses a batch of 1,001 records and an empty batch', () => {
    const records = table.rows
      .slice(0, 1001)
      .map((row) => ({ key: { code: row[0]! }, fields: {} }));
    expect(problemsOf(() => verify(records))).toEqual([
      {
        code: 'invalid-field',
        field: 'records',
        message: 'send between 1 and 1000 records per call, not 1001',
      },
    ]);
    expect(problemsOf(() => verify([]))[0]!.message).toContain('not 0');
    expect(verify(records.slice(0, 1000))).toHaveLength(1000);
  });

  it('never answers with a name from the data the caller did not send', () => {
    const names = [...new Set(table.rows.map((row) => row[1]!))];
    const record = fc.record({
      row: fc.nat(table.rows.length - 1),
      code: fc.option(fc.stringMatching(/^[0-9]{1,6}$/), { nil: undefined }),
      name: fc.option(fc.oneof(fc.constantFrom(...names), fc.string()), { nil: undefined }),
      cityCode: fc.option(fc.stringMatching(/^[0-9]{4}$/), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(record, { minLength: 1, maxLength: 50 }), (picks) => {
        const records = picks.map(({ row, code, name, cityCode }) => ({
          key: { code: code ?? table.rows[row]![0]! },
          fields: {
            ...(name === undefined ? {} : { name }),
            ...(cityCode === undefined ? {} : { cityCode }),
          },
        }));
        const sent = JSON.stringify(records);
        const answered = JSON.stringify(VerifyResponseSchema.parse({ answers: verify(records) }));
        for (const name of names) if (answered.includes(name)) expect(sent).toContain(name);
      }),
      { numRuns: 100 },
    );
  });

  it('verifies 1,000 keys in-process (timing printed, target 200 ms)', () => {
    const records = Array.from({ length: 1000 }, (_, i) => {
      const row = table.rows[(i * 7) % table.rows.length]!;
      return {
        key: { code: row[0]! },
        fields: { name: i % 3 ? row[1]! : '错', cityCode: row[2]! },
      };
    });
    verify(records);
    const started = performance.now();
    const built = buildVerifyIndex(table, AREAS_SPEC);
    const indexed = performance.now();
    const answers = verifyRecords(built, AREAS_SPEC, { records });
    const done = performance.now();
    console.log(
      `verify: index of ${table.rows.length} rows ${(indexed - started).toFixed(2)} ms; ` +
        `1000 keys ${(done - indexed).toFixed(2)} ms`,
    );
    expect(answers.filter((a) => a.result === 'match')).toHaveLength(666);
  });
});
