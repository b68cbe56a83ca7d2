import { describe, expect, it } from 'vitest';
import {
  computeQualityReport,
  median,
  narrowQualityReport,
} from '../../../functions/src/core/quality/quality-figures.ts';
import {
  DEMAND_FIGURE_KEYS,
  INVENTORY_FIGURE_KEYS,
  QUALITY_FIGURE_KEYS,
  QualityReportSchema,
} from '../../../functions/src/core/quality/quality-report.ts';
import { entry, input, shareSnapshot } from './quality-fixture.ts';

describe('computeQualityReport', () => {
  it('computes the figures of each agency as worked out by hand', () => {
    const report = computeQualityReport(input());
    expect(report.agencies.map((row) => row.agency)).toEqual(['zj-market', 'zj-police']);
    const police = report.agencies.find((row) => row.agency === 'zj-police')!;
    expect(police.name).toEqual({ zh: '浙江省公安厅' });
    expect(police.figures).toEqual({
      entries: 3,
      withData: 1,
      linkRate: 1 / 3, // E2 of E1, E2, E6
      scheduled: 3,
      onSchedule: 1, // E2
      overdue: 2, // E1, E6
      onTimeUpdateRate: 1 / 3,
      completeness: 1 / 3, // (0 + 1 + 0) / 3
      openDisputes: 2, // d, e
      overdueDisputes: 1, // d, due 11-20
      resolvedDisputes: 3,
      correctedDisputes: 2,
      medianResolutionDays: 2, // median of 1.5, 2.0, 4.0
      shareDecisions: 2,
      shareDecisionsOnTime: 1,
      shareOnTimeRate: 0.5,
      downloads: 4, // 4 + 0 (+ 0 for E1)
      apiCalls: 12, // 10 + 2
    });
    const market = report.agencies.find((row) => row.agency === 'zj-market')!;
    expect(market.figures).toEqual({
      entries: 3,
      withData: 1,
      linkRate: 1 / 3, // E3 of E3, E4, E5
      scheduled: 2, // E4 is 不定期
      onSchedule: 1, // E3, due soon
      overdue: 1, // E5
      onTimeUpdateRate: 0.5,
      completeness: 0.5 / 3, // (0.5 + 0 + 0) / 3
      openDisputes: 0, // a candidate is not open
      overdueDisputes: 0,
      resolvedDisputes: 1, // dismissed does not count
      correctedDisputes: 0,
      medianResolutionDays: 0.25,
      shareDecisions: 1,
      shareDecisionsOnTime: 1,
      shareOnTimeRate: 1,
      downloads: 1,
      apiCalls: 5,
    });
  });

  it('computes the overall figures over every entry, dispute and request', () => {
    expect(computeQualityReport(input()).overall).toEqual({
      entries: 6,
      withData: 2,
      linkRate: 1 / 3, // 2 / 6
      scheduled: 5,
      onSchedule: 2,
      overdue: 3,
      onTimeUpdateRate: 0.4, // 2 / 5
      completeness: 0.25, // (1 + 0.5) / 6
      openDisputes: 2,
      overdueDisputes: 1,
      resolvedDisputes: 4,
      correctedDisputes: 2,
      medianResolutionDays: 1.75, // (1.5 + 2.0) / 2
      shareDecisions: 3,
      shareDecisionsOnTime: 2,
      shareOnTimeRate: 2 / 3,
      downloads: 5, // usage of codes outside the catalog is not counted
      apiCalls: 17,
    });
  });

  it('lists only public entries: overdue most late first, due soon soonest first', () => {
    const report = computeQualityReport(input());
    // E1 (180 days late) is not public.
    expect(report.overdueEntries.map((line) => [line.code, line.freshness.daysLate])).toEqual([
      ['103/000001', 105],
      ['101/000003', 11],
    ]);
    expect(report.overdueEntries[0]).toMatchObject({
      provider: 'zj-market',
      updateCycle: '每季度',
      title: { zh: '目录 103/000001' },
      freshness: { status: 'overdue', lastUpdated: '2026-05-15', due: '2026-08-15' },
    });
    expect(report.dueSoon.map((line) => [line.code, line.freshness.daysLeft])).toEqual([
      ['102/000001', 0],
    ]);
  });

  it('judges freshness on the Shanghai day of the moment given', () => {
    const report = computeQualityReport(input());
    expect(report.day).toBe('2026-11-28');
    expect(report.generatedAt).toBe('2026-11-28T04:00:00.000Z');
    // At 16:00Z on 11-28 it is already 11-29 in Shanghai: E3 (due 11-28) is a day late.
    const later = computeQualityReport({ ...input(), nowMs: Date.parse('2026-11-28T16:00:00Z') });
    expect(later.day).toBe('2026-11-29');
    expect(later.dueSoon).toEqual([]);
    expect(
      later.overdueEntries.find((line) => line.code === '102/000001')?.freshness.daysLate,
    ).toBe(1);
  });

  it('counts an open dispute overdue only once its deadline has passed', () => {
    const before = computeQualityReport({
      ...input(),
      nowMs: Date.parse('2026-11-20T15:59:59.999Z'),
    });
    expect(before.overall.overdueDisputes).toBe(0);
    const after = computeQualityReport({
      ...input(),
      nowMs: Date.parse('2026-11-20T16:00:00.000Z'),
    });
    expect(after.overall.overdueDisputes).toBe(1);
  });

  it('gives null rates where there is nothing to divide by', () => {
    const empty = computeQualityReport({
      ...input(),
      shareSnapshot: { ...shareSnapshot, entries: [] },
      disputes: [],
      shareRequests: [],
    });
    expect(empty.agencies).toEqual([]);
    expect(empty.overall).toMatchObject({
      entries: 0,
      linkRate: null,
      onTimeUpdateRate: null,
      completeness: null,
      medianResolutionDays: null,
      shareOnTimeRate: null,
    });
    expect(QualityReportSchema.safeParse(empty).success).toBe(true);
  });

  it('names an agency missing from the snapshot by its code', () => {
    const stray = entry('201/000001', 'zj-stray', {
      updateCycle: '不定期',
      modified: '2024-01-01',
    });
    const report = computeQualityReport({
      ...input(),
      shareSnapshot: { ...shareSnapshot, entries: [...shareSnapshot.entries, stray] },
    });
    expect(report.agencies.find((row) => row.agency === 'zj-stray')?.name).toEqual({
      zh: 'zj-stray',
    });
  });

  it('answers a report the schema accepts, with a definition of every figure', () => {
    const report = computeQualityReport({
      ...input(),
      sourceConflicts: [
        { library: '基础/人口', item: '姓名', source: '101/000001', claimants: ['101/000002'] },
      ],
    });
    expect(QualityReportSchema.parse(report)).toEqual(report);
    for (const key of QUALITY_FIGURE_KEYS) {
      expect(report.definitions[key]?.zh, key).toBeTruthy();
      expect(report.definitions[key]?.en, key).toBeTruthy();
    }
    expect(report.sourceConflicts).toHaveLength(1);
    for (const key of [
      ...DEMAND_FIGURE_KEYS,
      'demandsAwaitingAssignment',
      ...INVENTORY_FIGURE_KEYS,
    ]) {
      expect(report.definitions[key]?.zh, key).toBeTruthy();
      expect(report.definitions[key]?.en, key).toBeTruthy();
    }
  });

  it('adds the demand and inventory figures, judged on the report’s day, named from the snapshot', () => {
    const report = computeQualityReport(input());
    expect(report.demands?.overall).toMatchObject({
      demandsRecorded: 8,
      itemsAccepted: 4,
      itemsOverdue: 1,
      demandsAwaitingAssignment: 2,
    });
    expect(report.demands?.agencies.find((row) => row.agency === 'zj-market')?.name).toEqual({
      zh: '浙江省市场监督管理局',
    });
    expect(report.inventory?.overall).toEqual({
      systems: 56,
      connectedSystems: 13,
      connectionRate: 13 / 56,
      deadEnds: 3,
    });
    // On 30 November, the police item due on the 28th is overdue as well.
    const later = computeQualityReport({ ...input(), nowMs: Date.parse('2026-11-30T04:00:00Z') });
    expect(later.demands?.overall.itemsOverdue).toBe(2);
  });

  it('leaves the catalog figures as they were when demands and systems are added', () => {
    const bare = computeQualityReport({ ...input(), demands: [], systems: [] });
    const full = computeQualityReport(input());
    expect(full.overall).toEqual(bare.overall);
    expect(full.agencies).toEqual(bare.agencies);
    expect(bare.demands?.agencies).toEqual([]);
    expect(bare.inventory?.agencies).toEqual([]);
  });
});

