import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SORT,
  parseFilter,
  parsePackageSearch,
  parseQ,
  parseSort,
  parseTime,
} from '../../../../functions/src/api/ckan/ckan-search-params.ts';
import type { CkanParams } from '../../../../functions/src/api/ckan/ckan-params.ts';
import { toCkanError } from '../../../../functions/src/api/ckan/ckan-errors.ts';

/** The CKAN error a call throws, as the action API would answer it. */
function errorOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    const ckan = toCkanError(error);
    return { type: ckan.type, status: ckan.status, message: ckan.message, fields: ckan.fields };
  }
  throw new Error('expected an error');
}

const fq = (text: string) => parseFilter(text, 'fq').filter;
const search = (params: CkanParams) => parsePackageSearch(params);

describe('parsePackageSearch', () => {
  it('takes CKAN’s defaults: 10 rows from the start, by score then newest change, no facets', () => {
    expect(search({})).toEqual({
      text: '',
      filter: [],
      sort: [
        { field: 'score', descending: true },
        { field: 'metadata_modified', descending: true },
      ],
      sortText: DEFAULT_SORT,
      rows: 10,
      start: 0,
      facet: { fields: [], limit: 50, mincount: 1 },
    });
  });

  it('cuts rows above 1000 to 1000, as CKAN does, and takes numbers from a JSON body', () => {
    expect(search({ rows: '5000' }).rows).toBe(1000);
    expect(search({ rows: 1000 }).rows).toBe(1000);
    expect(search({ rows: 0, start: 20 })).toMatchObject({ rows: 0, start: 20 });
    expect(search({ rows: ' 7 ' }).rows).toBe(7);
  });

  it('refuses rows and start that are not natural numbers with a Validation Error naming them', () => {
    for (const [params, field] of [
      [{ rows: 'ten' }, 'rows'],
      [{ rows: '2.5' }, 'rows'],
      [{ rows: 2.5 }, 'rows'],
      [{ rows: '-1' }, 'rows'],
      [{ start: '-10' }, 'start'],
      [{ start: ['1', '2'] }, 'start'],
      [{ rows: true }, 'rows'],
    ] as const) {
      const error = errorOf(() => search(params));
      expect(error, JSON.stringify(params)).toMatchObject({
        type: 'Validation Error',
        status: 409,
      });
      expect(Object.keys(error.fields)).toEqual([field]);
    }
  });

  it('reads facet.field as a JSON list, repeated, or one name', () => {
    expect(search({ 'facet.field': '["organization","tags"]' }).facet?.fields).toEqual([
      'organization',
      'tags',
    ]);
    expect(search({ 'facet.field': ['groups', 'res_format'] }).facet?.fields).toEqual([
      'groups',
      'res_format',
    ]);
    expect(search({ 'facet.field': 'category' }).facet?.fields).toEqual(['category']);
    expect(
      search({ 'facet.field': '["tags"]', 'facet.limit': '-1', 'facet.mincount': 0 }).facet,
    ).toEqual({
      fields: ['tags'],
      limit: -1,
      mincount: 0,
    });
  });

  it('turns facets off with facet=false', () => {
    expect(search({ facet: 'false', 'facet.field': '["tags"]' }).facet).toBeUndefined();
  });

  it('refuses facet fields it cannot count and facet.field that is not JSON', () => {
    expect(errorOf(() => search({ 'facet.field': '["title"]' }))).toMatchObject({
      type: 'Search Query Error',
      status: 400,
      fields: { 'facet.field': [expect.stringContaining('organization, tags')] },
    });
    expect(errorOf(() => search({ 'facet.field': '["tags"' }))).toMatchObject({
      type: 'Validation Error',
      fields: { 'facet.field': [expect.stringContaining('Could not parse as valid JSON')] },
    });
  });

  it('accepts and ignores include_private and the other flags CKAN takes, and ext_ parameters', () => {
    expect(
      search({
        include_private: 'true',
        include_drafts: true,
        include_deleted: 'false',
        use_default_schema: '1',
        ext_bbox: '1,2,3,4',
      }),
    ).toEqual(search({}));
    expect(errorOf(() => search({ include_private: 'maybe' }))).toMatchObject({
      type: 'Validation Error',
      fields: { include_private: [expect.any(String)] },
    });
  });

  it('refuses unknown parameters as CKAN does, naming them', () => {
    expect(errorOf(() => search({ query: 'x', page: '2' }))).toMatchObject({
      type: 'Search Query Error',
      status: 400,
      message: expect.stringContaining('Invalid search parameters: ["query","page"]'),
    });
  });

  it('refuses Solr parameters that cannot mean anything here, and JSONP', () => {
    for (const name of ['fl', 'qf', 'defType', 'callback']) {
      const error = errorOf(() => search({ [name]: 'x' }));
      expect(error, name).toMatchObject({
        type: 'Search Query Error',
        fields: { [name]: [expect.stringContaining('not supported')] },
      });
    }
  });

  it('joins q, fq and every fq_list entry: all must hold', () => {
    const parsed = search({
      q: '人口 organization:nbs',
      fq: 'tags:人口',
      fq_list: ['res_format:CSV', 'groups:population'],
    });
    expect(parsed.text).toBe('人口');
    expect(parsed.filter.map((group) => group.map((c) => c.field))).toEqual([
      ['organization'],
      ['tags'],
      ['res_format'],
      ['groups'],
    ]);
  });

  it('repeats the sort it was given, and reads rank and blank as the default', () => {
    expect(search({ sort: 'title_string asc' }).sortText).toBe('title_string asc');
    expect(search({ sort: 'rank' }).sort).toEqual(parseSort(DEFAULT_SORT));
    expect(search({ sort: '  ' }).sortText).toBe(DEFAULT_SORT);
  });
});

