import { describe, expect, it } from 'vitest';
import {
  FRESHNESS_RULES,
  addCycle,
  daysBetween,
  freshnessOf,
} from '../../../functions/src/core/quality/freshness.ts';
import type { FreshnessInput } from '../../../functions/src/core/quality/freshness.ts';
import { FreshnessSchema } from '../../../functions/src/core/quality/quality-report.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const entry = (
  updateCycle: FreshnessInput['updateCycle'],
  modified: string,
  createdAt?: string,
): FreshnessInput => ({ updateCycle, modified, ...(createdAt && { latest: { createdAt } }) });

describe('addCycle', () => {
  it('adds one calendar month, keeping the day of the month', () => {
    expect(addCycle('2026-03-15', { months: 1 })).toBe('2026-04-15');
  });

  it('clamps a month step to the last day of a shorter month', () => {
    expect(addCycle('2026-01-31', { months: 1 })).toBe('2026-02-28');
    expect(addCycle('2026-03-31', { months: 1 })).toBe('2026-04-30');
    expect(addCycle('2026-08-31', { months: 6 })).toBe('2027-02-28');
  });

  it('clamps to 29 February in a leap year', () => {
    expect(addCycle('2028-01-31', { months: 1 })).toBe('2028-02-29');
    expect(addCycle('2027-11-30', { months: 3 })).toBe('2028-02-29');
  });

  it('takes a leap day a year on to 28 February', () => {
    expect(addCycle('2028-02-29', { months: 12 })).toBe('2029-02-28');
  });

  it('carries days and months over the end of the year', () => {
    expect(addCycle('2026-12-31', { days: 1 })).toBe('2027-01-01');
    expect(addCycle('2026-12-28', { days: 7 })).toBe('2027-01-04');
    expect(addCycle('2026-11-30', { months: 3 })).toBe('2027-02-28');
  });
});

describe('daysBetween', () => {
  it('counts calendar days, negative when the second day comes first', () => {
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-01', '2026-02-27')).toBe(-2);
  });

  it('refuses a day that does not exist', () => {
    expect(() => daysBetween('2026-02-30', '2026-03-01')).toThrow(DatarunError);
  });
});

describe('freshnessOf', () => {
  it('puts the next version one step after the last update, for every regular cycle', () => {
    const dues = {
      实时: '2026-01-31',
      每日: '2026-01-31',
      每周: '2026-02-06',
      每月: '2026-02-28',
      每季度: '2026-04-30',
      每半年: '2026-07-30',
      每年: '2027-01-30',
    } as const;
    for (const [cycle, due] of Object.entries(dues))
      expect(
        freshnessOf(entry(cycle as keyof typeof dues, '2026-01-30'), '2026-01-30').due,
        cycle,
      ).toBe(due);
    expect(Object.keys(dues).sort()).toEqual(Object.keys(FRESHNESS_RULES).sort());
  });

  it('calls 不定期 irregular, with no due day', () => {
    expect(freshnessOf(entry('不定期', '2020-01-01'), '2026-11-28')).toEqual({
      status: 'irregular',
      lastUpdated: '2020-01-01',
    });
  });

  it('counts from the latest version when it is later than 更新日期, in Shanghai time', () => {
    // 2026-03-31T16:30Z is 00:30 on 1 April in Shanghai.
    const fresh = freshnessOf(
      entry('每月', '2026-03-01', '2026-03-31T16:30:00.000Z'),
      '2026-04-10',
    );
    expect(fresh.lastUpdated).toBe('2026-04-01');
    expect(fresh.due).toBe('2026-05-01');
  });

  it('counts from 更新日期 when it is later than the latest version', () => {
    const fresh = freshnessOf(
      entry('每年', '2026-06-01', '2025-01-01T00:00:00.000Z'),
      '2026-06-02',
    );
    expect(fresh.lastUpdated).toBe('2026-06-01');
  });

  it('is due soon on the due day itself, with no day left', () => {
    expect(freshnessOf(entry('每日', '2026-11-27'), '2026-11-28')).toEqual({
      status: 'due-soon',
      lastUpdated: '2026-11-27',
      due: '2026-11-28',
      daysLeft: 0,
    });
  });

  it('is on schedule a day before a daily due day (window 0)', () => {
    expect(freshnessOf(entry('每日', '2026-11-28'), '2026-11-28')).toMatchObject({
      status: 'on-schedule',
      due: '2026-11-29',
      daysLeft: 1,
    });
  });

  it('is overdue by one day the day after the due day', () => {
    expect(freshnessOf(entry('实时', '2026-11-26'), '2026-11-28')).toEqual({
      status: 'overdue',
      lastUpdated: '2026-11-26',
      due: '2026-11-27',
      daysLate: 1,
    });
  });

  it('opens a one-day window for weekly entries', () => {
    // Updated Friday 20 November: due Friday 27 November.
    expect(freshnessOf(entry('每周', '2026-11-20'), '2026-11-25').status).toBe('on-schedule');
    expect(freshnessOf(entry('每周', '2026-11-20'), '2026-11-26')).toMatchObject({
      status: 'due-soon',
      daysLeft: 1,
    });
  });

  it('opens a seven-day window for monthly and longer cycles', () => {
    // Due 2026-12-15 for both.
    for (const [cycle, modified] of [
      ['每月', '2026-11-15'],
      ['每年', '2025-12-15'],
    ] as const) {
      expect(freshnessOf(entry(cycle, modified), '2026-12-07').status, cycle).toBe('on-schedule');
      expect(freshnessOf(entry(cycle, modified), '2026-12-08'), cycle).toMatchObject({
        status: 'due-soon',
        daysLeft: 7,
      });
      expect(freshnessOf(entry(cycle, modified), '2026-12-15'), cycle).toMatchObject({
        status: 'due-soon',
        daysLeft: 0,
      });
      expect(freshnessOf(entry(cycle, modified), '2026-12-16'), cycle).toMatchObject({
        status: 'overdue',
        daysLate: 1,
      });
    }
  });

  it('counts days late over a leap day', () => {
    // 每季度 from 2027-11-30: due 2028-02-29; on 2028-03-31 it is 31 days late.
    expect(freshnessOf(entry('每季度', '2027-11-30'), '2028-03-31')).toMatchObject({
      status: 'overdue',
      due: '2028-02-29',
      daysLate: 31,
    });
  });

  it('answers what the report schema accepts', () => {
    for (const today of ['2026-01-01', '2026-11-28', '2030-06-30'])
      for (const cycle of [...Object.keys(FRESHNESS_RULES), '不定期'] as const)
        expect(
          FreshnessSchema.safeParse(
            freshnessOf(entry(cycle as FreshnessInput['updateCycle'], '2026-05-31'), today),
          ).success,
        ).toBe(true);
  });

  it('refuses a today that is not a day', () => {
    expect(() => freshnessOf(entry('每年', '2026-01-01'), '2026-13-01')).toThrow(
      /2026-13-01 is not a day/,
    );
  });
});
