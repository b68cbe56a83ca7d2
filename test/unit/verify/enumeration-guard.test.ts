import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DISTINCT_KEYS_PER_DAY,
  distinctKeyBudget,
} from '../../../functions/src/core/verify/enumeration-guard.ts';

describe('distinctKeyBudget', () => {
  it('counts each new key once and lets keys already asked today through for free', () => {
    const budget = distinctKeyBudget({
      seenToday: new Set(['110101', '110102']),
      keys: ['110101', '110105', '110105', '110106', '110102'],
      cap: 4,
    });
    expect(budget).toEqual({ newKeys: ['110105', '110106'], remaining: 2 });
  });

  it('refuses the whole batch when its new keys pass the cap, naming the cap and what remains', () => {
    const budget = distinctKeyBudget({
      seenToday: new Set(['110101']),
      keys: ['110102', '110105', '110106'],
      cap: 3,
    });
    expect(budget.remaining).toBe(2);
    expect(budget.problem).toEqual({
      code: 'rate-limited',
      field: 'records',
      message:
        'this call asks about 3 keys not verified today, but the cap is 3 distinct keys a day and 2 remain; send at most 2 new keys or try again tomorrow',
    });
  });

  it('still answers keys already asked once the cap is reached', () => {
    const seenToday = new Set(['a', 'b']);
    expect(distinctKeyBudget({ seenToday, keys: ['a', 'b'], cap: 2 }).problem).toBeUndefined();
    expect(distinctKeyBudget({ seenToday, keys: ['a', 'c'], cap: 2 }).problem?.message).toContain(
      'and 0 remain',
    );
  });

  it('allows ten thousand distinct keys a day by default', () => {
    const keys = Array.from({ length: DEFAULT_DISTINCT_KEYS_PER_DAY + 1 }, (_, i) => String(i));
    const cap = DEFAULT_DISTINCT_KEYS_PER_DAY;
    expect(distinctKeyBudget({ seenToday: new Set(), keys: keys.slice(1), cap }).problem).toBe(
      undefined,
    );
    expect(distinctKeyBudget({ seenToday: new Set(), keys, cap }).problem?.message).toContain(
      'the cap is 10000 distinct keys a day',
    );
  });
});
