import { formatPath } from '../field-path.ts';
import { shanghaiDay } from '../calendar/working-calendar.ts';
import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { ShareRequestInputSchema } from './share-request.ts';
import type { ShareRequestInput } from './share-request.ts';

/** The longest period of use a request may ask for, in years, both days inclusive. */
export const MAX_PERIOD_YEARS = 3;

/** The day `years` after a YYYY-MM-DD day (29 February moves to 1 March). */
function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y + years, m - 1, d)).toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  return new Date(Date.parse(day) - 86_400_000).toISOString().slice(0, 10);
}

/**
 * A request's input parsed against its schema, then its period checked against today in
 * Shanghai: from ≤ to, to not already past, at most MAX_PERIOD_YEARS long. Every problem is
 * returned, each naming its field under `prefix` (`input.` when the input is part of an event);
 * `input` is there whenever the schema accepted it, so that callers can check more.
 */
export function checkShareInput(
  raw: unknown,
  nowMs: number,
  prefix = '',
): { input?: ShareRequestInput; problems: Problem[] } {
  const parsed = ShareRequestInputSchema.safeParse(raw);
  if (!parsed.success)
    return {
      problems: parsed.error.issues.map((issue) =>
        problem('invalid-field', issue.message, {
          field: prefix + formatPath(issue.path.filter((p) => typeof p !== 'symbol')),
        }),
      ),
    };
  const input = parsed.data;
  const { from, to } = input.period;
  const today = shanghaiDay(nowMs);
  const problems: Problem[] = [];
  if (from > to)
    problems.push(
      problem('invalid-field', `the period starts on ${from}, after it ends on ${to}`, {
        field: `${prefix}period.from`,
      }),
    );
  if (to < today)
    problems.push(
      problem('invalid-field', `the period ended on ${to}, before today (${today}, Shanghai)`, {
        field: `${prefix}period.to`,
      }),
    );
  const lastDay = dayBefore(addYears(from, MAX_PERIOD_YEARS));
  if (to > lastDay)
    problems.push(
      problem(
        'invalid-field',
        `the period ${from} – ${to} is longer than the ${MAX_PERIOD_YEARS} years a request may cover; end it on ${lastDay} at the latest and ask again before then`,
        { field: `${prefix}period.to` },
      ),
    );
  return { input, problems };
}
