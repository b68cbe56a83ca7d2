import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { createDisputeDeps, createSharingDeps } from '../../../functions/src/adapters/index.ts';
import { usageDay, usageSubject } from '../../../functions/src/core/access/usage.ts';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
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
    expect(rows).toHaveLength(report.agencies.length + 1);
    expect(rows.at(-1)![header!.indexOf('目录挂接率 (linkRate)')]).toBe(
      String(report.overall.linkRate),
    );
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
