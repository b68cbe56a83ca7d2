import * as z from 'zod';
import calendarData from '../../../../data/calendar/cn-working-calendar.json' with { type: 'json' };
import { DatarunError, problem } from '../errors.ts';

/**
 * Working days in mainland China: weekdays, except public holidays, plus the weekend days the
 * State Council makes working days (调休). Deadlines of share requests count them, and end at
 * midnight in Asia/Shanghai (UTC+8 all year, no daylight saving).
 */

const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const YearSchema = z
  .object({
    status: z.enum(['official', 'statutory-only']),
    source: z
      .object({
        title: z.string().min(1),
        number: z.string().optional(),
        published: z.string().regex(DAY).optional(),
        url: z.url().optional(),
      })
      .strict(),
    daysOff: z.array(z.string().regex(DAY)),
    makeUpWorkdays: z.array(z.string().regex(DAY)),
  })
  .strict();

/** The calendar file: days off and make-up working days per year, with each year's source. */
export const CalendarDataSchema = z
  .object({ description: z.string(), years: z.record(z.string().regex(/^\d{4}$/), YearSchema) })
  .strict()
  .superRefine((data, ctx) => {
    if (Object.keys(data.years).length === 0)
      ctx.addIssue({ code: 'custom', path: ['years'], message: 'the calendar covers no year' });
    for (const [year, days] of Object.entries(data.years)) {
      const off = new Set(days.daysOff);
      for (const list of ['daysOff', 'makeUpWorkdays'] as const)
        for (const day of days[list].filter((day, k, all) => all.indexOf(day) !== k))
          ctx.addIssue({
            code: 'custom',
            path: ['years', year, list],
            message: `${day} is listed twice`,
          });
      for (const day of [...days.daysOff, ...days.makeUpWorkdays])
        if (!day.startsWith(`${year}-`) || !isRealDay(day))
          ctx.addIssue({
            code: 'custom',
            path: ['years', year],
            message: `${day} is not a day of ${year}`,
          });
      for (const day of days.makeUpWorkdays) {
        if (off.has(day))
          ctx.addIssue({
            code: 'custom',
            path: ['years', year],
            message: `${day} is both a day off and a make-up working day`,
          });
        if (isRealDay(day) && !isWeekend(day))
          ctx.addIssue({
            code: 'custom',
            path: ['years', year, 'makeUpWorkdays'],
            message: `${day} is a make-up working day but not a Saturday or Sunday`,
          });
      }
    }
  });
/** The calendar file as checked by `CalendarDataSchema`. */
export type CalendarData = z.infer<typeof CalendarDataSchema>;

/** A calendar ready for lookups. */
export type WorkingCalendar = {
  daysOff: ReadonlySet<string>;
  makeUpWorkdays: ReadonlySet<string>;
  /** Covered years, ascending and without gaps. */
  years: readonly number[];
  /** Years whose State Council notice is not in the data yet (statutory days off only). */
  provisional: readonly string[];
};

/** Checks calendar data and builds a calendar from it; bad data throws naming the day. */
export function buildWorkingCalendar(data: unknown): WorkingCalendar {
  const parsed = CalendarDataSchema.safeParse(data);
  if (!parsed.success)
    throw new DatarunError(
      parsed.error.issues.map((issue) =>
        problem('config', issue.message, {
          file: 'data/calendar/cn-working-calendar.json',
          field: issue.path.join('.'),
        }),
      ),
    );
  const entries = Object.entries(parsed.data.years).sort(([a], [b]) => a.localeCompare(b));
  const years = entries.map(([year]) => Number(year));
  for (let k = 1; k < years.length; k++)
    if (years[k] !== years[k - 1]! + 1)
      throw new DatarunError(
        problem('config', `the calendar skips from ${years[k - 1]} to ${years[k]}`),
      );
  return {
    daysOff: new Set(entries.flatMap(([, year]) => year.daysOff)),
    makeUpWorkdays: new Set(entries.flatMap(([, year]) => year.makeUpWorkdays)),
    years,
    provisional: entries.filter(([, year]) => year.status !== 'official').map(([y]) => y),
  };
}

/** The calendar of mainland China from data/calendar (see its SOURCE.md). */
export const CN_WORKING_CALENDAR: WorkingCalendar = buildWorkingCalendar(calendarData);

/** The calendar day (YYYY-MM-DD) in Asia/Shanghai of an instant. */
export function shanghaiDay(ms: number): string {
  const shifted = new Date(ms + SHANGHAI_OFFSET_MS);
  if (Number.isNaN(shifted.getTime()))
    throw new DatarunError(
      problem('invalid-value', `${ms} is not an instant (milliseconds since 1970)`),
    );
  return shifted.toISOString().slice(0, 10);
}

/** The years the calendar covers, and which of them are provisional. */
export function calendarCoverage(calendar: WorkingCalendar): {
  from: string;
  to: string;
  provisional: string[];
} {
  return {
    from: `${calendar.years[0]}-01-01`,
    to: `${calendar.years.at(-1)}-12-31`,
    provisional: [...calendar.provisional],
  };
}

/** Whether a day is a working day; a day outside the covered years is an error, not a guess. */
export function isWorkingDay(calendar: WorkingCalendar, day: string): boolean {
  if (!DAY.test(day) || !isRealDay(day))
    throw new DatarunError(problem('invalid-value', `${day} is not a day in the form YYYY-MM-DD`));
  const year = Number(day.slice(0, 4));
  if (!calendar.years.includes(year)) {
    const { from, to } = calendarCoverage(calendar);
    throw new DatarunError(
      problem(
        'config',
        `${day} is outside the working-day calendar (${from} to ${to}); update data/calendar with the State Council's holiday notice`,
      ),
    );
  }
  if (calendar.makeUpWorkdays.has(day)) return true;
  return !isWeekend(day) && !calendar.daysOff.has(day);
}

/**
 * When a step given at `fromMs` is due: the end (23:59:59.999 in Shanghai) of the
 * `workingDays`-th working day after the day of `fromMs`; that day itself never counts.
 */
export function workingDeadline(
  calendar: WorkingCalendar,
  fromMs: number,
  workingDays: number,
): number {
  if (!Number.isInteger(workingDays) || workingDays < 1)
    throw new DatarunError(
      problem(
        'invalid-value',
        `a deadline needs a whole number of working days from 1, got ${workingDays}`,
      ),
    );
  let day = dayNumber(shanghaiDay(fromMs));
  for (let counted = 0; counted < workingDays;) {
    day++;
    if (isWorkingDay(calendar, dayText(day))) counted++;
  }
  return (day + 1) * DAY_MS - SHANGHAI_OFFSET_MS - 1;
}

/** Working days after the day of `fromMs` up to and including the day of `toMs` (0 if none). */
export function workingDaysBetween(
  calendar: WorkingCalendar,
  fromMs: number,
  toMs: number,
): number {
  let count = 0;
  const last = dayNumber(shanghaiDay(toMs));
  for (let day = dayNumber(shanghaiDay(fromMs)) + 1; day <= last; day++)
    if (isWorkingDay(calendar, dayText(day))) count++;
  return count;
}

/** Days since 1970-01-01 of a YYYY-MM-DD day. */
const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;
const dayText = (days: number) => new Date(days * DAY_MS).toISOString().slice(0, 10);

function isWeekend(day: string): boolean {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function isRealDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}
