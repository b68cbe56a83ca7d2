import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import {
  codeOfPackageRef,
  packageName,
  parseResourceId,
  resourceId,
} from '../../../../functions/src/api/ckan/ckan-ids.ts';
import { DISTRIBUTION_FORMATS } from '../../../../functions/src/core/schemas/distribution.ts';

const codes = fc
  .tuple(fc.stringMatching(/^[0-9A-Z]{1,20}$/), fc.stringMatching(/^[0-9]{6}$/))
  .map(([category, sequence]) => `${category}/${sequence}`);

describe('packageName', () => {
  it('is the code slug in lower case, a valid CKAN name', () => {
    expect(packageName('103/000004')).toBe('103-000004');
    expect(packageName('A1B/000001')).toBe('a1b-000001');
    fc.assert(fc.property(codes, (code) => /^[a-z0-9_-]{2,100}$/.test(packageName(code))));
  });
});

describe('codeOfPackageRef', () => {
  it('reads a code, its slug and its package name alike', () => {
    for (const ref of ['103/000004', '103-000004', '103-000004'.toUpperCase()])
      expect(codeOfPackageRef(ref)).toBe('103/000004');
    expect(codeOfPackageRef('a1b-000001')).toBe('A1B/000001');
  });

  it('gives back every code from its package name', () => {
    fc.assert(fc.property(codes, (code) => codeOfPackageRef(packageName(code)) === code));
  });

  it('answers undefined for what is not a code', () => {
    for (const ref of ['', 'abc', '103-00004', '103/0000045', '103-000004.v1.csv', '../103-000004'])
      expect(codeOfPackageRef(ref), ref).toBeUndefined();
  });
});

describe('parseResourceId', () => {
  it('names one file of one version: {name}.v{version}.{format}', () => {
    expect(resourceId('103/000004', 2, 'csv')).toBe('103-000004.v2.csv');
    expect(parseResourceId('103-000004.v2.csv')).toEqual({
      code: '103/000004',
      version: 2,
      format: 'csv',
    });
  });

  it('resolves every id resourceId makes back to its code, version and format', () => {
    fc.assert(
      fc.property(
        codes,
        fc.integer({ min: 1, max: 999_999_999 }),
        fc.constantFrom(...DISTRIBUTION_FORMATS),
        (code, version, format) =>
          JSON.stringify(parseResourceId(resourceId(code, version, format))) ===
          JSON.stringify({ code, version, format }),
      ),
    );
  });

  it('gives different ids to different files', () => {
    const ids = new Set(
      ['103/000004', '103/000005'].flatMap((code) =>
        [1, 2].flatMap((version) => DISTRIBUTION_FORMATS.map((f) => resourceId(code, version, f))),
      ),
    );
    expect(ids.size).toBe(12);
  });

  it('refuses ids it does not make', () => {
    for (const id of [
      '',
      '103-000004',
      '103-000004.v0.csv',
      '103-000004.v01.csv',
      '103-000004.v1.xlsx',
      '103-000004.V1.csv',
      '103-000004.v1.csv ',
      '103/000004.v1.csv',
      '103-000004.v1.csv/../x',
      'cf552d08-cee9-43bf-8c0f-3196a9311799',
    ])
      expect(parseResourceId(id), id).toBeUndefined();
  });
});
