import { describe, expect, it } from 'vitest';
import { onTimeRates } from '../../../functions/src/core/sharing/on-time-rates.ts';
import { applyEvent } from '../../../functions/src/core/sharing/share-request-machine.ts';
import type { ShareEventType } from '../../../functions/src/core/sharing/share-request-machine.ts';
import { markOverdue } from '../../../functions/src/core/sharing/share-sweep.ts';
import type { ShareRequest } from '../../../functions/src/core/sharing/share-request.ts';
import {
  COMPANIES,
  DAY_MS,
  HOUR_MS,
  LEGAL_ENTITIES,
  OTHER_CONSUMER,
  SENDER,
  T0,
  contextAt,
  fresh,
  validEvent,
} from './support.ts';

/** Sends an event at an exact instant. */
function at(request: ShareRequest, type: ShareEventType, nowMs: number): ShareRequest {
  return applyEvent(request, validEvent(type, request, nowMs), contextAt(nowMs, SENDER[type]));
}

const dueOf = (request: ShareRequest) => Date.parse(request.due!.at);
const ids = (letter: string) => `sr_${letter.repeat(12)}`;

/**
 * Nine requests made on Monday 2 March 2026, 10:00 Shanghai. Acceptance is due at the end of
 * Tuesday 3 March; a decision ten weekdays after its acceptance. The figures are read on
 * Thursday 19 March at 08:00, after every step below.
 */
function scenario() {
  const submitted = (letter: string, options: Parameters<typeof fresh>[0] = {}) =>
    fresh({ id: ids(letter), ...options });

  // A: accepted in an hour, approved five days later: both on time.
  let a = at(submitted('a'), 'accept', T0 + HOUR_MS);
  a = at(a, 'approve', T0 + 5 * DAY_MS);

  // B: accepted at the acceptance deadline's last millisecond (on time), rejected a millisecond late.
  let b = submitted('b');
  b = at(b, 'accept', dueOf(b));
  b = at(b, 'reject', dueOf(b) + 1);

  // C: acceptance escalated and late by a millisecond; approved at the decision deadline exactly.
  let c = submitted('c');
  c = markOverdue(c, 'acceptance', c.due!.at, dueOf(c) + 1);
  c = at(c, 'accept', dueOf(c) + 1);
  c = at(c, 'approve', dueOf(c));

  // D: accepted on time, then withdrawn: no decision to count.
  let d = at(submitted('d'), 'accept', T0 + HOUR_MS);
  d = at(d, 'withdraw', T0 + 2 * DAY_MS);

  // E: accepted on time; its decision was due at the end of Monday 16 March and is still open.
  let e = at(submitted('e'), 'accept', T0 + HOUR_MS);
  e = markOverdue(e, 'decision', e.due!.at, dueOf(e) + HOUR_MS);

  // F (another provider): returned on time, resubmitted, accepted a day late; decision not yet due.
  let f = submitted('f', { entry: LEGAL_ENTITIES, requester: OTHER_CONSUMER });
  f = at(f, 'return', T0 + 2 * HOUR_MS);
  f = at(f, 'resubmit', T0 + DAY_MS);
  f = at(f, 'accept', dueOf(f) + DAY_MS);

  // G: never accepted, its acceptance long overdue.
  const g = submitted('g');

  // H: 无条件共享, granted at once: no acceptance and no decision.
  const h = fresh({ id: ids('h'), entry: COMPANIES });

  // I: withdrawn before acceptance.
  const i = at(submitted('i'), 'withdraw', T0 + HOUR_MS);

  return { requests: [a, b, c, d, e, f, g, h, i], nowMs: Date.UTC(2026, 2, 19, 0), e, f };
}

describe('onTimeRates', () => {
  it('counts decisions per provider and the platform’s acceptances against figures worked by hand', () => {
    const { requests, nowMs, e, f } = scenario();
    expect(e.due!.at).toBe('2026-03-16T15:59:59.999Z');
    expect(f.due!.at).toBe('2026-03-19T15:59:59.999Z');
    expect(onTimeRates(requests, nowMs)).toEqual({
      providers: [
        { provider: 'zj-market', decided: 0, onTime: 0, overdueOpen: 0, rate: null },
        { provider: 'zj-police', decided: 3, onTime: 2, overdueOpen: 1, rate: 2 / 3 },
      ],
      acceptance: { decided: 7, onTime: 5, overdueOpen: 1, rate: 5 / 7 },
    });
  });

  it('counts an open request overdue only once its deadline has passed', () => {
    const { requests, e } = scenario();
    const police = (nowMs: number) =>
      onTimeRates(requests, nowMs).providers.find((p) => p.provider === 'zj-police')!;
    expect(police(dueOf(e)).overdueOpen).toBe(0);
    expect(police(dueOf(e) + 1).overdueOpen).toBe(1);
  });

  it('gives no rate when nothing was decided', () => {
    expect(onTimeRates([], T0)).toEqual({
      providers: [],
      acceptance: { decided: 0, onTime: 0, overdueOpen: 0, rate: null },
    });
    expect(onTimeRates([fresh({ entry: COMPANIES })], T0).acceptance.rate).toBeNull();
  });

  it('judges a step by the deadline it had, not by any deadline running now', () => {
    let request = at(fresh(), 'accept', T0 + HOUR_MS);
    request = at(request, 'approve', dueOf(request) + 1);
    expect('due' in request).toBe(false);
    expect(onTimeRates([request], T0 + 60 * DAY_MS).providers).toEqual([
      { provider: 'zj-police', decided: 1, onTime: 0, overdueOpen: 0, rate: 0 },
    ]);
  });
});
