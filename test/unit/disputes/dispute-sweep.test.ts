import { describe, expect, it } from 'vitest';
import type { Dispute } from '../../../functions/src/core/disputes/dispute.ts';
import {
  allowedEvents,
  applyDisputeEvent,
} from '../../../functions/src/core/disputes/dispute-machine.ts';
import {
  markDisputeOverdue,
  planDisputeSweep,
} from '../../../functions/src/core/disputes/dispute-sweep.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { REPORTED_AT, by, candidate, reported } from './support.ts';

/** Marks everything the plan names, as the sweeper would. */
function sweep(disputes: Dispute[], nowMs: number): Dispute[] {
  const plan = planDisputeSweep(disputes, nowMs);
  return disputes.map((dispute) => {
    const action = plan.find((a) => a.id === dispute.id);
    return action ? markDisputeOverdue(dispute, action.due, nowMs) : dispute;
  });
}

describe('planDisputeSweep', () => {
  const dispute = reported();
  const due = Date.parse(dispute.due!.at);

  it('plans nothing at the deadline itself, and the mark 1 ms after', () => {
    expect(planDisputeSweep([dispute], due)).toEqual([]);
    expect(planDisputeSweep([dispute], due + 1)).toEqual([
      { id: dispute.id, due: dispute.due!.at },
    ]);
  });

  it('plans nothing more on a rerun, however late', () => {
    const [marked] = sweep([dispute], due + 1);
    expect(marked!.overdue).toEqual([
      { due: dispute.due!.at, escalatedAt: new Date(due + 1).toISOString() },
    ]);
    expect(planDisputeSweep([marked!], due + 1)).toEqual([]);
    expect(planDisputeSweep([marked!], due + 30 * 86_400_000)).toEqual([]);
  });

  it('keeps the mark when the clock is moved back after marking', () => {
    const [marked] = sweep([dispute], due + 60_000);
    const [after] = sweep([marked!], REPORTED_AT);
    expect(after).toBe(marked);
    expect(after!.overdue).toHaveLength(1);
    // The deadline stays passed: the provider can no longer extend it.
    expect(allowedEvents(after!, REPORTED_AT)).not.toContain('extend');
  });

  it('leaves final disputes and candidates, which have no deadline running, alone', () => {
    const rejected = applyDisputeEvent(
      dispute,
      { type: 'reject', reason: '数据与原始登记一致' },
      by(REPORTED_AT + 1),
    );
    expect(planDisputeSweep([rejected, candidate()], due + 86_400_000)).toEqual([]);
  });

  it('marks an extended deadline once it passes in turn', () => {
    const extended = applyDisputeEvent(
      dispute,
      { type: 'extend', reason: '需核对原始记录' },
      by(REPORTED_AT + 1),
    );
    const extendedDue = Date.parse(extended.due!.at);
    expect(planDisputeSweep([extended], due + 1)).toEqual([]);
    expect(planDisputeSweep([extended], extendedDue + 1)).toEqual([
      { id: extended.id, due: extended.due!.at },
    ]);
  });
});

describe('markDisputeOverdue', () => {
  const dispute = reported();
  const due = dispute.due!.at;

  it('adds one platform step and one revision, and keeps the state and the deadline', () => {
    const marked = markDisputeOverdue(dispute, due, Date.parse(due) + 1);
    expect(marked.revision).toBe(dispute.revision + 1);
    expect(marked.state).toBe('reported');
    expect(marked.due).toEqual(dispute.due);
    expect(marked.history.at(-1)).toMatchObject({
      event: 'overdue',
      actor: { role: 'system' },
      reason: `verification due ${due}`,
    });
  });

  it('dates the mark at the last change when the clock is behind it', () => {
    const verified = applyDisputeEvent(dispute, { type: 'verify' }, by(Date.parse(due) + 5000));
    const marked = markDisputeOverdue(verified, due, Date.parse(due) + 1);
    expect(marked.overdue[0]!.escalatedAt).toBe(verified.updatedAt);
  });

  it('refuses a second mark of the same deadline, and a deadline that no longer runs', () => {
    const marked = markDisputeOverdue(dispute, due, Date.parse(due) + 1);
    expect(() => markDisputeOverdue(marked, due, Date.parse(due) + 2)).toThrow(DatarunError);
    expect(() => markDisputeOverdue(dispute, '2030-01-01T00:00:00.000Z', Date.now())).toThrow(
      /no longer waits/,
    );
  });
});
