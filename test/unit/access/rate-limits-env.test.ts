import { describe, expect, it } from 'vitest';
import { rateLimitsFromEnv, rateLimitsToEnv } from '../../../functions/src/config.ts';
import { DEFAULT_RATE_LIMITS } from '../../../functions/src/core/access/rate-limit.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

describe('rateLimitsFromEnv', () => {
  it('keeps the documented defaults for variables not set or empty', () => {
    expect(rateLimitsFromEnv({})).toEqual({
      anonymousPerMinute: 60,
      keyPerMinute: 1000,
      signUpsPerHour: 5,
    });
    expect(rateLimitsFromEnv({ DATARUN_LIMIT_KEY_PER_MINUTE: ' ' })).toEqual(DEFAULT_RATE_LIMITS);
  });

  it('reads each limit from its variable', () => {
    expect(
      rateLimitsFromEnv({
        DATARUN_LIMIT_ANONYMOUS_PER_MINUTE: '100000',
        DATARUN_LIMIT_SIGNUPS_PER_HOUR: '1',
      }),
    ).toEqual({ anonymousPerMinute: 100000, keyPerMinute: 1000, signUpsPerHour: 1 });
  });

  it('names every variable that is not a whole number from 1', () => {
    let error: unknown;
    try {
      rateLimitsFromEnv({
        DATARUN_LIMIT_ANONYMOUS_PER_MINUTE: '0',
        DATARUN_LIMIT_KEY_PER_MINUTE: '1e3',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).problems.map((p) => p.message)).toEqual([
      'DATARUN_LIMIT_ANONYMOUS_PER_MINUTE: expected a whole number from 1 (got "0")',
      'DATARUN_LIMIT_KEY_PER_MINUTE: expected a whole number from 1 (got "1e3")',
    ]);
  });
});

describe('rateLimitsToEnv', () => {
  it('writes the variables rateLimitsFromEnv reads back', () => {
    const limits = { anonymousPerMinute: 7, keyPerMinute: 70, signUpsPerHour: 2 };
    expect(rateLimitsFromEnv(rateLimitsToEnv(limits))).toEqual(limits);
  });
});