describe('parseSort', () => {
  it('reads the orders CKAN’s portal offers, and id for harvesters', () => {
    expect(parseSort('score desc, metadata_modified desc')).toEqual([
      { field: 'score', descending: true },
      { field: 'metadata_modified', descending: true },
    ]);
    expect(parseSort('title_string DESC')).toEqual([{ field: 'title_string', descending: true }]);
    expect(parseSort('name asc')).toEqual([{ field: 'name', descending: false }]);
    expect(parseSort('id asc')).toEqual([{ field: 'id', descending: false }]);
    expect(parseSort('metadata_created')).toEqual([
      { field: 'metadata_created', descending: false },
    ]);
  });

  it('refuses fields it cannot sort on and directions it does not know', () => {
    for (const sort of ['views_recent desc', 'title desc', 'name sideways', 'name asc desc', ''])
      expect(
        errorOf(() => parseSort(sort)),
        sort,
      ).toMatchObject({
        type: 'Search Query Error',
        fields: { sort: [expect.stringContaining('Invalid "sort" parameter')] },
      });
  });
});

describe('parseQ', () => {
  it('hands a q without a colon to the catalog search as it is, Chinese included', () => {
    expect(parseQ('上海市企业登记')).toEqual({ text: '上海市企业登记', filter: [] });
    expect(parseQ('water OR air -x')).toEqual({ text: 'water OR air -x', filter: [] });
    expect(parseQ('时间：2020')).toEqual({ text: '时间：2020', filter: [] });
  });

  it('reads *:*, empty and "" as every entry', () => {
    for (const q of ['', '*:*', '""', "''", '  '])
      expect(parseQ(q), q).toEqual({ text: '', filter: [] });
  });

  it('splits a fielded q into filters and search words', () => {
    expect(parseQ('tags:人口 统计 text:年鉴 title:"上海 市"')).toEqual({
      text: '统计 年鉴 上海 市',
      filter: [[{ field: 'tags', negate: false, values: ['人口'] }]],
    });
  });

  it('refuses to exclude search words, which the catalog search cannot do', () => {
    expect(errorOf(() => parseQ('tags:x -统计'))).toMatchObject({ type: 'Search Query Error' });
  });
});

