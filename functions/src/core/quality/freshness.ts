import { DatarunError, problem } from '../errors.ts';
import { shanghaiDay } from '../calendar/working-calendar.ts';
import type { UpdateCycle } from '../schemas/vocabulary.ts';
import type { Freshness } from './quality-report.ts';

/** How far a regular 更新周期 (update cycle) puts the next version after the last update. */
export type CycleStep = { days: number } | { months: number };

/** The regular cycles; 不定期 (irregular) has no due date. */
export type RegularCycle = Exclude<UpdateCycle, '不定期'>;

/**
 * The freshness rule of each regular cycle: the next version is due `step` after the last
 * update, and it is "due soon" from `dueSoonDays` days before that day. Months are calendar
 * months; a day the target month lacks becomes its last day (01-31 + 1 month = 02-28 or 02-29).
 */
export const FRESHNESS_RULES = {
  实时: { step: { days: 1 }, dueSoonDays: 0 },
  每日: { step: { days: 1 }, dueSoonDays: 0 },
  每周: { step: { days: 7 }, dueSoonDays: 1 },
  每月: { step: { months: 1 }, dueSoonDays: 7 },
  每季度: { step: { months: 3 }, dueSoonDays: 7 },
  每半年: { step: { months: 6 }, dueSoonDays: 7 },
  每年: { step: { months: 12 }, dueSoonDays: 7 },
} as const satisfies Record<RegularCycle, { step: CycleStep; dueSoonDays: number }>;

/** The cycle that promises no schedule. */
export const IRREGULAR_CYCLE = '不定期' satisfies UpdateCycle;

/** What freshness reads of an entry; a snapshot entry has all of it. */
export type FreshnessInput = {
  updateCycle: UpdateCycle;
  /** 更新日期, YYYY-MM-DD. */
  modified: string;
  /** The latest published version, when there is one. */
  latest?: { createdAt: string };
};

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(day: string): [number, number, number] {
  const match = DAY.exec(day);
  const [y, m, d] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (!match || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    throw new DatarunError(problem('invalid-value', `${day} is not a day in the form YYYY-MM-DD`));
  return [y, m, d];
}

function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to` (negative when `to` comes first). */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = parts(from);
  const [ty, tm, td] = parts(to);
  return Math.round((Date.UTC(ty, tm - 1, td) - Date.UTC(fy, fm - 1, fd)) / DAY_MS);
}

/** The day one cycle step after `day`, months clamped to the target month's last day. */
export function addCycle(day: string, step: CycleStep): string {
  const [y, m, d] = parts(day);
  if ('days' in step) return dayOf(Date.UTC(y, m - 1, d + step.days));
  const lastOfTarget = new Date(Date.UTC(y, m - 1 + step.months + 1, 0)).getUTCDate();
  return dayOf(Date.UTC(y, m - 1 + step.months, Math.min(d, lastOfTarget)));
}

/**
 * How an entry keeps to its update cycle on `today` (YYYY-MM-DD, Asia/Shanghai). The last update
 * is the later of its 更新日期 and its latest version's day in Shanghai; the next version is due
 * one cycle later (FRESHNESS_RULES). After the due day it is overdue by the calendar days since;
 * from `dueSoonDays` before the due day up to the due day itself it is due soon; before that on
 * schedule. 不定期 entries are irregular and have no due day.
 */
export function freshnessOf(entry: FreshnessInput, today: string): Freshness {
  parts(today);
  parts(entry.modified);
  const versionDay = entry.latest && shanghaiDay(Date.parse(entry.latest.createdAt));
  const lastUpdated =
    versionDay !== undefined && versionDay > entry.modified ? versionDay : entry.modified;
  if (entry.updateCycle === IRREGULAR_CYCLE) return { status: 'irregular', lastUpdated };
  const rule = FRESHNESS_RULES[entry.updateCycle];
  const due = addCycle(lastUpdated, rule.step);
  const daysLeft = daysBetween(today, due);
  if (daysLeft < 0) return { status: 'overdue', lastUpdated, due, daysLate: -daysLeft };
  return {
    status: daysLeft <= rule.dueSoonDays ? 'due-soon' : 'on-schedule',
    lastUpdated,
    due,
    daysLeft,
  };
}
