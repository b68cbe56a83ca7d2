import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DisputeSchema,
  FINAL_DISPUTE_STATES,
} from '../../../functions/src/core/disputes/dispute.ts';
import type { Dispute, DisputeState } from '../../../functions/src/core/disputes/dispute.ts';
import {
  DISPUTE_EVENT_TYPES,
  allowedEvents,
  applyDisputeEvent,
  checkAllowed,
  newReportedDispute,
} from '../../../functions/src/core/disputes/dispute-machine.ts';
import type {
  DisputeEvent,
  DisputeEventType,
} from '../../../functions/src/core/disputes/dispute-machine.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import {
  CORRECTION,
  PROVIDER,
  REPORTED_AT,
  by,
  candidate,
  cnDeadline,
  reported,
} from './support.ts';

const HOUR_MS = 3_600_000;

/** A well-formed event of each type. */
function valid(type: DisputeEventType): DisputeEvent {
  if (type === 'correct') return { type, correction: CORRECTION };
  if (type === 'extend' || type === 'reject' || type === 'dismiss')
    return { type, reason: '需向数据来源单位核对原始记录' };
  return { type };
}

function thrown(run: () => unknown): DatarunError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatarunError);
    return error as DatarunError;
  }
  throw new Error('expected a DatarunError');
}

/** A dispute in each state, an hour after the report (well before any deadline). */
function inState(state: DisputeState): Dispute {
  const at = REPORTED_AT + HOUR_MS;
  if (state === 'candidate') return candidate();
  if (state === 'dismissed') return applyDisputeEvent(candidate(), valid('dismiss'), by(at));
  if (state === 'reported') return reported();
  const verifying = applyDisputeEvent(reported(), valid('verify'), by(at));
  if (state === 'verifying') return verifying;
  if (state === 'corrected') return applyDisputeEvent(verifying, valid('correct'), by(at));
  return applyDisputeEvent(verifying, valid('reject'), by(at));
}

/** The whole machine, written out by hand: the state each event leads to, or refused. */
const TABLE: Record<DisputeState, Partial<Record<DisputeEventType, DisputeState>>> = {
  candidate: { confirm: 'verifying', dismiss: 'dismissed' },
  reported: { verify: 'verifying', extend: 'reported', correct: 'corrected', reject: 'rejected' },
  verifying: { extend: 'verifying', correct: 'corrected', reject: 'rejected' },
  corrected: {},
  rejected: {},
  dismissed: {},
};

