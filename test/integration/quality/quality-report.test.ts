import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import {
  createDemandDeps,
  createDisputeDeps,
  createInventoryDeps,
  createSharingDeps,
} from '../../../functions/src/adapters/index.ts';
import { usageDay, usageSubject } from '../../../functions/src/core/access/usage.ts';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import { InformationSystemSchema } from '../../../functions/src/core/inventory/information-system.ts';
import type { StoredSystem } from '../../../functions/src/core/inventory/information-system.ts';
import { QUALITY_KEYS } from '../../../functions/src/core/publish/object-keys.ts';
import { qualityCsv } from '../../../functions/src/core/quality/quality-csv.ts';
import { QualityReportSchema } from '../../../functions/src/core/quality/quality-report.ts';
import type { QualityReport } from '../../../functions/src/core/quality/quality-report.ts';
import { CatalogSnapshotSchema } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import {
  buildQualityReport,
  storeSources,
} from '../../../functions/src/services/quality/build-quality-report.ts';
import { publishQualityReport } from '../../../functions/src/services/quality/publish-quality-report.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import type { TestStorage } from '../../support/storage.ts';
import { apiOver, call, failure, publishedStorage, success } from '../api/api-under-test.ts';
import { dispute, shareRequests } from '../../unit/quality/quality-fixture.ts';
import { demands } from '../../unit/quality/lists-fixture.ts';

let storage: TestStorage;
let report: QualityReport;
let app: Hono;

/**
 * zj-police: resolved in 1.5, 2.0 and 4.0 days (median 2.0), one open past its deadline and one
 * open with a deadline far ahead; zj-market: a candidate (not counted) and one rejected in 0.25
 * days. The share requests: zj-police decided 2, 1 on time; zj-market 1 of 1.
 */
const DISPUTES = [
  dispute('a', 'zj-police', 'corrected', '2026-11-01T00:00:00.000Z', {
    resolvedAt: '2026-11-02T12:00:00.000Z',
  }),
  dispute('b', 'zj-police', 'rejected', '2026-11-05T00:00:00.000Z', {
    resolvedAt: '2026-11-07T00:00:00.000Z',
  }),
  dispute('c', 'zj-police', 'corrected', '2026-11-10T00:00:00.000Z', {
    resolvedAt: '2026-11-14T00:00:00.000Z',
  }),
  dispute('d', 'zj-police', 'reported', '2026-11-13T00:00:00.000Z', {
    dueAt: '2026-11-20T15:59:59.999Z',
  }),
  dispute('e', 'zj-police', 'verifying', '2026-11-26T00:00:00.000Z', {
    dueAt: '2099-12-31T15:59:59.999Z',
  }),
  dispute('f', 'zj-market', 'candidate', '2026-11-20T00:00:00.000Z'),
  dispute('h', 'zj-market', 'rejected', '2026-11-20T00:00:00.000Z', {
    resolvedAt: '2026-11-20T06:00:00.000Z',
  }),
];

/**
 * Test systems of an owner no demo agency is (the demo inventory grows, so a demo agency's
 * counts are not fixed): one connected, one feeding entry 209/000001 without being connected
 * (a dead end), one feeding nothing. The names say they are made up.
 */
const OWNER = 'quality-test-owner';
const SYSTEMS: StoredSystem[] = [
  { id: 'quality-test-a', connected: true, feeds: ['209/000001'], network: '政务外网' },
  { id: 'quality-test-b', connected: false, feeds: ['209/000001'], network: '专网' },
  { id: 'quality-test-c', connected: false, feeds: [], network: '专网' },
].map((fields, index) => ({
  ...InformationSystemSchema.parse({
    ...fields,
    name: { zh: `质量指标测试系统 ${index + 1}` },
    owner: OWNER,
    level: '市级',
  }),
  revision: 1,
}));

/** An object of the open bucket as stored: its bytes as text (a BOM kept) and content type. */
async function openObject(key: string): Promise<{ text: string; contentType?: string }> {
  const object = await storage.clients.s3.send(
    new GetObjectCommand({ Bucket: storage.config.buckets.open, Key: key }),
  );
  const bytes = Buffer.from(await object.Body!.transformToByteArray());
  return { text: bytes.toString('utf8'), contentType: object.ContentType };
}

function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const parser = new CsvParser({ file: 'quality.csv' });
  parser.push(text.replace(/^\uFEFF/, ''), (fields) => records.push(fields));
  parser.end((fields) => records.push(fields));
  return records;
}

