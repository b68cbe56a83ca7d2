/**
 * Generates a large public catalog for the site benchmark, from real records only: the catalog
 * exports of five Chinese open-data portals in /work/shared/realdata when they are there, or
 * else (a clean clone, CI) the repository's own demo catalog, cycled. Entries with data get the
 * first rows of the demo catalog's real CSV files as their preview.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { loadCatalog } from '../functions/src/services/load-catalog.ts';
import { CatalogSnapshotSchema } from '../functions/src/core/schemas/catalog-snapshot.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../functions/src/core/schemas/catalog-snapshot.ts';
import type { Agency } from '../functions/src/core/schemas/agency.ts';
import {
  CATEGORIES,
  RESOURCE_FORMATS,
  UPDATE_CYCLES,
} from '../functions/src/core/schemas/vocabulary.ts';
import type {
  Category,
  OpenType,
  ResourceFormat,
  UpdateCycle,
} from '../functions/src/core/schemas/vocabulary.ts';
import { MEDIA_TYPES, DISTRIBUTION_FORMATS } from '../functions/src/core/schemas/distribution.ts';
import { codeSlug, distributionKey } from '../functions/src/core/publish/object-keys.ts';
import { readCsvPreview } from '../functions/src/services/site/preview-rows.ts';
import { PREVIEW_ROWS } from '../functions/src/services/site/site-input.ts';
import type { Preview } from '../functions/src/services/site/site-input.ts';

export const REALDATA = '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds';
const ROOT = join(import.meta.dirname, '..');

/** One catalog record as the benchmark reads it, whichever source it came from. */
type SourceRecord = {
  title: string;
  titleEn?: string;
  abstract: string;
  provider: string;
  portal: string;
  category: Category;
  format: ResourceFormat;
  openType: OpenType;
  openCondition?: string;
  updateCycle: UpdateCycle;
  issued: string;
  modified: string;
  keywords: string[];
};

const PORTALS: Record<string, { file: string; region: string; level: Agency['level'] }> = {
  shanghai: { file: 'shanghai_shanghai.json', region: '310000', level: '省级' },
  zhejiang: { file: 'zhejiang_zhejiang.json', region: '330000', level: '省级' },
  zhoushan: { file: 'zhejiang_zhoushan.json', region: '330900', level: '市级' },
  guiyang: { file: 'guizhou_guiyang.json', region: '520100', level: '市级' },
  anhui: { file: 'anhui_anhui.json', region: '340000', level: '省级' },
};

/** The portals' domain names mapped onto the catalog's categories, first match wins. */
const DOMAINS: [RegExp, Category][] = [
  [/卫生|医疗|健康/, '主题/健康保障'],
  [/社保|就业|民政|养老/, '主题/社会保障'],
  [/信用/, '主题/信用体系'],
  [/城市建设|城乡|住房|规划/, '主题/城乡建设'],
  [/资源环境|生态|环境|气象/, '主题/生态环保'],
  [/公共安全|应急|安全/, '主题/应急维稳'],
  [/价格|物价/, '主题/价格监管'],
  [/能源|电力/, '主题/能源安全'],
  [/食品|药品/, '主题/食品药品安全'],
  [/市场监督|企业|机构团体/, '基础/法人单位'],
  [/地理|测绘|国土/, '基础/自然资源和空间地理'],
  [/人口|户籍/, '基础/人口'],
  [/社区|街道/, '主题/社区治理'],
  [/教育|文化|旅游|交通|生活|民生|休闲|服务/, '主题/公共服务'],
];

const UNCONDITIONAL_ZJ = new Set([
  '开放网站',
  '无条件开放',
  '无条件',
  '完全开放',
  '依托于开放网站',
]);

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join(' ');
  return value === undefined || value === null ? '' : String(value).trim();
}

function isoDate(value: unknown): string | undefined {
  if (typeof value === 'number') return new Date(value + 8 * 3600_000).toISOString().slice(0, 10);
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(text(value));
  return match?.[1];
}

function updateCycle(value: string): UpdateCycle {
  const head = value.split('(')[0]!.trim();
  const mapped =
    ({ 每天: '每日', 即时: '实时', 不定期更新: '不定期' } as Record<string, string>)[head] ?? head;
  return (UPDATE_CYCLES as readonly string[]).includes(mapped) ? (mapped as UpdateCycle) : '不定期';
}

