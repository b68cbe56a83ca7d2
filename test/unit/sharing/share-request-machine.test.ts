import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import {
  MAX_RETURNS,
  SHARE_EVENT_TARGETS,
  SHARE_EVENT_TYPES,
  SHARE_REQUEST_TRANSITIONS,
  allowedEvents,
  applyEvent,
  isTerminal,
  whoActsNext,
} from '../../../functions/src/core/sharing/share-request-machine.ts';
import type { ShareEventType } from '../../../functions/src/core/sharing/share-request-machine.ts';
import {
  SHARE_REQUEST_STATES,
  ShareRequestSchema,
} from '../../../functions/src/core/sharing/share-request.ts';
import type {
  ShareRequest,
  ShareRequestState,
} from '../../../functions/src/core/sharing/share-request.ts';
import {
  CONSUMER,
  DAY_MS,
  GRANT_ID,
  HOUR_MS,
  LEGAL_ENTITIES,
  PROVIDER,
  REVIEWER,
  SENDER,
  T0,
  contextAt,
  drive,
  fresh,
  momentFor,
  shanghaiMidnight,
  thrown,
  validEvent,
  weekdayDeadline,
} from './support.ts';

/** A way to reach each state from a fresh request. */
const PATHS: Record<ShareRequestState, ShareEventType[]> = {
  submitted: [],
  returned: ['return'],
  accepted: ['accept'],
  approved: ['accept', 'approve'],
  rejected: ['accept', 'reject'],
  revoked: ['accept', 'approve', 'revoke'],
  expired: ['accept', 'approve', 'expire'],
  withdrawn: ['withdraw'],
};

const T0Iso = new Date(T0).toISOString();

const inState = (state: ShareRequestState) => drive(fresh(), PATHS[state]);

function problemsOf(call: () => unknown) {
  const error = thrown(call);
  expect(error).toBeInstanceOf(DatarunError);
  return (error as DatarunError).problems;
}

describe('weekdayDeadline (test support)', () => {
  it('skips the weekend: a step started on Friday with one day is due at the end of Monday', () => {
    const friday = T0 + 4 * DAY_MS;
    expect(new Date(weekdayDeadline(friday, 1)).toISOString()).toBe('2026-03-09T15:59:59.999Z');
  });
});

/** The rules of issue 5, written out: what each state allows and where each event leads. */
const RULES: Record<ShareRequestState, Partial<Record<ShareEventType, ShareRequestState>>> = {
  submitted: { accept: 'accepted', return: 'returned', withdraw: 'withdrawn' },
  returned: { resubmit: 'submitted', withdraw: 'withdrawn', lapse: 'withdrawn' },
  accepted: { approve: 'approved', reject: 'rejected', withdraw: 'withdrawn' },
  approved: { revoke: 'revoked', expire: 'expired' },
  rejected: {},
  revoked: {},
  expired: {},
  withdrawn: {},
};

describe('SHARE_REQUEST_TRANSITIONS', () => {
  const cases = SHARE_REQUEST_STATES.flatMap((state) =>
    SHARE_EVENT_TYPES.map((type) => ({ state, type, to: RULES[state][type] ?? 'conflict' })),
  );

  it.each(cases)('$state + $type → $to', ({ state, type, to }) => {
    const request = inState(state);
    expect(request.state).toBe(state);
    const nowMs = momentFor(type, request);
    const apply = () =>
      applyEvent(request, validEvent(type, request, nowMs), contextAt(nowMs, SENDER[type]));
    if (to === 'conflict') expect(problemsOf(apply)[0]!.code).toBe('conflict');
    else expect(apply().state).toBe(to);
  });

  it('lists for the portal exactly the events each state allows', () => {
    for (const state of SHARE_REQUEST_STATES) {
      expect([...SHARE_REQUEST_TRANSITIONS[state]].sort()).toEqual(
        Object.keys(RULES[state]).sort(),
      );
      for (const type of SHARE_REQUEST_TRANSITIONS[state])
        expect(SHARE_EVENT_TARGETS[type]).toBe(RULES[state][type]);
    }
  });
});

describe('isTerminal', () => {
  it('calls final exactly the states that allow no event', () => {
    expect(SHARE_REQUEST_STATES.filter(isTerminal)).toEqual([
      'rejected',
      'revoked',
      'expired',
      'withdrawn',
    ]);
  });
});

