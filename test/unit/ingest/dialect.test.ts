import { describe, expect, it } from 'vitest';
import { sniffDialect } from '../../../functions/src/core/ingest/dialect.ts';
import { csvLine } from '../../../functions/src/core/ingest/row-writers.ts';
import { parse, realBytes, realText } from './helpers.ts';

const SAMPLE = 64 * 1024;

/** The first 64 KiB of a real file, as the pipeline samples it. */
function sample(path: string): string {
  return realText(path).slice(0, SAMPLE);
}

const withoutFirstLine = (text: string) => text.slice(text.indexOf('\n') + 1);

describe('sniffDialect', () => {
  it('finds the semicolons of the French postal code file, although a column holds commas', () => {
    expect(
      sniffDialect(sample('messy-csv-laposte-codes-postaux-semicolon/laposte_hexasmal.csv')),
    ).toEqual({
      delimiter: ';',
      header: true,
    });
  });

  it('finds commas and a header in comma files, multi-line records included', () => {
    for (const path of [
      'cn-admin-divisions-modood/dist/areas.csv',
      'frictionless-gdp/data/gdp.csv',
      'messy-csv-publicbodies-multiline/de.csv',
    ]) {
      expect(sniffDialect(sample(path)), path).toEqual({ delimiter: ',', header: true });
    }
  });

  it('takes a header whose first cell is empty, as in the NBS tables', () => {
    const text = realText('cn-nbs-national-data-utf8/data/zb/人口/总人口.csv');
    expect(sniffDialect(text, true)).toEqual({ delimiter: ',', header: true });
  });

  it('takes year labels such as 2020年 as a header above figures, in a GBK export', () => {
    const text = new TextDecoder('gb18030').decode(
      realBytes('cn-nbs-stats-gbk-csv/data/国内生产总值.csv'),
    );
    expect(sniffDialect(text, true)).toEqual({ delimiter: ',', header: true });
  });

  it('sees that the first record is data when the header line is missing', () => {
    for (const [path, delimiter] of [
      ['cn-admin-divisions-modood/dist/areas.csv', ','],
      ['messy-csv-laposte-codes-postaux-semicolon/laposte_hexasmal.csv', ';'],
      ['messy-csv-publicbodies-multiline/de.csv', ','],
      ['frictionless-gdp/data/gdp.csv', ','],
    ]) {
      expect(sniffDialect(withoutFirstLine(sample(path!))), path).toEqual({
        delimiter,
        header: false,
      });
    }
  });

  it('finds tabs and bars', () => {
    const rows = parse(realText('cn-admin-divisions-modood/dist/areas.csv').slice(0, 20000)).map(
      (r) => r.fields,
    );
    for (const delimiter of ['\t', '|']) {
      const text = rows.map((fields) => fields.join(delimiter)).join('\n');
      expect(sniffDialect(text)).toEqual({ delimiter, header: true });
    }
  });

  it('assumes a header and a comma when the sample gives no evidence', () => {
    expect(sniffDialect('名称\n北京\n上海\n', true)).toEqual({ delimiter: ',', header: true });
    expect(sniffDialect(csvLine(['甲', '乙']) + csvLine(['丙', '丁']), true)).toEqual({
      delimiter: ',',
      header: true,
    });
  });
});
