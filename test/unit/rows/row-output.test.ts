import { describe, expect, it } from 'vitest';
import { coordinateColumns, geojsonBody } from '../../../functions/src/core/rows/geojson.ts';
import { csvBody, ndjsonBody, rowItems } from '../../../functions/src/core/rows/row-output.ts';
import { buildTable } from './naive-rows.ts';
import type { Field } from './naive-rows.ts';

describe('rowItems', () => {
  it('keys items by column even for a column named __proto__ or constructor', () => {
    const fields: Field[] = [
      { name: '__proto__', type: 'string' },
      { name: 'constructor', type: 'integer' },
    ];
    const table = buildTable(fields, [['{"polluted":true}', '1']]);
    const [item] = rowItems(table, [0], ['__proto__', 'constructor']);
    expect(Object.keys(item!)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(item))).toEqual(
      JSON.parse('{"__proto__":"{\\"polluted\\":true}","constructor":1}'),
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('ndjsonBody', () => {
  it('writes one JSON object per line, markup escaped', () => {
    const body = ndjsonBody([
      { a: '</script>', b: 1 },
      { a: null, b: 2 },
    ]);
    expect(body).toBe('{"a":"\\u003c/script\\u003e","b":1}\n{"a":null,"b":2}\n');
    expect(
      body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([
      { a: '</script>', b: 1 },
      { a: null, b: 2 },
    ]);
  });
});

describe('csvBody', () => {
  it('writes the columns asked for, quoting as data.csv does, formulas left as the data has them', () => {
    const fields: Field[] = [
      { name: 'name', type: 'string' },
      { name: 'n', type: 'number' },
      { name: 'ok', type: 'boolean' },
    ];
    const table = buildTable(fields, [
      ['=HYPERLINK("x")', '1.5', 'true'],
      ['a,b', '', ''],
    ]);
    expect(csvBody(table, [1, 0], ['ok', 'name', 'n'])).toBe(
      'ok,name,n\n,"a,b",\ntrue,"=HYPERLINK(""x"")",1.5\n',
    );
  });
});

describe('coordinateColumns', () => {
  it('recognises longitude and latitude columns by name, in any case, when they hold numbers', () => {
    expect(
      coordinateColumns([
        { name: 'Longitude', type: 'number' },
        { name: 'LAT', type: 'number' },
      ]),
    ).toEqual({ longitude: 'Longitude', latitude: 'LAT' });
    expect(
      coordinateColumns([
        { name: '经度', type: 'number' },
        { name: '纬度', type: 'integer' },
      ]),
    ).toEqual({ longitude: '经度', latitude: '纬度' });
    expect(
      coordinateColumns([
        { name: 'lng', type: 'string' },
        { name: 'lat', type: 'number' },
      ]),
    ).toBeUndefined();
    expect(coordinateColumns([{ name: 'lon', type: 'number' }])).toBeUndefined();
  });
});

describe('geojsonBody', () => {
  it('writes Point features at [longitude, latitude], and null geometry where a row has none', () => {
    const fields: Field[] = [
      { name: 'name', type: 'string' },
      { name: 'lat', type: 'number' },
      { name: 'lon', type: 'number' },
    ];
    const table = buildTable(fields, [
      ['Hauteville', '48.97', '-1.54'],
      ['nowhere', '', '-1.5'],
      ['off the map', '91', '0'],
    ]);
    const body = JSON.parse(
      geojsonBody(table, [0, 1, 2], ['name'], { longitude: 'lon', latitude: 'lat' }),
    );
    expect(body).toEqual({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [-1.54, 48.97] },
          properties: { name: 'Hauteville' },
        },
        { type: 'Feature', geometry: null, properties: { name: 'nowhere' } },
        { type: 'Feature', geometry: null, properties: { name: 'off the map' } },
      ],
    });
  });
});
