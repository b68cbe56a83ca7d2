import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import calendarData from '../../../data/calendar/cn-working-calendar.json' with { type: 'json' };
import {
  CN_WORKING_CALENDAR as CN,
  buildWorkingCalendar,
  calendarCoverage,
  isWorkingDay,
  shanghaiDay,
  workingDaysBetween,
  workingDeadline,
} from '../../../functions/src/core/calendar/working-calendar.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

function workingDaysIn(year: number): number {
  let count = 0;
  for (
    let ms = at(`${year}-01-01T00:00:00Z`);
    ms < at(`${year + 1}-01-01T00:00:00Z`);
    ms += 86_400_000
  )
    if (isWorkingDay(CN, iso(ms).slice(0, 10))) count++;
  return count;
}

describe('shanghaiDay', () => {
  it('gives the day in Shanghai, eight hours ahead of UTC', () => {
    expect(shanghaiDay(at('2025-01-26T15:30:00Z'))).toBe('2025-01-26'); // 23:30 in Shanghai
    expect(shanghaiDay(at('2025-01-26T16:30:00Z'))).toBe('2025-01-27'); // 00:30 next day
  });

  it('refuses a time that is not a number of milliseconds', () => {
    expect(() => shanghaiDay(Number.NaN)).toThrow(/NaN is not an instant/);
  });
});

describe('isWorkingDay', () => {
  it('knows holidays on weekdays and make-up working days on weekends', () => {
    expect(isWorkingDay(CN, '2025-01-29')).toBe(false); // Wednesday, 春节
    expect(isWorkingDay(CN, '2025-01-26')).toBe(true); // Sunday, 调休
    expect(isWorkingDay(CN, '2025-02-08')).toBe(true); // Saturday, 调休
    expect(isWorkingDay(CN, '2025-02-09')).toBe(false); // an ordinary Sunday
    expect(isWorkingDay(CN, '2025-02-10')).toBe(true); // an ordinary Monday
  });

  it('keeps the statutory days off of 2027 before its notice is known', () => {
    expect(isWorkingDay(CN, '2027-02-08')).toBe(false); // Monday, 正月初三
    expect(isWorkingDay(CN, '2027-04-05')).toBe(false); // Monday, 清明
    expect(isWorkingDay(CN, '2027-02-09')).toBe(true); // Tuesday, not statutory
  });

  it('refuses a day that is not a real YYYY-MM-DD date', () => {
    expect(() => isWorkingDay(CN, '2025-02-30')).toThrow(/2025-02-30 is not a day/);
    expect(() => isWorkingDay(CN, '25-2-3')).toThrow(/25-2-3 is not a day/);
  });

  it('counts the working days of 2024 and 2025 as their notices give them', () => {
    // 2024: 262 weekdays − 19 holidays on weekdays + 8 make-up days = 251 (hand-counted
    // from 国办发明电〔2023〕7号); 2025: 261 − 18 + 5 = 248. chinese-days 1.5.7 counts the
    // same, and 248 for 2026.
    expect(workingDaysIn(2024)).toBe(251);
    expect(workingDaysIn(2025)).toBe(248);
    expect(workingDaysIn(2026)).toBe(248);
  });

  it('refuses a day outside the covered years, naming it and the range', () => {
    expect(() => isWorkingDay(CN, '2028-01-03')).toThrow(
      /2028-01-03 is outside .*2024-01-01 to 2027-12-31/,
    );
  });
});

