import { describe, expect, it } from 'vitest';
import {
  matchHeader,
  tableSchemaFromFrictionless,
  tableSchemaFromItems,
} from '../../../functions/src/core/ingest/table-schema.ts';
import type { Item } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { formatProblem } from '../../../functions/src/core/errors.ts';
import { parse, problemsOf, realText } from './helpers.ts';

// The 信息项 of the demo entry for the NBS 人口出生率 table (data/entries/301-000003.yaml).
const BIRTH_RATE_ITEMS: Item[] = [
  {
    name: '年份',
    nameEn: 'year',
    type: '字符型',
    description: '如“1978年”',
    required: true,
    key: true,
  },
  {
    name: '人口出生率',
    nameEn: 'birth rate',
    type: '数值型',
    description: '‰',
    required: false,
    key: false,
  },
  { name: '人口死亡率', nameEn: 'death rate', type: '数值型', required: false, key: false },
  { name: '人口自然增长率', type: '数值型', required: false, key: false },
];

const realJson = (path: string): unknown => JSON.parse(realText(path));

describe('tableSchemaFromItems', () => {
  it('turns 信息项 into fields with Table Schema types, titles, descriptions and required', () => {
    expect(tableSchemaFromItems(BIRTH_RATE_ITEMS)).toEqual({
      fields: [
        {
          name: '年份',
          type: 'string',
          title: 'year',
          description: '如“1978年”',
          constraints: { required: true },
        },
        { name: '人口出生率', type: 'number', title: 'birth rate', description: '‰' },
        { name: '人口死亡率', type: 'number', title: 'death rate' },
        { name: '人口自然增长率', type: 'number' },
      ],
      primaryKey: ['年份'],
    });
  });

  it('maps every 信息项 data type', () => {
    const types = [
      '字符型',
      '备注型',
      '通用型',
      '数值型',
      '货币型',
      '整型',
      '日期型',
      '日期时间型',
      '逻辑型',
    ] as const;
    const items = types.map((type, k): Item => ({
      name: `f${k}`,
      type,
      required: false,
      key: false,
    }));
    expect(tableSchemaFromItems(items).fields.map((f) => f.type)).toEqual([
      'string',
      'string',
      'string',
      'number',
      'number',
      'integer',
      'date',
      'datetime',
      'boolean',
    ]);
  });

  it('refuses an entry without 信息项', () => {
    expect(problemsOf(() => tableSchemaFromItems([]))[0]).toMatchObject({
      code: 'invalid-field',
      field: 'items',
    });
  });
});