describe('parseFilter', () => {
  it('reads field:value clauses joined by spaces, + or AND as all holding', () => {
    const expected = [
      [{ field: 'organization', negate: false, values: ['nbs'] }],
      [{ field: 'tags', negate: false, values: ['人口'] }],
    ];
    expect(fq('organization:nbs tags:人口')).toEqual(expected);
    expect(fq('+organization:nbs +tags:人口')).toEqual(expected);
    expect(fq('organization:nbs AND tags:人口')).toEqual(expected);
    expect(fq('organization:nbs && tags:人口')).toEqual(expected);
  });

  it('reads quoted values with spaces, colons and escaped quotes', () => {
    expect(fq('tags:"行政 区划" groups:"基础/人口" tags:"a \\"b\\": c"')).toEqual([
      [{ field: 'tags', negate: false, values: ['行政 区划'] }],
      [{ field: 'groups', negate: false, values: ['基础/人口'] }],
      [{ field: 'tags', negate: false, values: ['a "b": c'] }],
    ]);
    expect(fq('tags:a\\ b')).toEqual([[{ field: 'tags', negate: false, values: ['a b'] }]]);
  });

  it('reads - and NOT as exclusion', () => {
    expect(fq('-organization:nbs NOT tags:x')).toEqual([
      [{ field: 'organization', negate: true, values: ['nbs'] }],
      [{ field: 'tags', negate: true, values: ['x'] }],
    ]);
  });

  it('binds OR tighter than AND, as a harvester’s organization list expects', () => {
    expect(
      fq('organization:a OR organization:b metadata_modified:[2024-01-01T00:00:00Z TO *]'),
    ).toEqual([
      [
        { field: 'organization', negate: false, values: ['a'] },
        { field: 'organization', negate: false, values: ['b'] },
      ],
      [
        {
          field: 'metadata_modified',
          negate: false,
          min: { value: Date.UTC(2024, 0, 1), inclusive: true },
        },
      ],
    ]);
    expect(fq('organization:a || tags:b')).toHaveLength(1);
  });

  it('reads value groups: (a OR b) as any, (a b) and (a AND b) as all', () => {
    expect(fq('res_format:(CSV OR "JSON")')).toEqual([
      [{ field: 'res_format', negate: false, values: ['CSV', 'JSON'] }],
    ]);
    expect(fq('tags:(a b)')).toEqual([
      [{ field: 'tags', negate: false, values: ['a'] }],
      [{ field: 'tags', negate: false, values: ['b'] }],
    ]);
    expect(fq('tags:(a AND b)')).toEqual(fq('tags:(a b)'));
    expect(fq('-res_format:(CSV OR JSON)')).toEqual([
      [{ field: 'res_format', negate: true, values: ['CSV', 'JSON'] }],
    ]);
  });

  it('reads * as any value and *:* as everything', () => {
    expect(fq('res_format:*')).toEqual([[{ field: 'res_format', negate: false, values: 'any' }]]);
    expect(fq('*:*')).toEqual([]);
  });

  it('reads ranges on times and counts, inclusive or not, open with *', () => {
    expect(fq('num_resources:[1 TO *] num_tags:{0 TO 5}')).toEqual([
      [{ field: 'num_resources', negate: false, min: { value: 1, inclusive: true } }],
      [
        {
          field: 'num_tags',
          negate: false,
          min: { value: 0, inclusive: false },
          max: { value: 5, inclusive: false },
        },
      ],
    ]);
    expect(fq('metadata_created:[* TO 2024-12-31]')).toEqual([
      [
        {
          field: 'metadata_created',
          negate: false,
          max: { value: Date.UTC(2024, 11, 31), inclusive: true },
        },
      ],
    ]);
    expect(fq('num_resources:3')).toEqual([
      [
        {
          field: 'num_resources',
          negate: false,
          min: { value: 3, inclusive: true },
          max: { value: 3, inclusive: true },
        },
      ],
    ]);
  });

  it('passes values that look like injections through as plain values', () => {
    expect(fq(`organization:"x' OR '1'='1" tags:DROP\\ TABLE`)).toEqual([
      [{ field: 'organization', negate: false, values: ["x' OR '1'='1"] }],
      [{ field: 'tags', negate: false, values: ['DROP TABLE'] }],
    ]);
  });

  it('refuses what it cannot read with a Search Query Error that says what is supported', () => {
    const cases: [string, string][] = [
      ['title_en:x', 'unknown field'],
      ['organization', 'not field:value'],
      ['tags:"open', 'quote is not closed'],
      ['tags:(a OR b', 'not closed'],
      ['tags:(a OR b AND c)', 'mixes AND and OR'],
      ['tags:()', 'empty'],
      ['(tags:a OR tags:b)', 'parentheses'],
      ['tags:a OR -tags:b', 'OR can only join'],
      ['tags:(a b) OR tags:c', 'OR cannot join'],
      ['-tags:(a b)', 'exclude values one by one'],
      ['OR tags:a', 'needs a clause on each side'],
      ['tags:a AND', 'at the end'],
      ['tags:a OR OR tags:b', 'needs a clause on each side'],
      ['tags:[a TO b]', 'not ranges'],
      ['num_tags:[1 TO]', 'written [lo TO hi]'],
      ['num_tags:[1 TO 2', 'not closed'],
      ['num_tags:many', 'whole number'],
      ['metadata_modified:[NOW-1DAY TO NOW]', 'date math'],
      ['metadata_modified:[2024-13-45 TO *]', 'ISO 8601'],
      ['tags: x', 'needs a value'],
      ['-*:*', 'match nothing'],
      ['*:x', 'only takes *'],
      [`tags:${'x'.repeat(4001)}`, 'at most 4000'],
    ];
    for (const [text, message] of cases) {
      const error = errorOf(() => fq(text));
      expect(error, text).toMatchObject({ type: 'Search Query Error', status: 400 });
      expect(error.fields.fq?.[0], text).toContain(message);
    }
  });
});

describe('parseTime', () => {
  it('reads dates and times, with or without a zone (UTC), and fractions of a second', () => {
    expect(parseTime('2024-01-01')).toBe(Date.UTC(2024, 0, 1));
    expect(parseTime('2024-01-01T10:20:30Z')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30));
    expect(parseTime('2024-01-01T10:20:30')).toBe(Date.UTC(2024, 0, 1, 10, 20, 30));
    expect(parseTime('2021-01-15T10:25:28.638659')).toBe(Date.UTC(2021, 0, 15, 10, 25, 28, 638));
    expect(parseTime('2024-01-01T08:00:00+08:00')).toBe(Date.UTC(2024, 0, 1));
  });

  it('gives undefined for what is not an ISO time', () => {
    for (const text of ['NOW', '2024', '01/02/2024', '2024-01-01 10:00', ''])
      expect(parseTime(text), text).toBeUndefined();
  });
});
