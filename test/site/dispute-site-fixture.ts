import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../functions/src/services/publish/publish-catalog.ts';
import { buildSite } from '../../functions/src/services/site/build-site.ts';
import { QUALITY_KEYS } from '../../functions/src/core/publish/object-keys.ts';
import type { QualityFigures } from '../../functions/src/core/quality/quality-report.ts';
import type { QualityReport } from '../../functions/src/core/quality/quality-report.ts';
import type { CorrectionsLog } from '../../functions/src/core/disputes/dispute-views.ts';
import { QUALITY_FIGURE_DEFINITIONS } from '../../functions/src/core/quality/quality-definitions.ts';
import { startTestStorage } from '../support/storage.ts';
import type { TestStorage } from '../support/storage.ts';
import { catalogFolder, entryWithData } from '../support/catalog-folder.ts';
import { openEntry } from '../support/entries.ts';

/**
 * A small catalog for the quality and dispute pages: 103/000001 with data and a key 信息项
 * (yearly), 103/000002 without data (monthly, last modified 2023-06-30, so overdue), 103/000003
 * with data and no schedule (不定期).
 */
export const FIXTURE_ENTRIES = [
  entryWithData('103/000001', 'divisions.csv', {
    items: [
      { name: 'code', type: '字符型', length: 6, key: true, required: true },
      { name: 'name', type: '字符型' },
    ],
  }),
  openEntry({
    code: '103/000002',
    title: { zh: '月度统计快报', en: 'Monthly statistics bulletin' },
    updateCycle: '每月',
  }),
  entryWithData('103/000003', 'irregular.csv', {
    title: { zh: '不定期普查结果', en: 'Census results' },
    updateCycle: '不定期',
  }),
];

const FILES = {
  'datasets/divisions.csv': 'code,name\n110101,东城区\n110102,西城\n110105,朝阳区\n',
  'datasets/irregular.csv': 'code,name\n1,一\n2,二\n',
};

/** Figures of one agency or all, zero unless given. */
export function figures(overrides: Partial<QualityFigures> = {}): QualityFigures {
  return {
    entries: 0,
    withData: 0,
    linkRate: null,
    scheduled: 0,
    onSchedule: 0,
    overdue: 0,
    onTimeUpdateRate: null,
    completeness: null,
    openDisputes: 0,
    overdueDisputes: 0,
    resolvedDisputes: 0,
    correctedDisputes: 0,
    medianResolutionDays: null,
    shareDecisions: 0,
    shareDecisionsOnTime: 0,
    shareOnTimeRate: null,
    downloads: 0,
    apiCalls: 0,
    ...overrides,
  };
}

/** The day the fixture's quality report judged freshness on. */
export const REPORT_DAY = '2026-11-28';

/** A quality report over the fixture catalog, with a second (unpublished) agency and figures written by hand. */
export function qualityFixture(): QualityReport {
  const nbs = figures({
    entries: 3,
    withData: 2,
    linkRate: 2 / 3,
    scheduled: 2,
    onSchedule: 1,
    overdue: 1,
    onTimeUpdateRate: 0.5,
    completeness: 0.625,
    openDisputes: 1,
    overdueDisputes: 1,
    resolvedDisputes: 2,
    correctedDisputes: 1,
    medianResolutionDays: 2.5,
    shareDecisions: 4,
    shareDecisionsOnTime: 3,
    shareOnTimeRate: 0.75,
    downloads: 1234,
    apiCalls: 56,
  });
  const other = figures({
    entries: 1,
    scheduled: 1,
    onSchedule: 1,
    linkRate: 0,
    onTimeUpdateRate: 1,
  });
  return {
    generatedAt: '2026-11-28T02:30:00.000Z',
    day: REPORT_DAY,
    overall: figures({
      ...nbs,
      entries: 4,
      linkRate: 0.5,
      scheduled: 3,
      onSchedule: 2,
      onTimeUpdateRate: 2 / 3,
    }),
    agencies: [
      {
        agency: 'nbs',
        name: { zh: '国家统计局', en: 'National Bureau of Statistics' },
        figures: nbs,
      },
      {
        agency: 'sh-stats',
        name: { zh: '上海市统计局', en: 'Shanghai Statistics Bureau' },
        figures: other,
      },
    ],
    overdueEntries: [
      {
        code: '103/000002',
        title: { zh: '月度统计快报', en: 'Monthly statistics bulletin' },
        provider: 'nbs',
        updateCycle: '每月',
        freshness: {
          status: 'overdue',
          lastUpdated: '2023-06-30',
          due: '2023-07-30',
          daysLate: 1217,
        },
      },
    ],
    dueSoon: [],
    sourceConflicts: [
      {
        library: '基础/自然资源和空间地理',
        item: 'code',
        source: '103/000001',
        claimants: ['103/000003'],
      },
    ],
    definitions: QUALITY_FIGURE_DEFINITIONS,
  };
}

/** A corrections log: one correction of 103/000001 (two cells), one open and two rejected reports. */
export function correctionsFixture(): CorrectionsLog {
  return {
    generatedAt: '2026-11-28T03:00:00.000Z',
    entries: {
      '103/000001': {
        corrections: [
          {
            dispute: 'dp_0123456789abcdef',
            code: '103/000001',
            reportedVersion: 1,
            version: 2,
            at: '2026-11-27T08:00:00.000Z',
            field: 'name',
            changes: [
              { row: 2, key: { code: '110102' }, field: 'name', before: '西城', after: '西城区' },
              {
                row: 3,
                key: { code: '110105' },
                field: 'name',
                before: '<b>朝阳</b>',
                after: '朝阳区',
              },
            ],
          },
        ],
        open: 1,
        rejected: 2,
      },
    },
  };
}

/** A built fixture site and how to read its pages. */
export type FixtureSite = {
  storage: TestStorage;
  work: string;
  /** A built page's HTML with the whitespace between tags gone. */
  page(path: string): Promise<string>;
  file(path: string): Promise<string>;
  stop(): Promise<void>;
};

/**
 * Publishes the fixture catalog, stores (or removes) the quality report and corrections log in
 * the open bucket as the publisher would, and builds the site.
 */
export async function buildFixtureSite(files: {
  quality?: QualityReport;
  corrections?: CorrectionsLog;
}): Promise<FixtureSite> {
  const storage = await startTestStorage();
  const work = await mkdtemp(join(tmpdir(), 'datarun-dispute-site-'));
  const folder = await catalogFolder(FIXTURE_ENTRIES, FILES);
  await publishCatalog({
    source: new FolderCatalogSource(folder),
    stores: storage.stores,
    tmpDir: tmpdir(),
  });
  await rm(folder, { recursive: true, force: true });
  const { objects } = storage.stores;
  for (const [key, value] of [
    [QUALITY_KEYS.qualityJson, files.quality],
    [QUALITY_KEYS.correctionsJson, files.corrections],
  ] as const)
    if (value) await objects.putText('open', key, JSON.stringify(value), 'application/json');
    else await objects.delete('open', key);
  await buildSite(objects, {
    siteUrl: 'http://localhost:4321',
    outDir: join(work, 'dist'),
    workDir: join(work, 'state'),
  });
  const file = (path: string) => readFile(join(work, 'dist', path), 'utf8');
  return {
    storage,
    work,
    file,
    page: async (path) =>
      (await file(join(path, 'index.html')))
        .replace(/\s+/g, ' ')
        .replace(/> /g, '>')
        .replace(/ </g, '<'),
    async stop() {
      await storage.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}