/** The report without the moment it was computed, to compare two computations. */
const figuresOf = ({ generatedAt: _at, ...rest }: QualityReport) => rest;

beforeAll(async () => {
  storage = await publishedStorage(DEMO_DATA);
  const { stores } = storage;
  for (const item of DISPUTES) await stores.disputes.create(item);
  for (const request of shareRequests()) await stores.shareRequests.create(request);
  for (const demand of demands()) await stores.demands.create(demand);
  for (const system of SYSTEMS) await stores.systems.create(system);
  const day = usageDay(Date.now());
  await stores.usage.add({
    subject: usageSubject.dataset('103/000004'),
    day,
    calls: 7,
    downloads: 3,
  });
  await stores.usage.add({
    subject: usageSubject.dataset('103/000005'),
    day,
    calls: 2,
    downloads: 1,
  });
  report = await publishQualityReport(stores);
  app = apiOver(storage, {
    access: { stores },
    sharing: createSharingDeps(stores),
    disputes: createDisputeDeps(stores),
    demands: createDemandDeps(stores),
    inventory: createInventoryDeps(stores),
  });
}, 180_000);
afterAll(() => storage?.stop());

describe('publishQualityReport over the demo catalog', () => {
  it('counts the published entries and those with data: 挂接率 below 100%', async () => {
    const published = (await storage.stores.catalog.list()).filter(
      (record) => record.status === 'published',
    );
    const withData = published.filter((record) => record.hasData).length;
    expect(report.overall.entries).toBe(published.length);
    expect(report.overall.withData).toBe(withData);
    expect(withData).toBe(15);
    expect(report.overall.linkRate).toBe(withData / published.length);
    expect(report.overall.linkRate).toBeLessThan(1);
    expect(report.agencies.reduce((sum, row) => sum + row.figures.entries, 0)).toBe(
      published.length,
    );
  });

  it('lists overdue public entries, most late first, and only public ones', async () => {
    const snapshot = CatalogSnapshotSchema.parse(
      JSON.parse((await storage.stores.objects.getText('open', 'catalog/snapshot.json'))!),
    );
    const publicCodes = new Set(snapshot.entries.map((entry) => entry.code));
    expect(report.overdueEntries.length).toBeGreaterThan(0);
    for (const line of report.overdueEntries) {
      expect(publicCodes.has(line.code), line.code).toBe(true);
      expect(line.freshness.status).toBe('overdue');
    }
    const late = report.overdueEntries.map((line) => line.freshness.daysLate!);
    expect(late).toEqual([...late].sort((a, b) => b - a));
    expect(report.overall.overdue).toBeGreaterThanOrEqual(report.overdueEntries.length);
    // 101/000001 (人口基础信息, 实时, no data, not opened) is overdue but never listed.
    expect(report.overdueEntries.map((line) => line.code)).not.toContain('101/000001');
  });

  it('reads disputes, share requests and usage from storage', () => {
    const police = report.agencies.find((row) => row.agency === 'zj-police')!.figures;
    expect(police).toMatchObject({
      openDisputes: 2,
      overdueDisputes: 1,
      resolvedDisputes: 3,
      correctedDisputes: 2,
      medianResolutionDays: 2,
      shareDecisions: 2,
      shareDecisionsOnTime: 1,
      shareOnTimeRate: 0.5,
    });
    const market = report.agencies.find((row) => row.agency === 'zj-market')!.figures;
    expect(market).toMatchObject({
      openDisputes: 0,
      resolvedDisputes: 1,
      medianResolutionDays: 0.25,
    });
    // 103/000004 and 103/000005 are both provided by the same agency.
    const provider = report.agencies.find((row) => row.figures.downloads > 0)!;
    expect(provider.figures).toMatchObject({ downloads: 4, apiCalls: 9 });
    expect(report.overall).toMatchObject({ downloads: 4, apiCalls: 9, medianResolutionDays: 1.75 });
  });

  it('writes quality.json that validates and quality.csv that parses, with their content types', async () => {
    const json = await openObject(QUALITY_KEYS.qualityJson);
    expect(json.contentType).toBe('application/json');
    expect(QualityReportSchema.parse(JSON.parse(json.text))).toEqual(report);
    const csv = await openObject(QUALITY_KEYS.qualityCsv);
    expect(csv.contentType).toBe('text/csv; charset=utf-8');
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows] = parseCsv(csv.text);
    expect(header).toContain('目录挂接率 (linkRate)');
    const agencies = new Set(
      [report.agencies, report.demands!.agencies, report.inventory!.agencies].flatMap((rows) =>
        rows.map((row) => row.agency),
      ),
    );
    expect(rows).toHaveLength(agencies.size + 1);
    expect(rows.map((row) => row[0])).toContain(OWNER);
    expect(rows.at(-1)![header!.indexOf('目录挂接率 (linkRate)')]).toBe(
      String(report.overall.linkRate),
    );
  });

  it('counts the demands written through the demand store, judged on today', async () => {
    const stored = await storage.stores.demands.all();
    expect(stored).toHaveLength(8);
    expect(report.demands!.overall).toMatchObject({
      demandsRecorded: 8,
      itemsAccepted: 4,
      itemsFulfilled: 2,
      itemsFulfilledOnTime: 1,
      fulfilmentOnTimeRate: 0.5,
      demandsAwaitingAssignment: 2,
    });
    // Item 3 was due on 27 November 2026, before this test could first run.
    const market = report.demands!.agencies.find((row) => row.agency === 'zj-market')!;
    expect(market.name.zh).toContain('浙江省市场监督管理局');
    expect(market.figures).toMatchObject({ itemsAccepted: 3, itemsFulfilled: 2 });
    expect(market.figures.itemsOverdue).toBe(1);
  });

  it('counts the systems written through the system store, with the seeded ones', async () => {
    const stored = await storage.stores.systems.all();
    expect(report.inventory!.overall.systems).toBe(stored.length);
    expect(report.inventory!.overall.connectedSystems).toBe(
      stored.filter((system) => system.connected).length,
    );
    const owner = report.inventory!.agencies.find((row) => row.agency === OWNER)!;
    // Not an agency of the snapshot: named by its code.
    expect(owner.name).toEqual({ zh: OWNER });
    expect(owner.figures).toEqual({
      systems: 3,
      connectedSystems: 1,
      connectionRate: 1 / 3,
      deadEnds: 1,
    });
    const levels = report.inventory!.levels.reduce((sum, row) => sum + row.figures.systems, 0);
    expect(levels).toBe(stored.length);
  });

  it('does not rewrite the files when no figure changed', async () => {
    const before = await storage.stores.objects.head('open', QUALITY_KEYS.qualityJson);
    await publishQualityReport(storage.stores);
    expect(await storage.stores.objects.head('open', QUALITY_KEYS.qualityJson)).toEqual(before);
  });
});

