import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import {
  DATASTORE_MAX_LIMIT,
  translateDatastoreSearch,
} from '../../../../functions/src/api/ckan/ckan-datastore-params.ts';
import type { CkanParams } from '../../../../functions/src/api/ckan/ckan-params.ts';
import { DatarunError } from '../../../../functions/src/core/errors.ts';
import { toCkanError } from '../../../../functions/src/api/ckan/ckan-errors.ts';

const RESOURCE = '103-000004.v1.csv';

/** The row-query parameters of a translation, as name=value pairs in order. */
function pairs(input: CkanParams): [string, string][] {
  return [...translateDatastoreSearch({ resource_id: RESOURCE, ...input }).params];
}

/** The problems a translation throws, as `field: message` lines. */
function problems(input: CkanParams): { code: string; field?: string; message: string }[] {
  try {
    translateDatastoreSearch(input);
  } catch (error) {
    if (!(error instanceof DatarunError)) throw error;
    return error.problems.map(({ code, field, message }) => ({ code, field, message }));
  }
  throw new Error('expected a DatarunError');
}

const refused = (input: CkanParams) => problems({ resource_id: RESOURCE, ...input });

describe('translateDatastoreSearch', () => {
  it('resolves the resource id to the entry, version and format whose rows are read', () => {
    expect(translateDatastoreSearch({ resource_id: '103-000004.v3.csv' }).target).toEqual({
      code: '103/000004',
      version: 3,
      format: 'csv',
    });
    expect(translateDatastoreSearch({ id: RESOURCE }).target.code).toBe('103/000004');
  });

  it('asks for CKAN’s first page by default: 100 rows from the start, with the total', () => {
    expect(pairs({})).toEqual([
      ['limit', '100'],
      ['offset', '0'],
      ['count', 'exact'],
    ]);
  });

  it('turns filters into equality, and lists into any-of', () => {
    expect(
      pairs({ filters: { name: '北京市', code: 110000, active: true, year: [2020, 2021] } }),
    ).toEqual([
      ['name', '北京市'],
      ['code', '110000'],
      ['active', 'true'],
      ['year__in', '2020,2021'],
      ['limit', '100'],
      ['offset', '0'],
      ['count', 'exact'],
    ]);
    expect(pairs({ filters: { name: ['北京市'] } })).toContainEqual(['name', '北京市']);
  });

  it('reads filters given as JSON text, as a query string carries them', () => {
    expect(pairs({ filters: '{"name":"x","code":["1","2"]}' })).toEqual(
      pairs({ filters: { name: 'x', code: ['1', '2'] } }),
    );
  });

  it('passes values that look like injections through as plain values', () => {
    const hostile = [
      "x' OR '1'='1",
      '1; DROP TABLE rows; --',
      '"); DELETE FROM t; --',
      '%27%20OR%201=1',
      '&limit=1000000',
      '<script>alert(1)</script>',
      'a\nb',
    ];
    for (const value of hostile) {
      const query = translateDatastoreSearch({
        resource_id: RESOURCE,
        filters: { name: value },
        q: value,
      });
      expect(query.params.get('name'), value).toBe(value);
      expect(query.params.get('q'), value).toBe(value);
      const reread = new URLSearchParams(query.params.toString());
      expect(reread.get('name'), value).toBe(value);
      expect(reread.getAll('limit'), value).toEqual(['100']);
    }
    const column = 'name&limit=9';
    const query = translateDatastoreSearch({ resource_id: RESOURCE, filters: { [column]: 'x' } });
    expect(new URLSearchParams(query.params.toString()).get(column)).toBe('x');
  });

  it('keeps any text value intact through the query string', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (value, search) => {
        const query = translateDatastoreSearch({
          resource_id: RESOURCE,
          filters: { col: value },
          ...(search !== '' && { q: search }),
        });
        const reread = new URLSearchParams(query.params.toString());
        return reread.get('col') === value && (search === '' || reread.get('q') === search);
      }),
    );
  });

  it('reads fields as a comma-separated text or a list, stripping quotes as CKAN does', () => {
    expect(pairs({ fields: 'code, "name" ,cityCode' })[0]).toEqual([
      'fields',
      'code,name,cityCode',
    ]);
    expect(pairs({ fields: ['code', '名称'] })[0]).toEqual(['fields', 'code,名称']);
  });

  it('reads sort as "col desc, col2", quoted names included, into -col,col2', () => {
    expect(pairs({ sort: 'population desc, name' })).toContainEqual(['sort', '-population,name']);
    expect(pairs({ sort: ['"城市 名称" DESC', 'code asc'] })).toContainEqual([
      'sort',
      '-城市 名称,code',
    ]);
    expect(pairs({ sort: '"say ""hi""" desc' })).toContainEqual(['sort', '-say "hi"']);
  });

  it('reads q and full_text as plain search text over every column', () => {
    expect(pairs({ q: '北京' })).toContainEqual(['q', '北京']);
    expect(pairs({ full_text: '北京' })).toContainEqual(['q', '北京']);
    expect(pairs({ q: '北京', plain: true, language: 'english' })).toContainEqual(['q', '北京']);
    expect(pairs({ q: '{not json' })).toContainEqual(['q', '{not json']);
  });

  it('cuts limit to the row query’s 1000, as CKAN cuts at its own maximum', () => {
    expect(pairs({ limit: 32000 })).toContainEqual(['limit', String(DATASTORE_MAX_LIMIT)]);
    expect(pairs({ limit: '5', offset: '40' })).toEqual([
      ['limit', '5'],
      ['offset', '40'],
      ['count', 'exact'],
    ]);
  });

  it('asks for no total when include_total is false', () => {
    expect(pairs({ include_total: 'false' })).toContainEqual(['count', 'none']);
    expect(pairs({ include_total: false })).toContainEqual(['count', 'none']);
  });

  it('accepts what CKAN ignores or defaults', () => {
    expect(
      pairs({
        total_estimation_threshold: 1000,
        records_format: 'objects',
        distinct: false,
        include_next_page: false,
      }),
    ).toEqual(pairs({}));
  });

  it('refuses a missing or unknown resource, and files that are not in the datastore', () => {
    expect(problems({})).toEqual([
      { code: 'invalid-field', field: 'resource_id', message: 'Missing value' },
    ]);
    for (const id of ['nope', 'cf552d08-cee9-43bf-8c0f-3196a9311799', '103-000004'])
      expect(problems({ resource_id: id })[0], id).toMatchObject({
        code: 'not-found',
        field: 'resource_id',
      });
    expect(problems({ resource_id: '103-000004.v1.parquet' })[0]!.message).toContain(
      '103-000004.v1.csv',
    );
    expect(problems({ resource_id: RESOURCE, id: '103-000005.v1.csv' })[0]!.field).toBe(
      'resource_id',
    );
  });

  it('refuses what the row query cannot express, naming the parameter', () => {
    const cases: [CkanParams, string, string][] = [
      [{ filters: { year: { lt: 2020 } } }, 'filters', 'operators'],
      [{ filters: { $or: [{ a: 1 }] } }, 'filters', '$or'],
      [{ filters: { name: null } }, 'filters', 'null'],
      [{ filters: { name: [] } }, 'filters', 'empty list'],
      [{ filters: { name: ['a,b', 'c'] } }, 'filters', 'comma'],
      [{ filters: { name: [{ a: 1 }, 'b'] } }, 'filters', 'text, numbers and booleans'],
      [{ filters: { limit: '5' } }, 'filters', 'own parameters'],
      [{ filters: { name__in: 'x' } }, 'filters', 'own parameters'],
      [{ filters: { '': 'x' } }, 'filters', 'empty'],
      [{ filters: '[1,2]' }, 'filters', 'JSON object'],
      [{ filters: '{name:' }, 'filters', 'valid JSON'],
      [{ q: { name: '北京' } }, 'q', 'column by column'],
      [{ q: '{"name":"北京"}' }, 'q', 'column by column'],
      [{ q: 'a', full_text: 'b' }, 'full_text', 'not both'],
      [{ plain: false }, 'plain', 'tsquery'],
      [{ distinct: 'true' }, 'distinct', 'not supported'],
      [{ records_format: 'csv' }, 'records_format', 'objects'],
      [{ include_next_page: true }, 'include_next_page', 'offset'],
      [{ sort: 'name desc nulls last' }, 'sort', 'nulls last'],
      [{ sort: 'name sideways' }, 'sort', 'column [asc|desc]'],
      [{ sort: '"-x" desc' }, 'sort', 'starts with -'],
      [{ sort: ',' }, 'sort', 'column [asc|desc]'],
      [{ sort: 5 }, 'sort', 'expected text'],
      [{ fields: ['a,b'] }, 'fields', 'comma'],
      [{ fields: 'a,,b' }, 'fields', 'empty'],
      [{ fields: 7 }, 'fields', 'expected'],
      [{ limit: -1 }, 'limit', 'natural number'],
      [{ limit: 'all' }, 'limit', 'Invalid integer'],
      [{ offset: -5 }, 'offset', 'natural number'],
      [{ include_total: 'sometimes' }, 'include_total', 'bool'],
      [{ callback: 'f' }, 'callback', 'was not expected'],
      [{ sql: 'SELECT 1' }, 'sql', 'was not expected'],
    ];
    for (const [input, field, message] of cases) {
      const found = refused(input);
      expect(
        found.map((p) => p.field),
        JSON.stringify(input),
      ).toContain(field);
      expect(found.find((p) => p.field === field)!.message, JSON.stringify(input)).toContain(
        message,
      );
    }
  });

  it('reports every problem of a request at once', () => {
    expect(
      refused({ limit: -1, plain: false, filters: { a: null, b: { gt: 1 } }, x: 1 })
        .map((p) => p.field)
        .sort(),
    ).toEqual(['filters', 'filters', 'limit', 'plain', 'x']);
  });

  it('throws errors the action API answers as CKAN does: 409 Validation, 404 Not Found', () => {
    const answer = (input: CkanParams) => {
      try {
        translateDatastoreSearch(input);
      } catch (error) {
        return toCkanError(error);
      }
      throw new Error('expected an error');
    };
    expect(answer({ resource_id: RESOURCE, limit: 'x' })).toMatchObject({
      type: 'Validation Error',
      status: 409,
      fields: { limit: [expect.stringContaining('Invalid integer')] },
    });
    expect(answer({ resource_id: 'nope' })).toMatchObject({ type: 'Not Found Error', status: 404 });
  });
});
