import { describe, expect, it } from 'vitest';
import { mapEntries } from '../../../functions/src/core/interop/map-entries.ts';
import type { MapOptions } from '../../../functions/src/core/interop/map-entries.ts';
import type {
  ForeignDataset,
  ReadResult,
} from '../../../functions/src/core/interop/foreign-dataset.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { agency } from '../../support/entries.ts';

const record = (overrides: Partial<ForeignDataset> = {}): ForeignDataset => ({
  at: { index: 0 },
  id: 'r1',
  title: { zh: '道路交通事故统计' },
  publisher: { name: { zh: '某市公安局' } },
  keywords: [],
  themes: [],
  formats: ['csv'],
  issued: '2020-01-02',
  modified: '2021-03-04',
  dropped: [],
  ...overrides,
});
const read = (records: ForeignDataset[], platform = 'example.org'): ReadResult => ({
  platform,
  total: records.length,
  records: records.map((r, index) => ({ ...r, at: { index, line: index + 2, column: 3 } })),
  skipped: [],
});
const options = (overrides: Partial<MapOptions> = {}): MapOptions => ({
  from: 'ckan',
  file: 'f.json',
  agencies: [],
  identities: new Map(),
  usedCodes: new Set(),
  ...overrides,
});
const given = [
  agency({ code: 'sh-housing', name: { zh: '上海市住房和城乡建设管理委员会' } }),
  agency({ code: 'nbs' }),
];