describe('GET /api/v1/stats/quality', () => {
  it('answers the figures the service computes', async () => {
    const answer = success(await call(app, '/api/v1/stats/quality'), QualityReportSchema);
    const fresh = await buildQualityReport(storeSources(storage.stores));
    expect(figuresOf(answer.data)).toEqual(figuresOf(fresh));
    expect(figuresOf(answer.data)).toEqual(figuresOf(report));
  });

  it('is public and cached for five minutes', async () => {
    const answer = await call(app, '/api/v1/stats/quality');
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    const again = await call(app, '/api/v1/stats/quality', {
      headers: { 'If-None-Match': answer.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it('narrows the rows and lists to one agency', async () => {
    const overdue = report.overdueEntries[0]!;
    const answer = success(
      await call(app, `/api/v1/stats/quality?agency=${overdue.provider}`),
      QualityReportSchema,
    );
    expect(answer.data.agencies.map((row) => row.agency)).toEqual([overdue.provider]);
    expect(answer.data.overdueEntries.map((line) => line.code)).toContain(overdue.code);
    expect(answer.data.overdueEntries.every((line) => line.provider === overdue.provider)).toBe(
      true,
    );
    expect(answer.data.overall).toEqual(report.overall);
  });

  it('narrows to an agency that only owns systems, keeping the overall inventory', async () => {
    const answer = success(
      await call(app, `/api/v1/stats/quality?agency=${OWNER}`),
      QualityReportSchema,
    );
    // The owner provides no entry: only its inventory row is left.
    expect(answer.data.agencies).toEqual([]);
    expect(answer.data.inventory?.agencies.map((row) => row.agency)).toEqual([OWNER]);
    expect(answer.data.inventory?.overall).toEqual(report.inventory!.overall);
  });

  it('answers 404 naming an agency that provides nothing', async () => {
    const answer = await call(app, '/api/v1/stats/quality?agency=nope');
    expect(answer.status).toBe(404);
    expect(failure(answer).error).toContain('"nope"');
  });

  it('answers the CSV with format=csv', async () => {
    const answer = await call(app, '/api/v1/stats/quality?format=csv');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const rows = parseCsv(answer.text);
    expect(rows).toEqual(parseCsv(qualityCsv(report)));
  });
});