function resourceFormat(value: string): ResourceFormat {
  const named = RESOURCE_FORMATS.find((format) => value.startsWith(format));
  if (named) return named;
  if (/api/.test(value)) return '服务接口';
  if (/json|xml|rdf/.test(value)) return '自描述格式';
  if (/pdf|doc/.test(value)) return '电子文件';
  if (/jpg|png/.test(value)) return '图形图像';
  return '电子表格';
}

async function realRecords(): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for (const [portal, { file }] of Object.entries(PORTALS)) {
    const rows = JSON.parse(await readFile(join(REALDATA, file), 'utf8')) as Record<
      string,
      unknown
    >[];
    for (const row of rows) {
      const title = text(row['数据集名称'] ?? row['标题'] ?? row['资源名称']);
      if (!title) continue;
      const provider = text(
        row['数据提供方'] ?? row['数源单位'] ?? row['提供单位'] ?? row['资源提供方'],
      );
      const domain = text(
        row['数据领域'] ?? row['所属领域'] ?? row['国家主题分类'] ?? row['主题名称'],
      );
      const condition = text(row['开放条件']);
      const openType: OpenType =
        text(row['开放属性']) === '有条件开放' ||
        (portal === 'zhejiang' && !UNCONDITIONAL_ZJ.has(condition))
          ? '有条件开放'
          : '无条件开放';
      const dates = [
        isoDate(row['首次发布日期'] ?? row['发布日期'] ?? row['发布时间'] ?? row['上线日期']) ??
          '2020-01-01',
        isoDate(row['更新日期'] ?? row['更新时间']) ?? '2020-01-01',
      ].sort();
      records.push({
        title,
        abstract: text(row['摘要'] ?? row['数据摘要'] ?? row['摘要信息']) || title,
        provider: provider || '未注明提供方',
        portal,
        category: DOMAINS.find(([pattern]) => pattern.test(domain))?.[1] ?? '部门',
        format: resourceFormat(text(row['资源格式'] ?? row['数据格式'])),
        openType,
        ...(openType === '有条件开放' && {
          openCondition: condition && condition !== '暂无' ? condition : '经申请审核后开放',
        }),
        updateCycle: updateCycle(text(row['更新频度'] ?? row['更新周期'] ?? row['更新频率'])),
        issued: dates[0]!,
        modified: dates[1]!,
        keywords: text(row['数据标签'] ?? row['标签'])
          .split(/[,、]/)
          .map((k) => k.trim())
          .filter((k) => k.length > 1),
      });
    }
  }
  return records;
}

async function demoRecords(): Promise<SourceRecord[]> {
  const { agencies, entries } = await loadCatalog(new FolderCatalogSource(join(ROOT, 'data')));
  const names = new Map(agencies.map((a) => [a.code, a.name.zh]));
  return entries
    .map(({ entry }) => entry)
    .filter((entry) => entry.openType !== '不予开放')
    .map((entry) => ({
      title: entry.title.zh,
      ...(entry.title.en && { titleEn: entry.title.en }),
      abstract: entry.abstract.zh,
      provider: names.get(entry.provider) ?? entry.provider,
      portal: 'demo',
      category: entry.category,
      format: entry.format,
      openType: entry.openType,
      ...(entry.openCondition && { openCondition: entry.openCondition }),
      updateCycle: entry.updateCycle,
      issued: entry.issued,
      modified: entry.modified,
      keywords: entry.keywords,
    }));
}