describe('applyDisputeEvent', () => {
  const cases = (Object.keys(TABLE) as DisputeState[]).flatMap((state) =>
    DISPUTE_EVENT_TYPES.map((event) => ({ state, event, to: TABLE[state][event] })),
  );

  it.each(cases)('$state + $event → $to', ({ state, event, to }) => {
    const before = inState(state);
    const nowMs = REPORTED_AT + 2 * HOUR_MS;
    if (to === undefined) {
      const error = thrown(() => applyDisputeEvent(before, valid(event), by(nowMs)));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(`is ${state}, so it cannot be`);
      return;
    }
    const after = applyDisputeEvent(before, valid(event), by(nowMs));
    expect(after.state).toBe(to);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.history.at(-1)).toMatchObject({ event, from: state, to, actor: PROVIDER });
    expect(DisputeSchema.safeParse(after).success).toBe(true);
  });

  it('names what the dispute can still do when it refuses an event', () => {
    const error = thrown(() => applyDisputeEvent(reported(), { type: 'confirm' }, by(REPORTED_AT)));
    expect(error.message).toContain(
      'it can be taken up for verification, or given a longer deadline, or corrected, or rejected',
    );
    const final = thrown(() =>
      applyDisputeEvent(inState('rejected'), valid('verify'), by(REPORTED_AT + 3 * HOUR_MS)),
    );
    expect(final.message).toContain('that is final');
  });

  it('gives a report 5 working days, counted across the Spring Festival and its make-up days', () => {
    // Sunday 26 January and Monday 27 January work; 28 January – 4 February are off.
    expect(reported().due).toEqual({ at: '2025-02-07T15:59:59.999Z', extended: false });
  });

  it('extends once to 10 working days from the report, keeping the state, with the reason', () => {
    const verifying = inState('verifying');
    const extended = applyDisputeEvent(
      verifying,
      { type: 'extend', reason: '  需调取原始普查表  ' },
      by(Date.parse('2025-02-06T02:00:00Z')),
    );
    // Saturday 8 February is a make-up working day.
    expect(extended.due).toEqual({ at: '2025-02-13T15:59:59.999Z', extended: true });
    expect(extended.state).toBe('verifying');
    expect(extended.history.at(-1)?.reason).toBe('需调取原始普查表');
    const again = thrown(() =>
      applyDisputeEvent(extended, valid('extend'), by(Date.parse('2025-02-07T02:00:00Z'))),
    );
    expect(again.code).toBe('conflict');
    expect(again.message).toContain('extended once already');
    expect(allowedEvents(extended, Date.parse('2025-02-07T02:00:00Z'))).toEqual([
      'correct',
      'reject',
    ]);
  });

  it('extends up to the last millisecond of the deadline and not one after', () => {
    const due = Date.parse(reported().due!.at);
    expect(applyDisputeEvent(reported(), valid('extend'), by(due)).due?.extended).toBe(true);
    const late = thrown(() => applyDisputeEvent(reported(), valid('extend'), by(due + 1)));
    expect(late.code).toBe('conflict');
    expect(late.message).toContain('has passed');
  });

  it('refuses to extend a deadline the sweeper marked overdue, even with the clock moved back', () => {
    const dispute = reported();
    const marked: Dispute = {
      ...dispute,
      overdue: [{ due: dispute.due!.at, escalatedAt: '2025-02-07T16:15:00.000Z' }],
    };
    const error = thrown(() => applyDisputeEvent(marked, valid('extend'), by(REPORTED_AT)));
    expect(error.message).toContain('passed and was escalated');
  });

  it('starts a confirmed finding’s deadline at the confirmation, and extends from there', () => {
    const confirmedAt = Date.parse('2025-02-10T02:00:00Z');
    const confirmed = applyDisputeEvent(candidate(), { type: 'confirm' }, by(confirmedAt));
    expect(candidate().due).toBeUndefined();
    expect(confirmed.due).toEqual({ at: '2025-02-17T15:59:59.999Z', extended: false });
    const extended = applyDisputeEvent(confirmed, valid('extend'), by(confirmedAt + HOUR_MS));
    expect(extended.due).toEqual({ at: '2025-02-24T15:59:59.999Z', extended: true });
  });

  it('clears the deadline and keeps the correction when the dispute is corrected', () => {
    const corrected = applyDisputeEvent(reported(), valid('correct'), by(REPORTED_AT + HOUR_MS));
    expect(corrected.due).toBeUndefined();
    expect(corrected.correction).toEqual(CORRECTION);
  });

  it('refuses a correction that is not one, naming the field', () => {
    const error = thrown(() =>
      applyDisputeEvent(
        reported(),
        { type: 'correct', correction: { ...CORRECTION, changes: [] } },
        by(REPORTED_AT),
      ),
    );
    expect(error.problems[0]).toMatchObject({ code: 'invalid-field', field: 'correction' });
  });

  it('refuses a missing, blank or too long reason, naming the field', () => {
    for (const reason of [undefined, '   ', 'x'.repeat(1001)]) {
      const error = thrown(() =>
        applyDisputeEvent(
          reported(),
          { type: 'reject', reason } as unknown as DisputeEvent,
          by(REPORTED_AT),
        ),
      );
      expect(error.problems[0]).toMatchObject({ code: 'invalid-field', field: 'reason' });
    }
    const long = thrown(() =>
      applyDisputeEvent(reported(), { type: 'reject', reason: 'x'.repeat(1001) }, by(REPORTED_AT)),
    );
    expect(long.message).toContain('1001 characters; at most 1000');
  });

  it('dates a step at the last change when the clock went back, never before it', () => {
    const verifying = applyDisputeEvent(reported(), valid('verify'), by(REPORTED_AT + HOUR_MS));
    const rejected = applyDisputeEvent(verifying, valid('reject'), by(REPORTED_AT - 5 * HOUR_MS));
    expect(rejected.history.at(-1)?.at).toBe(verifying.updatedAt);
    expect(rejected.updatedAt).toBe(verifying.updatedAt);
  });

  it('leaves the dispute it was given as it was', () => {
    const before = reported();
    const copy = structuredClone(before);
    applyDisputeEvent(before, valid('extend'), by(REPORTED_AT));
    expect(before).toEqual(copy);
  });
});

