/**
 * Generates a large public catalog for the site benchmark, from real records only: the catalog
 * exports of five Chinese open-data portals in /work/shared/realdata when they are there, or
 * else (a clean clone, CI) the repository's own demo catalog, cycled. Entries with data get the
 * first rows of the demo catalog's real CSV files as their preview.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { loadCatalog } from '../functions/src/services/load-catalog.ts';
import { CatalogSnapshotSchema } from '../functions/src/core/schemas/catalog-snapshot.ts';
import type {
  CatalogSnapshot,
  SnapshotEntry,
} from '../functions/src/core/schemas/catalog-snapshot.ts';
import type { Agency } from '../functions/src/core/schemas/agency.ts';
import type { CatalogEntry } from '../functions/src/core/schemas/catalog-entry.ts';
import { CATEGORIES } from '../functions/src/core/schemas/vocabulary.ts';
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
import { CNPDS, PORTAL_FILES, realCatalog } from './interop-catalog.ts';

const ROOT = join(import.meta.dirname, '..');

/** One catalog record as the benchmark reads it, whichever source it came from. */
type SourceRecord = {
  title: string;
  titleEn?: string;
  abstract: string;
  provider: string;
  region: string;
  level: Agency['level'];
  category: Category;
  format: ResourceFormat;
  openType: OpenType;
  openCondition?: string;
  updateCycle: UpdateCycle;
  issued: string;
  modified: string;
  keywords: string[];
};

/** Every distinct record of the five portal exports, read and mapped by the importer. */
async function realRecords(): Promise<SourceRecord[]> {
  const { agencies, entries } = await realCatalog();
  return toRecords(agencies, entries);
}

function toRecords(agencies: readonly Agency[], entries: readonly CatalogEntry[]): SourceRecord[] {
  const byCode = new Map(agencies.map((agency) => [agency.code, agency]));
  return entries
    .filter((entry) => entry.openType !== '不予开放')
    .map((entry) => {
      const agency = byCode.get(entry.provider)!;
      return {
        title: entry.title.zh,
        ...(entry.title.en && { titleEn: entry.title.en }),
        abstract: entry.abstract.zh,
        provider: agency.name.zh,
        region: agency.region,
        level: agency.level,
        category: entry.category,
        format: entry.format,
        openType: entry.openType,
        ...(entry.openCondition && { openCondition: entry.openCondition }),
        updateCycle: entry.updateCycle,
        issued: entry.issued,
        modified: entry.modified,
        keywords: entry.keywords,
      };
    });
}

async function demoRecords(): Promise<SourceRecord[]> {
  const { agencies, entries } = await loadCatalog(new FolderCatalogSource(join(ROOT, 'data')));
  return toRecords(
    agencies,
    entries.map(({ entry }) => entry),
  );
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
  const real = !options.repositoryOnly && existsSync(join(CNPDS, PORTAL_FILES[0]!));
  const records = real ? await realRecords() : await demoRecords();
  const samples = await demoPreviews();
  const agencies = new Map<string, Agency>();
  const agencyCode = (record: SourceRecord) => {
    const key = `${record.region}|${record.provider}`;
    let agency = agencies.get(key);
    if (!agency) {
      agency = {
        code: `a${String(agencies.size + 1).padStart(4, '0')}`,
        name: { zh: record.provider },
        level: record.level,
        region: record.region,
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
      ? `${records.length.toLocaleString('en')} distinct real catalog records of 5 portals (${CNPDS}), imported and cycled`
      : `the ${records.length} entries of the repository's data/entries that are not 不予开放, cycled`,
    snapshot,
    previews,
  };
}
