import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readDataJson } from '../../../functions/src/core/interop/read-datajson.ts';
import { mapEntries } from '../../../functions/src/core/interop/map-entries.ts';
import type { ReadResult } from '../../../functions/src/core/interop/foreign-dataset.ts';

const EXAMPLES = '/work/shared/realdata/pod-datajson-official-examples-v1.1/v1.1/examples';
const PHILADELPHIA =
  '/work/shared/realdata/pod-datajson-city-of-philadelphia/dcatus_with_none.json';
const load = (path: string) => readDataJson(readFileSync(path, 'utf8'), path.split('/').pop()!);
const map = (read: ReadResult) =>
  mapEntries(read, {
    from: 'datajson',
    file: 'data.json',
    agencies: [],
    identities: new Map(),
    usedCodes: new Set(),
  });

describe('readDataJson', () => {
  it('reads the extended official example with every field it maps', () => {
    const result = load(`${EXAMPLES}/catalog-sample-extended.json`);
    expect(result.platform).toBe('www.agency.gov');
    expect(result.total).toBe(3);
    expect(result.records[0]).toMatchObject({
      id: 'http://dx.doi.org/10.7927/H4PZ56R2',
      url: 'http://agency.gov/widgets/data',
      title: { zh: 'U.S. Widget Manufacturing Statistics' },
      publisher: { name: { zh: 'Widget Services' } },
      keywords: ['widget', 'manufacturing', 'factory'],
      themes: ['manufacturing'],
      updateCycle: 'R/P1Y',
      openType: 'public',
      contact: { name: 'Jane Doe', email: 'jane.doe@agency.gov' },
      spatial: 'United States',
      temporal: { start: '2009-09-01T12:00:00Z', end: '2010-05-31T12:00:00Z' },
      formats: ['CSV', 'Zipped CSV', 'JSON', 'API'],
    });
    expect(result.records[0]!.dropped).toEqual(
      expect.arrayContaining(['bureauCode', 'programCode', 'rights']),
    );
  });

  it('maps the official examples onto valid entries, modified before issued set to issued', () => {
    const mapped = map(load(`${EXAMPLES}/catalog-sample-extended.json`));
    expect(mapped.report.imported).toBe(3);
    expect(mapped.entries[0]).toMatchObject({
      title: {
        zh: 'U.S. Widget Manufacturing Statistics',
        en: 'U.S. Widget Manufacturing Statistics',
      },
      format: '电子表格',
      updateCycle: '每年',
      openType: '无条件开放',
      issued: '2011-11-22',
      modified: '2011-11-22',
      temporal: { start: '2009-09-01', end: '2010-05-31' },
      licence: 'http://creativecommons.org/publicdomain/zero/1.0/',
    });
    expect(mapped.report.fields.modified).toEqual({
      mapped: 0,
      defaulted: 3,
      default: 'issued (absent or earlier)',
    });
    const plain = map(load(`${EXAMPLES}/catalog-sample.json`));
    expect(plain.report.imported).toBe(3);
    expect(plain.entries[1]!.format).toBe('电子文件');
    expect(plain.report.fields.format).toMatchObject({ defaulted: 1 });
  });

  it('reads Philadelphia’s null dates as absent and its "R/P1D" modified as a frequency', () => {
    const result = load(PHILADELPHIA);
    expect(result.total).toBe(402);
    expect(result.records).toHaveLength(402);
    const daily = result.records.find((r) => r.id === 'crime-incidents')!;
    expect(daily.updateCycle).toBe('R/P1D');
    expect(daily.modified).toBeUndefined();
    expect(result.records[0]!.modified).toBeNull();
    expect(result.platform).toBe('dcatus_with_none.json');
  });

  it('skips every Philadelphia record, as none has a date, saying so', () => {
    const mapped = map(load(PHILADELPHIA));
    expect(mapped.entries).toEqual([]);
    expect(mapped.report.skipped).toHaveLength(402);
    expect(mapped.report.skipped[0]!.reason).toBe(
      'no issued or modified date (issued absent, modified absent)',
    );
  });

  it('takes rights as the condition of a restricted public dataset', () => {
    const text = JSON.stringify({
      dataset: [
        {
          identifier: 'x',
          title: 'X',
          accessLevel: 'restricted public',
          rights: 'Apply to the data office',
          publisher: { name: 'Office' },
          modified: '2020-01-01',
        },
      ],
    });
    const mapped = map(readDataJson(text, 'data.json'));
    expect(mapped.entries[0]).toMatchObject({
      openType: '有条件开放',
      openCondition: 'Apply to the data office',
    });
  });

  it('skips a dataset without an identifier or title', () => {
    const result = readDataJson('{"dataset": [{"title": "x"}, {"identifier": "y"}]}', 'data.json');
    expect(result.skipped.map((s) => s.reason)).toEqual(['no identifier', 'no title']);
  });
});