describe('applyEvent', () => {
  it('starts the provider’s decision deadline on acceptance and records the reviewer', () => {
    const nowMs = T0 + HOUR_MS;
    const accepted = applyEvent(fresh(), { type: 'accept' }, contextAt(nowMs, REVIEWER));
    const due = { step: 'decision', at: new Date(weekdayDeadline(nowMs, 10)).toISOString() };
    expect(accepted.due).toEqual(due);
    expect(accepted.due!.at).toBe('2026-03-16T15:59:59.999Z');
    expect(accepted.history.at(-1)).toEqual({
      at: new Date(nowMs).toISOString(),
      actor: REVIEWER,
      event: 'accept',
      from: 'submitted',
      to: 'accepted',
      due,
    });
    expect(accepted.revision).toBe(2);
    expect(accepted.updatedAt).toBe(new Date(nowMs).toISOString());
  });

  it('uses the decision days of the provider the caller passes', () => {
    const rules = { acceptanceDays: 1, decisionDays: 5, correctionDays: 10 };
    const accepted = applyEvent(fresh(), { type: 'accept' }, contextAt(T0, REVIEWER, { rules }));
    expect(accepted.due!.at).toBe(new Date(weekdayDeadline(T0, 5)).toISOString());
  });

  it('returns a request for correction with its reason and a correction deadline', () => {
    const returned = applyEvent(
      fresh(),
      { type: 'return', reason: '  请补充申请依据  ' },
      contextAt(T0, REVIEWER),
    );
    expect(returned.state).toBe('returned');
    expect(returned.returns).toBe(1);
    expect(returned.due).toEqual({
      step: 'correction',
      at: new Date(weekdayDeadline(T0, 10)).toISOString(),
    });
    expect(returned.history.at(-1)!.reason).toBe('请补充申请依据');
  });

  it.each(['', '   '])('refuses a return whose reason is %j, naming the field', (reason) => {
    const problems = problemsOf(() =>
      applyEvent(fresh(), { type: 'return', reason }, contextAt(T0, REVIEWER)),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-field', field: 'reason' })]);
  });

  it('refuses a reason longer than the history keeps', () => {
    const accepted = inState('accepted');
    const tooLong = problemsOf(() =>
      applyEvent(accepted, { type: 'reject', reason: '理'.repeat(1001) }, contextAt(T0, PROVIDER)),
    );
    expect(tooLong[0]).toMatchObject({ code: 'invalid-field', field: 'reason' });
    expect(tooLong[0]!.message).toContain('at most 1000');
  });

  it(`refuses a return after ${MAX_RETURNS}, saying the request can still be accepted or withdrawn`, () => {
    const twice = drive(fresh(), ['return', 'resubmit', 'return', 'resubmit']);
    expect(twice.returns).toBe(2);
    const problems = problemsOf(() =>
      applyEvent(twice, { type: 'return', reason: '再次补正' }, contextAt(T0 + DAY_MS, REVIEWER)),
    );
    expect(problems[0]!.code).toBe('conflict');
    expect(problems[0]!.message).toContain('returned for correction 2 times already');
    expect(problems[0]!.message).toContain('accepted (统一受理)');
    expect(problems[0]!.message).toContain('withdrawn');
    expect(allowedEvents(twice, T0 + DAY_MS)).toEqual(['accept', 'withdraw']);
  });

  it('takes the corrected input on resubmission and starts the acceptance deadline again', () => {
    const returned = inState('returned');
    const nowMs = T0 + 2 * DAY_MS;
    const input = { ...returned.input, fields: ['公民身份号码'], purpose: '核验法定代表人身份' };
    const again = applyEvent(returned, { type: 'resubmit', input }, contextAt(nowMs, CONSUMER));
    expect(again.state).toBe('submitted');
    expect(again.input).toEqual(input);
    expect(again.due).toEqual({
      step: 'acceptance',
      at: new Date(weekdayDeadline(nowMs, 1)).toISOString(),
    });
    expect(again.returns).toBe(1);
  });

  it('refuses a resubmission for another entry, naming input.code', () => {
    const returned = inState('returned');
    const input = { ...returned.input, code: LEGAL_ENTITIES.code };
    const problems = problemsOf(() =>
      applyEvent(returned, { type: 'resubmit', input }, contextAt(T0, CONSUMER)),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'invalid-field', field: 'input.code' }),
    ]);
    expect(problems[0]!.message).toContain('submit a new request');
  });

  it('refuses a resubmission whose input breaks its schema or whose period is over', () => {
    const returned = inState('returned');
    const problems = problemsOf(() =>
      applyEvent(
        returned,
        {
          type: 'resubmit',
          input: {
            ...returned.input,
            purpose: ' ',
            period: { from: '2025-01-01', to: '2025-12-31' },
          },
        },
        contextAt(T0, CONSUMER),
      ),
    );
    expect(problems.map((p) => p.field)).toEqual(['input.purpose']);
    const ended = problemsOf(() =>
      applyEvent(
        returned,
        {
          type: 'resubmit',
          input: { ...returned.input, period: { from: '2025-01-01', to: '2025-12-31' } },
        },
        contextAt(T0, CONSUMER),
      ),
    );
    expect(ended.map((p) => p.field)).toEqual(['input.period.to']);
  });

  it('grants the approved fields until the chosen day and stops the deadline', () => {
    const accepted = inState('accepted');
    const nowMs = T0 + DAY_MS;
    const approved = applyEvent(
      accepted,
      { type: 'approve', fields: ['姓名'], expiresOn: '2026-06-30' },
      contextAt(nowMs, PROVIDER),
    );
    expect(approved.state).toBe('approved');
    expect(approved.grant).toEqual({
      id: GRANT_ID,
      fields: ['姓名'],
      expiresOn: '2026-06-30',
      approvedAt: new Date(nowMs).toISOString(),
    });
    expect(approved.due).toBeUndefined();
    expect('due' in approved).toBe(false);
    expect(whoActsNext(approved)).toBeUndefined();
  });

  it('refuses to grant a field that was not asked for, naming it', () => {
    const accepted = inState('accepted');
    const problems = problemsOf(() =>
      applyEvent(
        accepted,
        { type: 'approve', fields: ['姓名', '户籍地址'], expiresOn: '2026-06-30' },
        contextAt(T0, PROVIDER),
      ),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-field', field: 'fields' })]);
    expect(problems[0]!.message).toContain('"户籍地址" was not asked for');
    expect(problems[0]!.message).toContain('公民身份号码、姓名');
  });

  it('refuses an approval that grants nothing', () => {
    const problems = problemsOf(() =>
      applyEvent(
        inState('accepted'),
        { type: 'approve', fields: [], expiresOn: '2026-06-30' },
        contextAt(T0, PROVIDER),
      ),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'fields' })]);
  });

  it.each([
    ['2027-01-01', 'is after the period asked for, which ends on 2026-12-31'],
    ['2026-03-01', 'is already past (today is 2026-03-02, Shanghai)'],
    ['2026-02-30', 'expected the last day of use'],
  ])('refuses an expiry of %s', (expiresOn, message) => {
    const problems = problemsOf(() =>
      applyEvent(
        inState('accepted'),
        { type: 'approve', fields: ['姓名'], expiresOn },
        contextAt(T0 + HOUR_MS, PROVIDER),
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'invalid-field', field: 'expiresOn' }),
    ]);
    expect(problems[0]!.message).toContain(message);
  });

  it('refuses an approval without a grant id', () => {
    const problems = problemsOf(() =>
      applyEvent(
        inState('accepted'),
        { type: 'approve', fields: ['姓名'], expiresOn: '2026-06-30' },
        contextAt(T0, PROVIDER, { grantId: undefined }),
      ),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'grantId' })]);
  });

  it('allows no approval once the period asked for has ended, but a rejection', () => {
    const accepted = inState('accepted');
    const afterPeriod = shanghaiMidnight('2027-01-01');
    expect(allowedEvents(accepted, afterPeriod)).toEqual(['reject', 'withdraw']);
    const problems = problemsOf(() =>
      applyEvent(
        accepted,
        { type: 'approve', fields: ['姓名'], expiresOn: '2027-01-01' },
        contextAt(afterPeriod, PROVIDER),
      ),
    );
    expect(problems[0]!.code).toBe('conflict');
    expect(problems[0]!.message).toContain('ended on 2026-12-31');
    expect(problems[0]!.message).toContain('rejected by the provider');
  });

  it('tells what can be done with an approved request asked to be accepted', () => {
    const approved = inState('approved');
    const problems = problemsOf(() =>
      applyEvent(approved, { type: 'accept' }, contextAt(T0 + DAY_MS, REVIEWER)),
    );
    expect(problems[0]!.code).toBe('conflict');
    expect(problems[0]!.message).toContain('is approved, so it cannot be accepted');
    expect(problems[0]!.message).toContain('revoked');
    expect(problems[0]!.message).toContain(`expires after ${approved.grant!.expiresOn}`);
  });

  it('says a final request cannot change and a new one can be made', () => {
    const problems = problemsOf(() =>
      applyEvent(inState('rejected'), { type: 'withdraw' }, contextAt(T0 + DAY_MS, CONSUMER)),
    );
    expect(problems[0]!.message).toContain('is rejected');
    expect(problems[0]!.message).toContain('submit a new request');
  });

  it('expires a grant only once its last day is over in Shanghai', () => {
    const approved = applyEvent(
      inState('accepted'),
      { type: 'approve', fields: ['姓名'], expiresOn: '2026-06-30' },
      contextAt(T0 + HOUR_MS, PROVIDER),
    );
    const lastMoment = shanghaiMidnight('2026-07-01') - 1;
    const problems = problemsOf(() =>
      applyEvent(approved, { type: 'expire' }, contextAt(lastMoment, SENDER.expire)),
    );
    expect(problems[0]!.code).toBe('conflict');
    expect(problems[0]!.message).toContain('runs until 2026-06-30 inclusive');
    const expired = applyEvent(
      approved,
      { type: 'expire' },
      contextAt(lastMoment + 1, SENDER.expire),
    );
    expect(expired.state).toBe('expired');
    expect(expired.grant).toEqual(approved.grant);
  });

  it('lets a returned request lapse one millisecond after its correction deadline, not at it', () => {
    const returned = inState('returned');
    const due = Date.parse(returned.due!.at);
    expect(
      problemsOf(() => applyEvent(returned, { type: 'lapse' }, contextAt(due, SENDER.lapse)))[0]!
        .code,
    ).toBe('conflict');
    const lapsed = applyEvent(returned, { type: 'lapse' }, contextAt(due + 1, SENDER.lapse));
    expect(lapsed.state).toBe('withdrawn');
    expect(lapsed.history.at(-1)).toMatchObject({ event: 'lapse', actor: SENDER.lapse });
  });

  it('withdraws with or without a reason', () => {
    const bare = applyEvent(fresh(), { type: 'withdraw' }, contextAt(T0, CONSUMER));
    expect(bare.state).toBe('withdrawn');
    expect('reason' in bare.history.at(-1)!).toBe(false);
    const said = applyEvent(
      inState('accepted'),
      { type: 'withdraw', reason: '已通过其他渠道取得' },
      contextAt(T0 + DAY_MS, CONSUMER),
    );
    expect(said.history.at(-1)!.reason).toBe('已通过其他渠道取得');
  });

  it('refuses an event it does not know, naming the type', () => {
    const problems = problemsOf(() =>
      applyEvent(fresh(), { type: 'decide' } as never, contextAt(T0, PROVIDER)),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-field', field: 'type' })]);
  });

  it('refuses an actor without a name', () => {
    const problems = problemsOf(() =>
      applyEvent(fresh(), { type: 'accept' }, contextAt(T0, { ...REVIEWER, name: '' })),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'actor' })]);
  });

  it('leaves the request it was given unchanged', () => {
    const accepted = inState('accepted');
    const before = structuredClone(accepted);
    const approved = applyEvent(
      accepted,
      { type: 'approve', fields: ['姓名'], expiresOn: '2026-06-30' },
      contextAt(T0 + DAY_MS, PROVIDER),
    );
    expect(accepted).toEqual(before);
    approved.history.push(approved.history[0]!);
    approved.overdue.push({ step: 'decision', due: T0Iso, escalatedAt: T0Iso });
    expect(accepted).toEqual(before);
  });

  it('produces records the schema accepts along the longest path', () => {
    let request: ShareRequest = fresh();
    for (const type of [
      'return',
      'resubmit',
      'return',
      'resubmit',
      'accept',
      'approve',
      'revoke',
    ] as const) {
      request = drive(request, [type]);
      expect(ShareRequestSchema.parse(request)).toEqual(request);
    }
    expect(request.state).toBe('revoked');
    expect(request.revision).toBe(8);
    expect(request.history.map((step) => step.event)).toEqual([
      'submit',
      'return',
      'resubmit',
      'return',
      'resubmit',
      'accept',
      'approve',
      'revoke',
    ]);
  });
});

describe('allowedEvents', () => {
  it('offers the state’s events whose conditions hold now', () => {
    const approved = inState('approved');
    expect(allowedEvents(approved, Date.parse(approved.updatedAt))).toEqual(['revoke']);
    expect(allowedEvents(approved, momentFor('expire', approved))).toEqual(['revoke', 'expire']);
    const returned = inState('returned');
    expect(allowedEvents(returned, T0)).toEqual(['resubmit', 'withdraw']);
    expect(allowedEvents(returned, momentFor('lapse', returned))).toEqual([
      'resubmit',
      'withdraw',
      'lapse',
    ]);
    expect(allowedEvents(inState('expired'), T0 + 400 * DAY_MS)).toEqual([]);
  });
});

describe('whoActsNext', () => {
  it.each([
    ['submitted', 'reviewer'],
    ['returned', 'requester'],
    ['accepted', 'provider'],
    ['approved', undefined],
    ['rejected', undefined],
    ['revoked', undefined],
    ['expired', undefined],
    ['withdrawn', undefined],
  ] as const)('names %s → %s', (state, who) => {
    expect(whoActsNext({ state })).toBe(who);
  });
});