describe('mapEntries', () => {
  it('gives each category its 分类码 and numbers the entries within it', () => {
    const result = mapEntries(
      read([
        record({ id: 'a', themes: ['人口基础信息'] }),
        record({ id: 'b', themes: ['公共安全'] }),
        record({ id: 'c' }),
        record({ id: 'd', publisher: { name: { zh: '国家统计局' } } }),
        record({ id: 'e', themes: ['公共安全'] }),
      ]),
      options({ agencies: given }),
    );
    expect(result.entries.map((e) => e.code)).toEqual([
      '101/000001',
      '212/000001',
      '303/000001',
      '302/000001',
      '212/000002',
    ]);
    for (const entry of result.entries)
      expect(CatalogEntrySchema.safeParse(entry).success).toBe(true);
    expect(result.report).toMatchObject({
      records: 5,
      imported: 5,
      created: 0,
      updated: 0,
      unchanged: 0,
    });
  });

  it('writes the provider’s position with three digits from 100 on', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      agency({ code: `a-${i}`, name: { zh: `机关${i}` } }),
    );
    const result = mapEntries(
      read([record({ publisher: { name: { zh: '机关99' } } })]),
      options({ agencies: many }),
    );
    expect(result.entries[0]!.code).toBe('3100/000001');
  });

  it('keeps the code of a record imported before, and takes no code already used', () => {
    const result = mapEntries(
      read([
        record({ id: 'new', themes: ['公共安全'] }),
        record({ id: 'old', themes: ['公共安全'] }),
      ]),
      options({
        identities: new Map([['old', '212/000007']]),
        usedCodes: new Set(['212/000001', '212/000002']),
      }),
    );
    expect(result.entries.map((e) => [e.origin?.id, e.code])).toEqual([
      ['new', '212/000008'],
      ['old', '212/000007'],
    ]);
  });

  it('counts an identical repeat as a duplicate and lists a differing one as superseded', () => {
    const newer = record({ modified: '2022-01-01' });
    const result = mapEntries(
      read([record({ title: { zh: '旧标题' } }), newer, { ...newer }]),
      options(),
    );
    expect(result.entries.map((e) => e.title.zh)).toEqual(['道路交通事故统计']);
    expect(result.report.duplicates).toBe(1);
    expect(result.report.skipped).toEqual([
      {
        index: 0,
        line: 2,
        column: 3,
        id: 'r1',
        reason: 'superseded by record 2 with the same identity',
      },
    ]);
  });

  it('fills what the source does not say and reports each default', () => {
    const result = mapEntries(read([record({ formats: [], modified: undefined })]), options());
    expect(result.entries[0]).toMatchObject({
      abstract: { zh: '道路交通事故统计' },
      category: '部门',
      format: '电子文件',
      shareType: '无条件共享',
      shareMethod: ['文件'],
      openType: '无条件开放',
      updateCycle: '不定期',
      level: 1,
      issued: '2020-01-02',
      modified: '2020-01-02',
      status: 'approved',
    });
    const { fields } = result.report;
    expect(fields.abstract).toEqual({ mapped: 0, defaulted: 1, default: 'the title' });
    expect(fields.updateCycle).toEqual({ mapped: 0, defaulted: 1, default: '不定期' });
    expect(fields.modified).toMatchObject({ defaulted: 1 });
    expect(fields.issued).toEqual({ mapped: 1, defaulted: 0 });
    expect(fields['agency.region']).toEqual({ mapped: 0, defaulted: 1, default: '100000' });
  });

  it('chooses the share method by format', () => {
    const result = mapEntries(
      read([record({ id: 'a', formats: ['api'] }), record({ id: 'b', formats: ['数据库-mysql'] })]),
      options(),
    );
    expect(result.entries.map((e) => e.shareMethod)).toEqual([['接口'], ['库表']]);
  });

  it('gives an open-on-condition record the standard condition when it states none', () => {
    const result = mapEntries(
      read([
        record({ id: 'a', openType: '有条件开放' }),
        record({ id: 'b', openType: '有条件开放', openCondition: '经实名认证后开放' }),
      ]),
      options(),
    );
    expect(result.entries.map((e) => e.openCondition)).toEqual([
      '经申请审核后开放',
      '经实名认证后开放',
    ]);
    expect(result.report.fields.openCondition).toEqual({
      mapped: 1,
      defaulted: 1,
      default: '经申请审核后开放',
    });
  });

  it('sets modified to issued when it is earlier, and skips a record with no date at all', () => {
    const result = mapEntries(
      read([
        record({ id: 'a', issued: '2021-05-01', modified: 1577836800000 }),
        record({ id: 'b', issued: '', modified: 'soon' }),
      ]),
      options(),
    );
    expect(result.entries.map((e) => [e.issued, e.modified])).toEqual([
      ['2021-05-01', '2021-05-01'],
    ]);
    expect(result.report.skipped).toEqual([
      {
        index: 1,
        line: 3,
        column: 3,
        id: 'b',
        reason: 'no issued or modified date (metadata_created "", metadata_modified "soon")',
      },
    ]);
  });

  it('drops an invalid email, counted under the source’s own field name', () => {
    const result = mapEntries(
      read(
        [record({ contact: { email: 'sjkf at shanghai', phone: '021-1234' } })],
        'data.sh.gov.cn',
      ),
      options({ from: 'cnpds' }),
    );
    expect(result.entries[0]!.contact).toEqual({ phone: '021-1234' });
    expect(result.report.dropped).toEqual({ 联系方式: 1 });
  });

  it('puts a title without Chinese characters in both zh and en', () => {
    const result = mapEntries(read([record({ title: { zh: 'Road accidents' } })]), options());
    expect(result.entries[0]!.title).toEqual({ zh: 'Road accidents', en: 'Road accidents' });
    expect(result.entries[0]!.abstract).toEqual({ zh: 'Road accidents', en: 'Road accidents' });
  });

  it('matches agencies by Chinese name or code and appends new ones in order of first appearance', () => {
    const result = mapEntries(
      read([
        record({ id: 'a', publisher: { name: { zh: '上海市住房和城乡建设管理委员会' } } }),
        record({ id: 'b', publisher: { name: { zh: 'City Council' }, id: 'city-council' } }),
        record({ id: 'c', publisher: { name: { zh: 'Statistics' }, id: 'nbs' } }),
        record({ id: 'd', publisher: { name: { zh: '某市公安局' }, id: 'Not A Code' } }),
        record({ id: 'e', publisher: { name: { zh: 'City Council' } } }),
      ]),
      options({ agencies: given, agencyDefaults: { region: '310000', level: '省级' } }),
    );
    expect(result.entries.map((e) => e.provider)).toEqual([
      'sh-housing',
      'city-council',
      'nbs',
      expect.stringMatching(/^example-org-[0-9a-f]{8}$/),
      'city-council',
    ]);
    expect(result.agencies.map((a) => a.code).slice(0, 3)).toEqual([
      'sh-housing',
      'nbs',
      'city-council',
    ]);
    expect(result.agencies[2]).toEqual({
      code: 'city-council',
      name: { zh: 'City Council', en: 'City Council' },
      level: '省级',
      region: '310000',
    });
    expect(result.agencies[3]!.name).toEqual({ zh: '某市公安局' });
    expect(result.report.fields['agency.level']).toEqual({ mapped: 2, defaulted: 0 });
  });

  it('lets native fields of a datarun export win when they are valid, and keeps a free native code', () => {
    const native = {
      code: '205/000003',
      level: 2 as const,
      shareType: '有条件共享' as const,
      shareCondition: '仅用于安全生产监管',
      openType: '不予开放' as const,
      updateCycle: 'sometimes' as never,
      related: ['205/000004', '999/000001'],
    };
    const result = mapEntries(
      read([
        record({ id: 'a', native }),
        record({ id: 'b', native: { code: '205/000004' } }),
        record({ id: 'c', native: { code: '205/000009' } }),
      ]),
      options({ from: 'dcat', identities: new Map([['z', '205/000009']]) }),
    );
    const [first, second, third] = result.entries;
    expect(first).toMatchObject({
      code: '205/000003',
      level: 2,
      shareType: '有条件共享',
      openType: '不予开放',
      updateCycle: '不定期',
      related: ['205/000004'],
    });
    expect(second!.code).toBe('205/000004');
    expect(third!.code).toBe('301/000001');
    expect(result.report.dropped).toEqual({ 'dct:relation': 1 });
    expect(result.report.fields.shareType).toMatchObject({ mapped: 1, defaulted: 2 });
    expect(result.report.fields.updateCycle).toMatchObject({ mapped: 0, defaulted: 3 });
  });

  it('skips a record that cannot make a valid entry with the schema’s message, and takes back its new agency', () => {
    const result = mapEntries(
      read([record({ id: ' ', publisher: { name: { zh: '新机关' } } }), record({ id: 'ok' })]),
      options({ agencies: given }),
    );
    expect(result.entries.map((e) => e.origin?.id)).toEqual(['ok']);
    expect(result.report.skipped[0]!.reason).toMatch(/^origin\.id: /);
    expect(result.agencies.map((a) => a.name.zh)).toEqual([
      '上海市住房和城乡建设管理委员会',
      '国家统计局',
      '某市公安局',
    ]);
    expect(result.entries[0]!.code).toBe('303/000001');
  });

  it('skips a record without a publisher', () => {
    const { publisher: _, ...orphan } = record();
    const result = mapEntries(read([orphan]), options());
    expect(result.report.skipped.map((s) => s.reason)).toEqual(['no publisher (provider)']);
  });
});