describe('tableSchemaFromFrictionless', () => {
  it('reads a plain Table Schema file, keeping descriptions', () => {
    const schema = tableSchemaFromFrictionless(
      realJson('messy-csv-publicbodies-multiline/public-body-schema.json'),
    );
    expect(schema.fields).toHaveLength(18);
    expect(schema.fields[7]).toEqual({
      name: 'founding_date',
      type: 'date',
      description: 'IS0 8601 Date this body was founded / created',
    });
    expect(schema.primaryKey).toBeUndefined();
  });

  it('takes the only resource of a data package, with titles', () => {
    const schema = tableSchemaFromFrictionless(
      realJson('frictionless-country-codes/datapackage.json'),
    );
    expect(schema.fields).toHaveLength(55);
    expect(schema.fields[0]).toMatchObject({ name: 'FIFA', type: 'string', title: 'FIFA code' });
    expect(schema.fields.find((f) => f.name === 'Geoname ID')?.type).toBe('number');
  });

  it('picks a resource by name and publishes year as integer', () => {
    const json = realJson('frictionless-co2-ppm/datapackage.json');
    expect(
      tableSchemaFromFrictionless(json, { resource: 'co2-gr-gl' }).fields.map((f) => [
        f.name,
        f.type,
      ]),
    ).toEqual([
      ['Year', 'integer'],
      ['Annual Increase', 'number'],
      ['Uncertainty', 'number'],
    ]);
    expect(tableSchemaFromFrictionless(json, { resource: 'co2-mm-mlo' }).fields[0]).toMatchObject({
      name: 'Date',
      type: 'date',
      description: 'YYYY-MM-DD',
    });
  });

  it('asks which resource when a package has several, listing their names', () => {
    const [found] = problemsOf(() =>
      tableSchemaFromFrictionless(realJson('frictionless-gdp/datapackage.json'), {
        file: 'datapackage.json',
      }),
    );
    expect(found).toMatchObject({
      code: 'invalid-field',
      file: 'datapackage.json',
      field: 'resources',
    });
    expect(found!.message).toMatch(/2 resources \("top-economies", "gdp"\)/);
    const [missing] = problemsOf(() =>
      tableSchemaFromFrictionless(realJson('frictionless-gdp/datapackage.json'), {
        resource: 'GDP',
      }),
    );
    expect(missing!.message).toMatch(/no resource is named "GDP"/);
  });

  it('keeps types it does not check as strings and names the JSON path of every fault', () => {
    const schema = tableSchemaFromFrictionless({
      fields: [
        { name: 'when', type: 'yearmonth' },
        { name: 'where', type: 'geopoint' },
        { name: 'x' },
      ],
    });
    expect(schema.fields.map((f) => f.type)).toEqual(['string', 'string', 'string']);

    const problems = problemsOf(() =>
      tableSchemaFromFrictionless({
        resources: [
          {
            name: 'r',
            schema: {
              fields: [{ name: 'a', type: 'decimal' }, { type: 'string' }, { name: 'a' }],
              primaryKey: ['id'],
            },
          },
        ],
      }),
    );
    expect(problems.map((p) => p.field)).toEqual([
      'resources[0].schema.fields[0].type',
      'resources[0].schema.fields[1].name',
      'resources[0].schema.fields[2].name',
      'resources[0].schema.primaryKey',
    ]);
    expect(formatProblem(problems[0]!)).toMatch(
      /^resources\[0\]\.schema\.fields\[0\]\.type: unknown type "decimal"/,
    );
  });

  it('keeps required constraints and a primary key given as one name', () => {
    const schema = tableSchemaFromFrictionless({
      fields: [{ name: 'id', type: 'integer', constraints: { required: true, unique: true } }],
      primaryKey: 'id',
    });
    expect(schema).toEqual({
      fields: [{ name: 'id', type: 'integer', constraints: { required: true } }],
      primaryKey: ['id'],
    });
  });

  it('asks for the schema file when a resource only refers to one', () => {
    const [found] = problemsOf(() =>
      tableSchemaFromFrictionless({ resources: [{ name: 'r', schema: 'schema.json' }] }),
    );
    expect(found).toMatchObject({ field: 'resources[0].schema' });
    expect(found!.message).toMatch(/separate file \("schema.json"\)/);
  });

  it('refuses what is not a schema at all', () => {
    expect(problemsOf(() => tableSchemaFromFrictionless([]))[0]!.field).toBe('$');
    expect(problemsOf(() => tableSchemaFromFrictionless({ fields: [] }))[0]!.field).toBe(
      '$.fields',
    );
  });
});

describe('matchHeader', () => {
  const schema = tableSchemaFromItems(BIRTH_RATE_ITEMS);

  it('lets an empty header cell take the declared name, as in the real NBS files', () => {
    const text = realText(
      'cn-nbs-national-data-utf8/data/zb/人口/人口出生率、死亡率和自然增长率.csv',
    );
    const header = parse(text)[0]!.fields;
    expect(header[0]).toBe('');
    expect(matchHeader(schema, header)).toBeUndefined();
  });

  it('trims cells and accepts a field title in place of its name', () => {
    expect(
      matchHeader(schema, [' 年份 ', 'birth rate', '人口死亡率', '人口自然增长率']),
    ).toBeUndefined();
  });

  it('lists expected and found names with their column numbers', () => {
    const found = matchHeader(schema, ['年份', '出生率', '人口死亡率'], 'data.csv');
    expect(found).toMatchObject({ code: 'header-mismatch', file: 'data.csv', line: 1 });
    expect(found!.message).toBe(
      'the header does not match the declared fields: column 2 is "出生率", expected "人口出生率"; column 4 "人口自然增长率" is missing',
    );
    expect(
      matchHeader(schema, ['年份', '人口出生率', '人口死亡率', '人口自然增长率', '备注'])!.message,
    ).toMatch(/column 5 "备注" is not declared/);
  });

  it('says when the columns are right but in another order', () => {
    const found = matchHeader(schema, ['人口出生率', '年份', '人口死亡率', '人口自然增长率']);
    expect(found!.message).toMatch(/the same names in a different order/);
  });
});