/** Real previews: the first rows of the demo catalog's UTF-8 CSV files. */
async function demoPreviews(): Promise<Preview[]> {
  const { entries } = await loadCatalog(new FolderCatalogSource(join(ROOT, 'data')));
  const previews: Preview[] = [];
  for (const { entry } of entries) {
    const path = entry.data?.path;
    if (!path?.endsWith('.csv') || entry.data?.encoding) continue;
    const preview = await readCsvPreview(
      createReadStream(join(ROOT, 'data', path)),
      PREVIEW_ROWS,
      path,
    );
    if (preview.columns.length > 0 && !JSON.stringify(preview).includes('\uFFFD'))
      previews.push(preview);
  }
  return previews;
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** The generated catalog: a valid public snapshot and previews for the entries with data. */
export async function generateCatalog(
  size: number,
  options: { repositoryOnly?: boolean } = {},
): Promise<{
  source: string;
  snapshot: CatalogSnapshot;
  previews: Map<string, Preview>;
}> {
  const real = !options.repositoryOnly && existsSync(join(REALDATA, PORTALS.shanghai!.file));
  const records = real ? await realRecords() : await demoRecords();
  const samples = await demoPreviews();
  const agencies = new Map<string, Agency>();
  const agencyCode = (record: SourceRecord) => {
    const key = `${record.portal}|${record.provider}`;
    let agency = agencies.get(key);
    if (!agency) {
      const portal = PORTALS[record.portal];
      agency = {
        code: `a${String(agencies.size + 1).padStart(4, '0')}`,
        name: { zh: record.provider },
        level: portal?.level ?? '省级',
        region: portal?.region ?? '310000',
      };
      agencies.set(key, agency);
    }
    return agency;
  };

  const sequence = new Map<string, number>();
  const entries: SnapshotEntry[] = [];
  const previews = new Map<string, Preview>();
  const updatedAt = '2026-01-15T08:00:00.000Z';
  for (let i = 0; i < size; i++) {
    const record = records[i % records.length]!;
    const agency = agencyCode(record);
    const category = record.category;
    const classCode =
      category === '部门'
        ? `3${agency.code.slice(1)}`
        : category.startsWith('基础')
          ? `1${String(CATEGORIES.indexOf(category) + 1).padStart(2, '0')}`
          : `2${String(CATEGORIES.indexOf(category) - 4).padStart(2, '0')}`;
    const n = (sequence.get(classCode) ?? 0) + 1;
    sequence.set(classCode, n);
    const code = `${classCode}/${String(n).padStart(6, '0')}`;
    // About one open entry in three is linked to data, near the demo catalog's 挂接率.
    const withData = record.openType === '无条件开放' && i % 3 === 0;
    const preview = samples[i % samples.length]!;
    const version = { version: 1, createdAt: updatedAt, rowCount: 1000 + (i % 5000) };
    const entry: SnapshotEntry = {
      code,
      title: { zh: record.title, ...(record.titleEn && { en: record.titleEn }) },
      abstract: { zh: record.abstract },
      provider: agency.code,
      category,
      format: record.format,
      items: [],
      shareType: '无条件共享',
      shareMethod: ['文件'],
      openType: record.openType,
      ...(record.openCondition && { openCondition: record.openCondition }),
      updateCycle: record.updateCycle,
      issued: record.issued,
      modified: record.modified,
      related: [],
      level: record.openType === '无条件开放' ? 1 : 2,
      keywords: record.keywords,
      status: 'published',
      zone: record.openType === '无条件开放' ? 'open' : 'shared',
      hasData: withData,
      updatedAt,
      versions: withData ? [version] : [],
      ...(withData && {
        currentVersion: 1,
        latest: {
          ...version,
          schema: {
            fields: preview.columns.map((name, c) => ({
              name: name || `column${c + 1}`,
              type: 'string' as const,
            })),
          },
          distributions: DISTRIBUTION_FORMATS.map((format) => ({
            format,
            mediaType: MEDIA_TYPES[format],
            key: distributionKey('open', code, 1, format),
            bytes: 40_000 + (i % 997) * 113,
            sha256: sha256(`${code}/${format}`),
          })),
        },
      }),
    };
    entries.push(entry);
    if (withData) previews.set(codeSlug(code), preview);
  }
  const withData = entries.filter((e) => e.hasData).length;
  const snapshot = CatalogSnapshotSchema.parse({
    kind: 'public',
    generatedAt: updatedAt,
    counts: {
      entries: entries.length,
      agencies: agencies.size,
      withData,
      linkRate: withData / entries.length,
    },
    agencies: [...agencies.values()],
    entries,
  });
  return {
    source: real
      ? `${records.length.toLocaleString('en')} real catalog records of 5 portals (${REALDATA}), cycled`
      : `the ${records.length} entries of the repository's data/entries that are not 不予开放, cycled`,
    snapshot,
    previews,
  };
}