describe('checkAllowed', () => {
  it('throws the same refusal applyDisputeEvent gives, and nothing when allowed', () => {
    expect(() => checkAllowed(reported(), 'correct', REPORTED_AT)).not.toThrow();
    const error = thrown(() => checkAllowed(inState('rejected'), 'correct', REPORTED_AT));
    expect(error.code).toBe('conflict');
  });
});

describe('newReportedDispute', () => {
  it('keeps a member of the public’s contact apart from the input, and drops staff’s', () => {
    const dispute = reported();
    expect(dispute.contact).toEqual({ name: '张三', email: 'zhang@example.org' });
    expect('contact' in dispute.input).toBe(false);
    const staff = newReportedDispute({
      id: 'dp_teststaff00001',
      origin: 'agency',
      input: { ...dispute.input, contact: { name: 'x', email: 'x@example.org' } },
      cell: dispute.cell,
      title: dispute.title,
      provider: 'nbs',
      reporter: { user: 'c1', name: '消费方', agency: 'sh-civil-affairs', role: 'consumer' },
      statusTokenSha256: 'b'.repeat(64),
      nowMs: REPORTED_AT,
      workingDeadline: cnDeadline,
    });
    expect(staff.contact).toBeUndefined();
    expect(staff.history).toEqual([
      expect.objectContaining({ event: 'report', to: 'reported', at: '2025-01-24T02:00:00.000Z' }),
    ]);
  });
});

describe('the dispute machine, over any sequence of events and clocks', () => {
  const step = fc.record({
    type: fc.constantFrom(...DISPUTE_EVENT_TYPES),
    // Mostly forward, sometimes backward: a clock that jumps back must not move history back.
    deltaMs: fc.integer({ min: -3 * 24 * HOUR_MS, max: 6 * 24 * HOUR_MS }),
    badPayload: fc.boolean(),
  });
  const start = fc.constantFrom<'reported' | 'candidate'>('reported', 'candidate');

  it('reaches only valid states and keeps every invariant', () => {
    fc.assert(
      fc.property(start, fc.array(step, { maxLength: 12 }), (origin, steps) => {
        let dispute = origin === 'reported' ? reported() : candidate();
        let clock = REPORTED_AT;
        for (const { type, deltaMs, badPayload } of steps) {
          clock += deltaMs;
          const event = badPayload ? ({ type } as DisputeEvent) : valid(type);
          const allowed = allowedEvents(dispute, clock).includes(type);
          let next: Dispute | undefined;
          try {
            next = applyDisputeEvent(dispute, event, by(clock));
          } catch (error) {
            expect(error).toBeInstanceOf(DatarunError);
            const code = (error as DatarunError).code;
            // A refusal is a conflict exactly when the state does not allow the event now.
            expect(code).toBe(allowed ? 'invalid-field' : 'conflict');
            continue;
          }
          expect(allowed).toBe(true);
          const final = (FINAL_DISPUTE_STATES as readonly string[]).includes(dispute.state);
          expect(final).toBe(false);
          expect(DisputeSchema.safeParse(next).success).toBe(true);
          expect(next.revision).toBe(next.history.length);
          expect(next.history.filter((s) => s.event === 'extend').length).toBeLessThanOrEqual(1);
          const times = next.history.map((s) => Date.parse(s.at));
          for (let i = 1; i < times.length; i++)
            expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
          expect(next.updatedAt).toBe(next.history.at(-1)!.at);
          const nowFinal = (FINAL_DISPUTE_STATES as readonly string[]).includes(next.state);
          expect(next.due === undefined).toBe(nowFinal || next.state === 'candidate');
          if (next.due) {
            const from = Date.parse(
              next.history.find((s) => s.event === 'confirm')?.at ?? next.createdAt,
            );
            const days = next.due.extended ? 10 : 5;
            expect(next.due.at).toBe(new Date(cnDeadline(from, days)).toISOString());
          }
          dispute = next;
        }
        // A final dispute refuses everything and never changes again.
        if ((FINAL_DISPUTE_STATES as readonly string[]).includes(dispute.state))
          for (const type of DISPUTE_EVENT_TYPES)
            expect(thrown(() => applyDisputeEvent(dispute, valid(type), by(clock))).code).toBe(
              'conflict',
            );
      }),
      { numRuns: 400 },
    );
  });
});
