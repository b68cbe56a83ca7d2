import { DatarunError, problem } from '../errors.ts';
import { SYSTEM_ACTOR } from '../identity/identity.ts';
import type { Dispute } from './dispute.ts';
import { isFinalDispute, stepInstant } from './dispute-machine.ts';

/** One open dispute the sweeper must mark overdue and escalate: which, and which deadline. */
export type DisputeSweepAction = { id: string; due: string };

/** True when the running deadline is past at `nowMs` and not yet marked. */
function unmarkedOverdue(dispute: Dispute, nowMs: number): boolean {
  const due = dispute.due;
  return (
    due !== undefined &&
    !isFinalDispute(dispute.state) &&
    Date.parse(due.at) < nowMs &&
    !dispute.overdue.some((mark) => mark.due === due.at)
  );
}

/**
 * The disputes to mark overdue at `nowMs`, in the order given: open ones whose verification
 * deadline has passed (a deadline is met up to and including its instant) and that are not
 * marked for it yet. A plan applied and planned again yields nothing; a clock moved back
 * plans nothing new and takes no mark away.
 */
export function planDisputeSweep(
  disputes: readonly Dispute[],
  nowMs: number,
): DisputeSweepAction[] {
  return disputes
    .filter((dispute) => unmarkedOverdue(dispute, nowMs))
    .map((dispute) => ({ id: dispute.id, due: dispute.due!.at }));
}

/**
 * The dispute marked overdue and escalated: `overdue` gets the deadline, revision + 1, a
 * history step `overdue` by the platform, state and deadline kept. Dated like any step, never
 * before the last change. Throws `conflict` when that deadline no longer runs or is already
 * marked, since the dispute changed after the sweep read it.
 */
export function markDisputeOverdue(dispute: Dispute, due: string, nowMs: number): Dispute {
  if (isFinalDispute(dispute.state) || dispute.due?.at !== due)
    throw new DatarunError(
      problem(
        'conflict',
        `dispute ${dispute.id} no longer waits for verification due ${due}; it is ${dispute.state}`,
        { field: 'due' },
      ),
    );
  if (dispute.overdue.some((mark) => mark.due === due))
    throw new DatarunError(
      problem('conflict', `dispute ${dispute.id} is already marked overdue for ${due}`, {
        field: 'overdue',
      }),
    );
  const at = new Date(stepInstant(dispute, nowMs)).toISOString();
  return {
    ...dispute,
    revision: dispute.revision + 1,
    updatedAt: at,
    overdue: [...dispute.overdue, { due, escalatedAt: at }],
    history: [
      ...dispute.history,
      {
        at,
        actor: { ...SYSTEM_ACTOR },
        event: 'overdue',
        from: dispute.state,
        to: dispute.state,
        reason: `verification due ${due}`,
      },
    ],
  };
}
