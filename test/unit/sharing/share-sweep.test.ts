import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { SYSTEM_ACTOR } from '../../../functions/src/core/identity/identity.ts';
import { applyEvent } from '../../../functions/src/core/sharing/share-request-machine.ts';
import { markOverdue, planSweep } from '../../../functions/src/core/sharing/share-sweep.ts';
import type { SweepAction } from '../../../functions/src/core/sharing/share-sweep.ts';
import { ShareRequestSchema } from '../../../functions/src/core/sharing/share-request.ts';
import type { ShareRequest } from '../../../functions/src/core/sharing/share-request.ts';
import {
  COMPANIES,
  HOUR_MS,
  PROVIDER,
  T0,
  contextAt,
  drive,
  fresh,
  shanghaiMidnight,
  thrown,
} from './support.ts';

const dueOf = (request: ShareRequest) => Date.parse(request.due!.at);

/** What the sweeper service does with a plan, for one request. */
function run(request: ShareRequest, action: SweepAction, nowMs: number): ShareRequest {
  if (action.kind === 'overdue') return markOverdue(request, action.step, action.due, nowMs);
  return applyEvent(request, { type: action.kind }, contextAt(nowMs, SYSTEM_ACTOR));
}

describe('planSweep', () => {
  it('plans nothing up to the deadline’s last millisecond', () => {
    const request = fresh();
    expect(planSweep([request], T0)).toEqual([]);
    expect(planSweep([request], dueOf(request))).toEqual([]);
  });

  it('marks the acceptance overdue one millisecond after its deadline', () => {
    const request = fresh();
    expect(planSweep([request], dueOf(request) + 1)).toEqual([
      { kind: 'overdue', id: request.id, step: 'acceptance', due: '2026-03-03T15:59:59.999Z' },
    ]);
  });

  it('plans nothing new when run again after its plan was applied', () => {
    const request = fresh();
    const nowMs = dueOf(request) + 1;
    const [action] = planSweep([request], nowMs);
    const marked = run(request, action!, nowMs);
    expect(planSweep([marked], nowMs)).toEqual([]);
    expect(planSweep([marked], nowMs + 30 * 24 * HOUR_MS)).toEqual([]);
  });

  it('marks the decision overdue after an acceptance that was itself late', () => {
    const late = fresh();
    const nowMs = dueOf(late) + 1;
    const marked = run(late, planSweep([late], nowMs)[0]!, nowMs);
    const accepted = drive(marked, ['accept']);
    expect(planSweep([accepted], dueOf(accepted))).toEqual([]);
    expect(planSweep([accepted], dueOf(accepted) + 1)).toEqual([
      { kind: 'overdue', id: accepted.id, step: 'decision', due: accepted.due!.at },
    ]);
  });

  it('expires a grant the day after its last day in Shanghai, not before', () => {
    const approved = applyEvent(
      drive(fresh(), ['accept']),
      { type: 'approve', fields: ['姓名'], expiresOn: '2026-06-30' },
      contextAt(T0 + HOUR_MS * 3, PROVIDER),
    );
    const nextDay = shanghaiMidnight('2026-07-01');
    expect(planSweep([approved], nextDay - 1)).toEqual([]);
    expect(planSweep([approved], nextDay)).toEqual([{ kind: 'expire', id: approved.id }]);
    const expired = run(approved, { kind: 'expire', id: approved.id }, nextDay);
    expect(expired.state).toBe('expired');
    expect(planSweep([expired], nextDay)).toEqual([]);
  });

  it('expires an unconditional grant at the end of the period asked for', () => {
    const granted = fresh({ entry: COMPANIES });
    expect(planSweep([granted], shanghaiMidnight('2027-01-01') - 1)).toEqual([]);
    expect(planSweep([granted], shanghaiMidnight('2027-01-01'))).toEqual([
      { kind: 'expire', id: granted.id },
    ]);
  });

  it('lets a returned request lapse after its correction deadline instead of escalating it', () => {
    const returned = drive(fresh(), ['return']);
    expect(planSweep([returned], dueOf(returned))).toEqual([]);
    expect(planSweep([returned], dueOf(returned) + 1)).toEqual([
      { kind: 'lapse', id: returned.id },
    ]);
    const lapsed = run(returned, { kind: 'lapse', id: returned.id }, dueOf(returned) + 1);
    expect(lapsed.state).toBe('withdrawn');
    expect(planSweep([lapsed], dueOf(returned) + 1)).toEqual([]);
  });

  it('plans for each request in the order given and ignores final ones', () => {
    const a = fresh({ id: 'sr_aaaaaaaaaaaa' });
    const b = drive(fresh({ id: 'sr_bbbbbbbbbbbb' }), ['return']);
    const c = drive(fresh({ id: 'sr_cccccccccccc' }), ['accept', 'reject']);
    const later = dueOf(b) + 1;
    expect(planSweep([a, b, c], later)).toEqual([
      { kind: 'overdue', id: a.id, step: 'acceptance', due: a.due!.at },
      { kind: 'lapse', id: b.id },
    ]);
  });
});

describe('markOverdue', () => {
  it('records the missed deadline and the escalation without changing state or deadline', () => {
    const request = fresh();
    const before = structuredClone(request);
    const nowMs = dueOf(request) + 5;
    const marked = markOverdue(request, 'acceptance', request.due!.at, nowMs);
    expect(ShareRequestSchema.parse(marked)).toEqual(marked);
    expect(request).toEqual(before);
    const at = new Date(nowMs).toISOString();
    expect(marked.overdue).toEqual([{ step: 'acceptance', due: request.due!.at, escalatedAt: at }]);
    expect(marked.state).toBe('submitted');
    expect(marked.due).toEqual(request.due);
    expect(marked.revision).toBe(2);
    expect(marked.updatedAt).toBe(at);
    expect(marked.history.at(-1)).toEqual({
      at,
      actor: SYSTEM_ACTOR,
      event: 'overdue',
      from: 'submitted',
      to: 'submitted',
      reason: `acceptance due ${request.due!.at}`,
    });
  });

  it('refuses a step that is no longer running, since the request changed meanwhile', () => {
    const request = fresh();
    const accepted = drive(request, ['accept']);
    const error = thrown(() =>
      markOverdue(accepted, 'acceptance', request.due!.at, dueOf(request) + 1),
    );
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).code).toBe('conflict');
  });

  it('refuses to mark the same deadline twice', () => {
    const request = fresh();
    const nowMs = dueOf(request) + 1;
    const marked = markOverdue(request, 'acceptance', request.due!.at, nowMs);
    const error = thrown(() => markOverdue(marked, 'acceptance', request.due!.at, nowMs));
    expect((error as DatarunError).code).toBe('conflict');
    expect((error as DatarunError).message).toContain('already marked overdue');
  });
});
