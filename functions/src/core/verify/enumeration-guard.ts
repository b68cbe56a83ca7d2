import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';

/**
 * Against enumeration: a grant may ask about at most a number of distinct keys a day. Asking
 * again about a key already asked today costs nothing, so that rechecking a list stays free
 * while walking the key space does not.
 */

/** Distinct keys one grant may verify per day unless its grant says otherwise. */
export const DEFAULT_DISTINCT_KEYS_PER_DAY = 10_000;

export type KeyBudget = {
  /** The keys of the request not asked about today, each once, in request order. */
  newKeys: string[];
  /** How many new keys the grant may still ask about today, before this request. */
  remaining: number;
  /** Set when the request would pass the cap: the whole batch is refused. */
  problem?: Problem;
};

/** Which of a request's keys are new today, and whether they fit under the daily cap. */
export function distinctKeyBudget(input: {
  seenToday: ReadonlySet<string>;
  keys: readonly string[];
  cap: number;
}): KeyBudget {
  const { seenToday, keys, cap } = input;
  const newKeys = [...new Set(keys.filter((key) => !seenToday.has(key)))];
  const remaining = Math.max(0, cap - seenToday.size);
  if (newKeys.length <= remaining) return { newKeys, remaining };
  return {
    newKeys,
    remaining,
    problem: problem(
      'rate-limited',
      `this call asks about ${newKeys.length} keys not verified today, but the cap is ${cap} distinct keys a day and ${remaining} remain; send at most ${remaining} new keys or try again tomorrow`,
      { field: 'records' },
    ),
  };
}
