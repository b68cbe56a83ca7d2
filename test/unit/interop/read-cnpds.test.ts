import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readCnpds } from '../../../functions/src/core/interop/read-cnpds.ts';
import { cnpdsProfile } from '../../../functions/src/core/interop/cnpds-portals.ts';
import { mapEntries } from '../../../functions/src/core/interop/map-entries.ts';
import { parseEntryFile } from '../../../functions/src/core/catalog/parse-source.ts';
import type { Agency } from '../../../functions/src/core/schemas/agency.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';

const CNPDS = '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds';
const read = (name: string, portal?: string) =>
  readCnpds(readFileSync(join(CNPDS, name), 'utf8'), name, portal);
const demoAgencies: Agency[] = parse(
  readFileSync(join(DEMO_DATA, 'agencies.yaml'), 'utf8'),
).agencies;

const PORTALS = [
  { file: 'shanghai_shanghai.json', platform: 'data.sh.gov.cn', records: 4494 },
  { file: 'zhejiang_zhejiang.json', platform: 'data.zjzwfw.gov.cn', records: 1309 },
  { file: 'zhejiang_zhoushan.json', platform: 'data.zhoushan.gov.cn', records: 522 },
  { file: 'guizhou_guiyang.json', platform: 'data.guizhou.gov.cn', records: 2469 },
  { file: 'anhui_anhui.json', platform: 'data.ahzwfw.gov.cn', records: 700 },
];

/** The fields data/README.md's table maps from the exports (the rest the demo catalog chose). */
const README_FIELDS = [
  'format',
  'openType',
  'openCondition',
  'updateCycle',
  'issued',
  'modified',
  'contact',
  'spatial',
] as const;
/** Agencies the 浙江 export names by abbreviations that do not spell out the demo catalog's name. */
const ABBREVIATED = new Set(['zj-market', 'zj-drugs', 'zj-development']);

describe('readCnpds', () => {
  it.each(PORTALS)('reads every record of $file', ({ file, platform, records }) => {
    const result = read(file);
    expect(result.platform).toBe(platform);
    expect(result.total).toBe(records);
    expect(result.records).toHaveLength(records);
    expect(result.skipped).toEqual([]);
  });

  it.each(PORTALS)(
    'maps the demo catalog’s records of $platform as data/README.md says',
    ({ file, platform }) => {
      const result = read(file);
      const profile = cnpdsProfile(platform)!;
      const mapped = mapEntries(result, {
        from: 'cnpds',
        file,
        agencies: demoAgencies,
        identities: new Map(),
        usedCodes: new Set(),
        agencyDefaults: { region: profile.region, level: profile.level },
      });
      const demo = readdirSync(join(DEMO_DATA, 'entries'))
        .map((name) => readFileSync(join(DEMO_DATA, 'entries', name), 'utf8'))
        .filter((text) => text.includes(`(${platform}), record`))
        .map((text) => parseEntryFile({ path: 'demo.yaml', text }).value!);
      expect(demo.length).toBeGreaterThan(2);
      for (const expected of demo) {
        const entry = mapped.entries.find(
          (e) => e.title.zh === expected.title.zh && e.issued === expected.issued,
        );
        expect(entry, expected.title.zh).toBeDefined();
        expect(entry!.abstract.zh).toBe(expected.abstract.zh);
        expect(entry!.keywords).toEqual(expected.keywords);
        for (const field of README_FIELDS)
          expect(entry![field], `${expected.code} ${field}`).toEqual(expected[field]);
        if (!ABBREVIATED.has(expected.provider))
          expect(entry!.provider, expected.code).toBe(expected.provider);
      }
    },
  );

  it('identifies 上海 records by provider, title and first publication, and the others by their page', () => {
    const shanghai = read('shanghai_shanghai.json').records[0]!;
    expect(shanghai.id).toBe('上海市住房和城乡建设管理委员会/拆除施工企业信息/2020-01-02');
    expect(shanghai.url).toBeUndefined();
    expect(shanghai.dropped).toContain('详情页网址');
    const zhoushan = read('zhejiang_zhoushan.json').records[0]!;
    expect(zhoushan.id).toBe('http://data.zhoushan.gov.cn/#/OpenData/DataSet/Detail?id=30242');
    expect(zhoushan.url).toBe(zhoushan.id);
  });

  it('spells out the province or city an export abbreviates, but not 市场', () => {
    const names = new Set(read('anhui_anhui.json').records.map((r) => r.publisher!.name.zh));
    expect(names).toContain('安徽省统计局');
    expect(names).not.toContain('省统计局');
    const zhoushan = new Set(
      read('zhejiang_zhoushan.json').records.map((r) => r.publisher!.name.zh),
    );
    expect(zhoushan).toContain('舟山市水利局');
    expect(zhoushan).toContain('舟山市市场监管局');
    expect(zhoushan).toContain('区农业农村局');
  });

  it('reads list fields written as JSON lists, Python lists and separated text', () => {
    const anhui = read('anhui_anhui.json').records;
    expect(anhui[0]!.formats).toEqual(['api']);
    expect(
      anhui.find((r) => r.formats.includes('xlsx') && r.formats.length === 2)?.formats,
    ).toEqual(['xlsx', 'api']);
    const zhejiang = read('zhejiang_zhejiang.json').records[0]!;
    expect(zhejiang.keywords).toEqual([
      '观测点',
      '市场',
      '调查',
      '信息',
      '农作物',
      '备',
      '供',
      '种子',
      '种',
    ]);
    expect(zhejiang.formats).toEqual(['数据库-sqlServer']);
    expect(zhejiang.contact).toEqual({ email: 'zjsnyxxzx@163.com' });
  });

  it('uses 浙江’s 行业分类 only where it names a category, and reports it dropped otherwise', () => {
    const records = read('zhejiang_zhejiang.json').records;
    const withHint = records.filter((r) => r.themes.includes('电子证照'));
    expect(withHint.length).toBeGreaterThan(0);
    const dropped = records.filter((r) => r.dropped.includes('行业分类'));
    expect(dropped).toHaveLength(9);
    expect(records.every((r) => r.dropped.includes('数据量'))).toBe(true);
  });

  it('picks the portal by --portal, else by file name, else by the field names used', () => {
    const text = readFileSync(join(CNPDS, 'anhui_anhui.json'), 'utf8');
    expect(readCnpds(text, 'export.json').platform).toBe('data.ahzwfw.gov.cn');
    expect(readCnpds(text, 'x_anhui.json').platform).toBe('data.ahzwfw.gov.cn');
    expect(readCnpds(text, 'export.json', 'data.ahzwfw.gov.cn').platform).toBe(
      'data.ahzwfw.gov.cn',
    );
    expect(() => readCnpds(text, 'export.json', 'beijing')).toThrow(
      /unknown portal "beijing"; known portals: shanghai/,
    );
    expect(() => readCnpds('[{"name": "x"}]', 'export.json')).toThrow(DatarunError);
  });

  it('skips a record that is not an object or has no title, with its position', () => {
    const text =
      '[\n  {"标题": "甲", "提供单位": "省统计局", "发布日期": "2020-01-01"},\n  {"标题": ""},\n  7\n]';
    const result = readCnpds(text, 'anhui_anhui.json');
    expect(result.records).toHaveLength(1);
    expect(result.skipped).toEqual([
      { index: 1, line: 3, column: 3, reason: 'no title (标题)' },
      { index: 2, line: 4, column: 3, reason: 'the record is not a JSON object' },
    ]);
  });
});