describe('workingDeadline', () => {
  it('counts across the 2025 Spring Festival and both of its make-up days', () => {
    // Given Thursday 23 January: 24 Jan (Fri) 1, Sunday 26 Jan (调休) 2, 27 Jan (Mon) 3,
    // off 28 January – 4 February, 5 Feb 4, 6 Feb 5, 7 Feb 6, Saturday 8 Feb (调休) 7,
    // Sunday 9 Feb off, Monday 10 February 8.
    expect(iso(workingDeadline(CN, at('2025-01-23T02:00:00Z'), 8))).toBe(
      '2025-02-10T15:59:59.999Z',
    );
    // Accepted Monday 27 January. Off 28 January – 4 February; then 5, 6, 7 February,
    // Saturday 8 February (调休), 10, 11, 12, 13, 14 and 17 February: the 10th is the 17th.
    expect(iso(workingDeadline(CN, at('2025-01-27T01:00:00Z'), 10))).toBe(
      '2025-02-17T15:59:59.999Z',
    );
    // Submitted Friday 24 January: the next working day is Sunday 26 January (调休).
    expect(iso(workingDeadline(CN, at('2025-01-24T02:00:00Z'), 1))).toBe(
      '2025-01-26T15:59:59.999Z',
    );
  });

  it('counts across 国庆 2024 with its make-up Sunday 29 September and Saturday 12 October', () => {
    // From Friday 27 September: 29 Sep (Sun, 调休), 30 Sep, then off 1–7 October,
    // 8, 9, 10, 11 October, 12 October (Sat, 调休): the 7th working day is 12 October.
    expect(iso(workingDeadline(CN, at('2024-09-27T02:00:00Z'), 7))).toBe(
      '2024-10-12T15:59:59.999Z',
    );
  });

  it('gives the next Monday for one working day from a Friday evening', () => {
    expect(iso(workingDeadline(CN, at('2025-03-07T11:00:00Z'), 1))).toBe(
      '2025-03-10T15:59:59.999Z',
    );
  });

  it('starts counting after a holiday on which the step was given', () => {
    // Given on 1 October 2025 (国庆): the next working day is Thursday 9 October.
    expect(iso(workingDeadline(CN, at('2025-10-01T03:00:00Z'), 1))).toBe(
      '2025-10-09T15:59:59.999Z',
    );
  });

  it('reads the day of submission in Shanghai time, not UTC', () => {
    // 23:30 Shanghai on Tuesday 4 March vs 00:30 Shanghai on Wednesday 5 March.
    expect(iso(workingDeadline(CN, at('2025-03-04T15:30:00Z'), 1))).toBe(
      '2025-03-05T15:59:59.999Z',
    );
    expect(iso(workingDeadline(CN, at('2025-03-04T16:30:00Z'), 1))).toBe(
      '2025-03-06T15:59:59.999Z',
    );
  });

  it('refuses a number of days below one or not whole', () => {
    expect(() => workingDeadline(CN, at('2025-03-04T00:00:00Z'), 0)).toThrow(/from 1, got 0/);
    expect(() => workingDeadline(CN, at('2025-03-04T00:00:00Z'), 1.5)).toThrow(/got 1.5/);
  });

  it('refuses a deadline that runs past the calendar instead of guessing', () => {
    // 22 December 2027 (Wednesday) + 10 working days reaches into January 2028.
    const late = () => workingDeadline(CN, at('2027-12-22T02:00:00Z'), 10);
    expect(late).toThrow(DatarunError);
    expect(late).toThrow(expect.objectContaining({ code: 'config' }));
    expect(late).toThrow(/2028-01-01 is outside .*2024-01-01 to 2027-12-31.*update data\/calendar/);
  });

  const instants = fc.integer({ min: at('2024-01-01T00:00:00Z'), max: at('2027-06-30T00:00:00Z') });
  const counts = fc.integer({ min: 1, max: 40 });

  it('falls later for every extra working day', () => {
    fc.assert(
      fc.property(instants, counts, counts, (from, a, b) => {
        fc.pre(a !== b);
        const [fewer, more] = a < b ? [a, b] : [b, a];
        expect(workingDeadline(CN, from, more)).toBeGreaterThan(workingDeadline(CN, from, fewer));
      }),
    );
  });

  it('always ends at the last millisecond of a working day in Shanghai', () => {
    fc.assert(
      fc.property(instants, counts, (from, days) => {
        const due = workingDeadline(CN, from, days);
        expect(isWorkingDay(CN, shanghaiDay(due))).toBe(true);
        expect(shanghaiDay(due + 1)).not.toBe(shanghaiDay(due));
      }),
    );
  });

  it('is exactly the given number of working days away when counted back', () => {
    fc.assert(
      fc.property(instants, counts, (from, days) => {
        expect(workingDaysBetween(CN, from, workingDeadline(CN, from, days))).toBe(days);
      }),
    );
  });
});

