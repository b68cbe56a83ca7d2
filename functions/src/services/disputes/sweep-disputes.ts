import { SYSTEM_ACTOR } from '../../core/identity/identity.ts';
import { markDisputeOverdue, planDisputeSweep } from '../../core/disputes/dispute-sweep.ts';
import { DatarunError } from '../../core/errors.ts';
import type { DisputeDeps } from './dispute-deps.ts';
import { recordDisputeStep } from './record-dispute-step.ts';

/** What one dispute sweep did. */
export type DisputeSweepReport = {
  checked: number;
  overdue: number;
  /** Disputes someone changed while the sweep ran: left for the next sweep. */
  skipped: number;
};

/**
 * The scheduled sweep of disputes (with the share requests' one): marks each open dispute
 * whose verification deadline passed overdue, once per deadline, and escalates it to the
 * reviewers and the provider. Each mark is a conditional write, audited and notified; running
 * it twice changes nothing more.
 */
export async function sweepDisputes(
  deps: Pick<DisputeDeps, 'disputes' | 'audit' | 'notifications' | 'messenger' | 'now'>,
): Promise<DisputeSweepReport> {
  const nowMs = deps.now();
  const disputes = await deps.disputes.withDeadline();
  const report: DisputeSweepReport = { checked: disputes.length, overdue: 0, skipped: 0 };
  for (const action of planDisputeSweep(disputes, nowMs)) {
    const before = disputes.find((dispute) => dispute.id === action.id)!;
    const after = markDisputeOverdue(before, action.due, nowMs);
    try {
      await deps.disputes.replace(after);
    } catch (error) {
      if (error instanceof DatarunError && error.code === 'conflict') {
        report.skipped++;
        continue;
      }
      throw error;
    }
    await recordDisputeStep(deps, {
      actor: SYSTEM_ACTOR,
      action: 'dispute.overdue',
      event: 'overdue',
      before,
      after,
      reason: `verification due ${action.due}`,
      details: { due: action.due },
    });
    report.overdue++;
  }
  return report;
}
