import type { Agency } from '../schemas/agency.ts';
import { DatarunError, problem } from '../errors.ts';

/**
 * One Chinese open-data portal whose export the CN-PDS project crawled: where it is, what it
 * covers, and which of its own field names holds each of our fields (data/README.md's table).
 */
export type CnpdsProfile = {
  key: string;
  /** The portal's host, used as the origin platform of its records. */
  host: string;
  /** The portal's name, as portals.json gives it. */
  name: string;
  /** The area it covers, our entries' `spatial`. */
  spatial: string;
  /** Where its agencies are. */
  region: string;
  level: Agency['level'];
  fields: {
    title: string;
    abstract: string;
    provider: string;
    issued: string;
    modified: string;
    formats: string;
    updateCycle?: string;
    openType?: string;
    keywords?: { field: string; separator: RegExp };
    contact?: string;
    /** Domain or theme labels, in the order they decide the category. */
    themes: string[];
    /** Labels used only when they name a category (浙江's 行业分类 is mostly 暂无 or 其他). */
    hints?: string[];
    /** The record's page on the portal, where it is unique per record. */
    url?: string;
  };
};

export const CNPDS_PORTALS: readonly CnpdsProfile[] = [
  {
    key: 'shanghai',
    host: 'data.sh.gov.cn',
    name: '上海市公共数据开放平台',
    spatial: '上海市',
    region: '310000',
    level: '省级',
    fields: {
      title: '数据集名称',
      abstract: '摘要',
      provider: '数据提供方',
      issued: '首次发布日期',
      modified: '更新日期',
      formats: '数据格式',
      updateCycle: '更新频度',
      openType: '开放属性',
      keywords: { field: '数据标签', separator: /,/ },
      contact: '联系方式',
      themes: ['数据领域', '国家主题分类'],
      // Every record carries the same 详情页网址 (a crawler artefact): it identifies nothing.
    },
  },
  {
    key: 'zhejiang',
    host: 'data.zjzwfw.gov.cn',
    name: '浙江省人民政府-浙江数据开放',
    spatial: '浙江省',
    region: '330000',
    level: '省级',
    fields: {
      title: '标题',
      abstract: '摘要',
      provider: '数源单位',
      issued: '发布日期',
      modified: '更新日期',
      formats: '资源格式',
      updateCycle: '更新周期',
      openType: '开放条件',
      keywords: { field: '标签', separator: /、/ },
      contact: '联系方式',
      themes: ['数据领域'],
      hints: ['行业分类'],
      url: '详情页网址',
    },
  },
  {
    key: 'zhoushan',
    host: 'data.zhoushan.gov.cn',
    name: '舟山市·公共数据开放平台',
    spatial: '舟山市',
    region: '330900',
    level: '市级',
    fields: {
      title: '资源名称',
      abstract: '摘要',
      provider: '资源提供方',
      issued: '上线日期',
      modified: '更新日期',
      formats: '资源格式',
      themes: ['数据领域'],
      url: '详情页网址',
    },
  },
  {
    key: 'guiyang',
    // 贵阳's portal is a section of the province's: its records' pages are on this host.
    host: 'data.guizhou.gov.cn',
    name: '贵阳市政府数据开放平台',
    spatial: '贵阳市',
    region: '520100',
    level: '市级',
    fields: {
      title: '标题',
      abstract: '数据摘要',
      provider: '数据提供方',
      issued: '发布时间',
      modified: '更新时间',
      formats: '数据格式',
      updateCycle: '更新频率',
      openType: '开放属性',
      themes: ['主题名称'],
      url: '详情页网址',
    },
  },
  {
    key: 'anhui',
    host: 'data.ahzwfw.gov.cn',
    name: '安徽省公共数据开放平台',
    spatial: '安徽省',
    region: '340000',
    level: '省级',
    fields: {
      title: '标题',
      abstract: '摘要信息',
      provider: '提供单位',
      issued: '发布日期',
      modified: '更新日期',
      formats: '数据格式',
      updateCycle: '更新频率',
      openType: '开放属性',
      themes: ['所属领域'],
    },
  },
];

/** The profile whose key or host is `name`, or undefined. */
export function cnpdsProfile(name: string): CnpdsProfile | undefined {
  const wanted = name.trim().toLowerCase();
  return CNPDS_PORTALS.find((p) => p.key === wanted || p.host === wanted);
}

/**
 * The profile for an export: the one `portal` names; else the one its file name ends with
 * (`zhejiang_zhoushan.json` → zhoushan); else the one whose field names the first records use
 * most. Throws when `portal` names none or nothing fits.
 */
export function chooseCnpdsProfile(
  file: string,
  records: readonly unknown[],
  portal?: string,
): CnpdsProfile {
  const known = CNPDS_PORTALS.map((p) => p.key).join(', ');
  if (portal !== undefined) {
    const named = cnpdsProfile(portal);
    if (named) return named;
    throw new DatarunError(
      problem('invalid-value', `unknown portal "${portal}"; known portals: ${known}`, { file }),
    );
  }
  const base = (file.split(/[/\\]/).pop() ?? file).replace(/\.[^.]*$/, '').toLowerCase();
  const byName = CNPDS_PORTALS.find((p) => base === p.key || base.endsWith(`_${p.key}`));
  if (byName) return byName;
  const keys = new Set(
    records.slice(0, 20).flatMap((r) => (r && typeof r === 'object' ? Object.keys(r) : [])),
  );
  const score = (p: CnpdsProfile) =>
    fieldNames(p).filter((f) => keys.has(f)).length / fieldNames(p).length;
  const best = [...CNPDS_PORTALS].sort((a, b) => score(b) - score(a))[0]!;
  if (score(best) >= 0.6) return best;
  throw new DatarunError(
    problem(
      'invalid-value',
      `cannot tell which portal this export is from; name one with --portal (${known})`,
      { file },
    ),
  );
}

/** Every field name a profile reads. */
export function fieldNames(p: CnpdsProfile): string[] {
  const f = p.fields;
  return [
    f.title,
    f.abstract,
    f.provider,
    f.issued,
    f.modified,
    f.formats,
    f.updateCycle,
    f.openType,
    f.keywords?.field,
    f.contact,
    ...f.themes,
    ...(f.hints ?? []),
    f.url,
  ].filter((name): name is string => name !== undefined);
}