describe('workingDaysBetween', () => {
  it('is zero up to the end of the same day and counts how late a step is', () => {
    expect(workingDaysBetween(CN, at('2025-03-04T01:00:00Z'), at('2025-03-04T15:00:00Z'))).toBe(0);
    expect(workingDaysBetween(CN, at('2025-01-27T01:00:00Z'), at('2025-02-07T01:00:00Z'))).toBe(3);
  });

  it('is zero when the end comes before the start', () => {
    expect(workingDaysBetween(CN, at('2025-03-10T01:00:00Z'), at('2025-03-04T01:00:00Z'))).toBe(0);
  });

  it('refuses to count days before the calendar begins', () => {
    // Wednesday 20 December 2023: the count starts on 21 December, which is not covered.
    expect(() =>
      workingDaysBetween(CN, at('2023-12-20T02:00:00Z'), at('2024-01-05T02:00:00Z')),
    ).toThrow(/2023-12-21 is outside .*2024-01-01 to 2027-12-31/);
  });
});

describe('buildWorkingCalendar', () => {
  it('refuses a make-up working day that is not a weekend day, naming the day', () => {
    const broken = structuredClone(calendarData);
    broken.years['2025'].makeUpWorkdays.push('2025-03-05');
    expect(() => buildWorkingCalendar(broken)).toThrow(
      /2025-03-05 is a make-up working day but not a Saturday or Sunday/,
    );
  });

  it('refuses a day that is both off and a working day, or outside its year', () => {
    const both = structuredClone(calendarData);
    both.years['2025'].makeUpWorkdays.push('2025-02-01');
    expect(() => buildWorkingCalendar(both)).toThrow(/2025-02-01 is both a day off and a make-up/);
    const elsewhere = structuredClone(calendarData);
    elsewhere.years['2025'].daysOff.push('2024-12-31');
    expect(() => buildWorkingCalendar(elsewhere)).toThrow(/2024-12-31 is not a day of 2025/);
  });

  it('refuses a day listed twice, a gap between years and an empty calendar', () => {
    const twice = structuredClone(calendarData);
    twice.years['2025'].daysOff.push('2025-01-01');
    expect(() => buildWorkingCalendar(twice)).toThrow(/2025-01-01 is listed twice/);
    const { 2025: _dropped, ...gappy } = structuredClone(calendarData).years;
    expect(() => buildWorkingCalendar({ ...calendarData, years: gappy })).toThrow(
      /skips from 2024 to 2026/,
    );
    expect(() => buildWorkingCalendar({ ...calendarData, years: {} })).toThrow(/covers no year/);
  });

  it('names the file and field of each problem', () => {
    const broken = structuredClone(calendarData);
    broken.years['2026'].makeUpWorkdays.push('2026-03-04');
    expect(() => buildWorkingCalendar(broken)).toThrow(
      'data/calendar/cn-working-calendar.json: years.2026.makeUpWorkdays: 2026-03-04 is a make-up working day but not a Saturday or Sunday',
    );
  });
});

describe('calendarCoverage', () => {
  it('covers 2024 to 2027, with 2027 provisional until its notice is added', () => {
    expect(calendarCoverage(CN)).toEqual({
      from: '2024-01-01',
      to: '2027-12-31',
      provisional: ['2027'],
    });
  });
});
