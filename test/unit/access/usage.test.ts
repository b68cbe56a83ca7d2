import { describe, expect, it } from 'vitest';
import {
  UsageTally,
  dayBefore,
  summarizeUsage,
  usageDay,
  usageOf,
  usageSubject,
} from '../../../functions/src/core/access/usage.ts';

describe('usageDay', () => {
  it('changes day at midnight in China Standard Time, 16:00 UTC', () => {
    expect(usageDay(Date.UTC(2026, 0, 1, 15, 59, 59, 999))).toBe('2026-01-01');
    expect(usageDay(Date.UTC(2026, 0, 1, 16, 0, 0))).toBe('2026-01-02');
    expect(usageDay(Date.UTC(2025, 11, 31, 16, 0, 0))).toBe('2026-01-01');
  });
});

describe('dayBefore', () => {
  it('counts back across months, leap days and years', () => {
    expect(dayBefore('2024-03-01', 1)).toBe('2024-02-29');
    expect(dayBefore('2026-01-01', 29)).toBe('2025-12-03');
    expect(dayBefore('2026-01-05', 0)).toBe('2026-01-05');
  });
});

describe('UsageTally', () => {
  it('gathers many requests of one subject and day into one count', () => {
    const tally = new UsageTally();
    const noon = Date.UTC(2026, 0, 1, 4);
    tally.add(['key:k', 'dataset:103/000004'], 'calls', noon);
    tally.add(['key:k', 'dataset:103/000004'], 'downloads', noon + 1000);
    tally.add(['key:k'], 'calls', noon + 2000);
    expect(tally.pending).toBe(true);
    expect(tally.drain()).toEqual([
      { subject: 'key:k', day: '2026-01-01', calls: 2, downloads: 1 },
      { subject: 'dataset:103/000004', day: '2026-01-01', calls: 1, downloads: 1 },
    ]);
    expect(tally.pending).toBe(false);
    expect(tally.drain()).toEqual([]);
  });

  it('keeps days apart, and adds counts merged back to those counted since', () => {
    const tally = new UsageTally();
    tally.add(['key:k'], 'calls', Date.UTC(2026, 0, 1, 15, 59));
    tally.add(['key:k'], 'calls', Date.UTC(2026, 0, 1, 16, 1));
    const drained = tally.drain();
    expect(drained.map((c) => c.day)).toEqual(['2026-01-01', '2026-01-02']);
    tally.add(['key:k'], 'calls', Date.UTC(2026, 0, 1, 16, 2));
    for (const count of drained) tally.merge(count);
    expect(tally.drain()).toEqual([
      { subject: 'key:k', day: '2026-01-02', calls: 2, downloads: 0 },
      { subject: 'key:k', day: '2026-01-01', calls: 1, downloads: 0 },
    ]);
  });
});

describe('summarizeUsage', () => {
  const day = (d: string, calls: number, downloads = 0) => ({
    subject: 's',
    day: d,
    calls,
    downloads,
  });

  it('sums every day into the total and the last 30 days, today included, into recent', () => {
    const summary = summarizeUsage(
      [
        day('2026-01-30', 5, 1),
        day('2025-12-31', 7),
        day('2026-01-01', 2, 3),
        day('2025-06-01', 100, 10),
      ],
      '2026-01-30',
    );
    expect(summary.total).toEqual({ calls: 114, downloads: 14 });
    expect(summary.recent).toEqual({ calls: 7, downloads: 4, days: 30, since: '2026-01-01' });
    expect(summary.daily).toEqual([
      { day: '2026-01-01', calls: 2, downloads: 3 },
      { day: '2026-01-30', calls: 5, downloads: 1 },
    ]);
  });

  it('answers zeros for a subject never used', () => {
    expect(summarizeUsage([], '2026-01-30')).toEqual({
      total: { calls: 0, downloads: 0 },
      recent: { calls: 0, downloads: 0, days: 30, since: '2026-01-01' },
      daily: [],
    });
  });
});

describe('usageOf', () => {
  const key = 'key_0123456789abcdef';

  it('counts a successful dataset call for the dataset and the key that made it', () => {
    expect(
      usageOf({
        method: 'GET',
        status: 200,
        operationId: 'dataset_show',
        code: '103/000004',
        keyId: key,
      }),
    ).toEqual({
      kind: 'calls',
      subjects: [usageSubject.key(key), usageSubject.dataset('103/000004')],
    });
  });

  it('counts a download that led to a file as a download, anonymous ones for the dataset only', () => {
    expect(
      usageOf({ method: 'GET', status: 302, operationId: 'dataset_download', code: '103/000004' }),
    ).toEqual({ kind: 'downloads', subjects: [usageSubject.dataset('103/000004')] });
  });

  it('counts a failed request for the key only, so unknown codes never get counts', () => {
    expect(
      usageOf({
        method: 'GET',
        status: 404,
        operationId: 'dataset_download',
        code: '999/999999',
        keyId: key,
      }),
    ).toEqual({ kind: 'calls', subjects: [usageSubject.key(key)] });
    expect(
      usageOf({ method: 'GET', status: 404, operationId: 'dataset_show', code: '999/999999' }),
    ).toBeUndefined();
  });

  it('does not count reading a dataset’s usage as a use of it', () => {
    expect(
      usageOf({ method: 'GET', status: 200, operationId: 'dataset_usage', code: '103/000004' }),
    ).toBeUndefined();
  });

  it('counts no HEAD, no preflight, and no anonymous request that is about no dataset', () => {
    for (const method of ['HEAD', 'OPTIONS'])
      expect(
        usageOf({
          method,
          status: 200,
          operationId: 'dataset_show',
          code: '103/000004',
          keyId: key,
        }),
      ).toBeUndefined();
    expect(usageOf({ method: 'GET', status: 200, operationId: 'stats_show' })).toBeUndefined();
    expect(usageOf({ method: 'GET', status: 404 })).toBeUndefined();
  });
});