describe('narrowQualityReport', () => {
  it('keeps one agency’s row and its entries in the lists, and the overall figures', () => {
    const report = computeQualityReport(input());
    const police = narrowQualityReport(report, 'zj-police')!;
    expect(police.agencies.map((row) => row.agency)).toEqual(['zj-police']);
    expect(police.overdueEntries.map((line) => line.code)).toEqual(['101/000003']);
    expect(police.dueSoon).toEqual([]);
    expect(police.overall).toEqual(report.overall);
  });

  it('narrows the demand and inventory rows too, keeping their overall, level and network figures', () => {
    const report = computeQualityReport(input());
    const police = narrowQualityReport(report, 'zj-police')!;
    expect(police.demands?.agencies.map((row) => row.agency)).toEqual(['zj-police']);
    expect(police.demands?.overall).toEqual(report.demands?.overall);
    expect(police.inventory?.agencies).toEqual([]);
    expect(police.inventory?.levels).toEqual(report.inventory?.levels);
  });

  it('keeps an agency that provides no entry but owns systems or recorded demands', () => {
    const report = computeQualityReport(input());
    const hall = narrowQualityReport(report, 'city-hall')!;
    expect(hall.agencies).toEqual([]);
    expect(hall.inventory?.agencies.map((row) => row.agency)).toEqual(['city-hall']);
    expect(narrowQualityReport(report, 'zj-big-data')?.demands?.agencies).toHaveLength(1);
  });

  it('answers undefined for an agency with no entry, demand or system', () => {
    expect(narrowQualityReport(computeQualityReport(input()), 'nope')).toBeUndefined();
    const { demands: _d, inventory: _i, ...old } = computeQualityReport(input());
    expect(narrowQualityReport(old, 'city-hall')).toBeUndefined();
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([4, 1.5, 2])).toBe(2);
    expect(median([4, 0.25, 2, 1.5])).toBe(1.75);
    expect(median([])).toBeNull();
  });
});
