import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanCell } from '../../../functions/src/core/personal-data/cell-scanner.ts';
import { csvCells, csvFilesUnder, jsonValues, REAL_DATA } from './real-data-cells.ts';
import { TODAY } from './valid-numbers.ts';

// Names the file and cell of each detection, never the value.
function detections(file: string, cells: readonly string[]): string[] {
  return cells.flatMap((cell, index) => {
    const kinds = scanCell(cell, TODAY);
    return kinds.length === 0 ? [] : [`${file} cell ${index}: ${kinds.join(', ')}`];
  });
}

describe('scanCell on real public data', () => {
  it('finds nothing in the 行政区划代码 of every county and township', () => {
    const folder = join(REAL_DATA, 'cn-admin-divisions-modood/dist');
    const streets = csvCells(join(folder, 'streets.csv'));
    const areas = csvCells(join(folder, 'areas.csv'));
    expect(streets.length).toBe((41352 + 1) * 5);
    expect(areas.length).toBe((2978 + 1) * 4);
    expect([...detections('streets.csv', streets), ...detections('areas.csv', areas)]).toEqual([]);
  });

  it('finds nothing in the NBS statistics tables (UTF-8)', () => {
    const files = csvFilesUnder(join(REAL_DATA, 'cn-nbs-national-data-utf8/data'));
    expect(files.length).toBeGreaterThanOrEqual(40);
    const found = files.flatMap((file) => detections(file, csvCells(file)));
    expect(found).toEqual([]);
  });

  it('finds nothing in the NBS exports encoded in GBK', () => {
    const files = csvFilesUnder(join(REAL_DATA, 'cn-nbs-stats-gbk-csv/data'));
    expect(files.length).toBe(2);
    const decoded = files.map((file) => ({ file, cells: csvCells(file, 'gb18030') }));
    // A wrong decoding would turn the Chinese into noise that proves nothing.
    expect(decoded.some(({ cells }) => cells.includes('国内生产总值(亿元)'))).toBe(true);
    expect(decoded.flatMap(({ file, cells }) => detections(file, cells))).toEqual([]);
  });

  it('finds nothing in any value of the government open-data catalog exports', () => {
    const folder = join(REAL_DATA, 'cn-gov-open-data-catalog-metadata-cnpds');
    const files = readdirSync(folder).filter((name) => name.endsWith('.json'));
    expect(files.length).toBe(7);
    const values = files.map((name) => ({ name, values: jsonValues(join(folder, name)) }));
    expect(values.reduce((sum, { values }) => sum + values.length, 0)).toBeGreaterThan(90_000);
    expect(values.flatMap(({ name, values }) => detections(name, values))).toEqual([]);
  });
});
