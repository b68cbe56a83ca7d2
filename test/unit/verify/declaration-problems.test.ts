import { describe, expect, it } from 'vitest';
import { VerificationSpecSchema } from '../../../functions/src/core/verify/verification.ts';
import {
  declarationProblems,
  requestProblems,
} from '../../../functions/src/core/verify/verify-records.ts';
import { AREAS_SPEC } from './areas.ts';

const FILE = 'data/entries/103-000004.yaml';
const COLUMNS = ['code', 'name', 'cityCode', 'provinceCode'];

describe('declarationProblems', () => {
  it('finds nothing wrong with a declaration naming the data’s columns', () => {
    expect(declarationProblems(FILE, AREAS_SPEC, COLUMNS)).toEqual([]);
  });

  it('names the entry file and the declaration field of each missing column', () => {
    const spec = VerificationSpecSchema.parse({
      keyFields: ['统一社会信用代码'],
      verifiableFields: ['name', '法定代表人'],
    });
    expect(
      declarationProblems(FILE, spec, COLUMNS).map(({ file, field }) => ({ file, field })),
    ).toEqual([
      { file: FILE, field: 'verification.keyFields.0' },
      { file: FILE, field: 'verification.verifiableFields.1' },
    ]);
  });

  it('refuses a declaration on an entry without data', () => {
    expect(declarationProblems(FILE, AREAS_SPEC, undefined)).toMatchObject([
      { file: FILE, field: 'verification' },
    ]);
  });
});

describe('requestProblems', () => {
  it('reports only the batch size when the batch is too large', () => {
    const records = Array.from({ length: 1001 }, () => ({ key: {}, fields: {} }));
    expect(requestProblems(AREAS_SPEC, { records }).map((p) => p.field)).toEqual(['records']);
  });

  it('reports every record’s problems together', () => {
    const problems = requestProblems(AREAS_SPEC, {
      records: [
        { key: { code: '110101' }, fields: { provinceCode: '11' } },
        { key: { code: ' ' }, fields: {} },
      ],
    });
    expect(problems.map((p) => p.field)).toEqual([
      'records.0.fields.provinceCode',
      'records.1.key.code',
    ]);
  });
});
