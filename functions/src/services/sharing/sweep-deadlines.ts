import { DatarunError } from '../../core/errors.ts';
import { SYSTEM_ACTOR } from '../../core/identity/identity.ts';
import { applyEvent } from '../../core/sharing/share-request-machine.ts';
import { markOverdue, planSweep } from '../../core/sharing/share-sweep.ts';
import type { SweepAction } from '../../core/sharing/share-sweep.ts';
import type { ShareRequest } from '../../core/sharing/share-request.ts';
import { deleteExtracts } from './extract-grant.ts';
import { recordStep } from './record-step.ts';
import { rulesFor } from './share-request-entry.ts';
import type { SharingDeps } from './sharing-deps.ts';

/** What one sweep did. */
export type SweepReport = {
  checked: number;
  overdue: number;
  expired: number;
  lapsed: number;
  /** Requests someone changed while the sweep ran: left for the next sweep. */
  skipped: number;
};

/**
 * The scheduled sweep (EventBridge on AWS, a timer locally): marks steps past their deadline
 * overdue and escalates them to the reviewers, ends grants past their expiry (deleting their
 * extracts) and closes returned requests never corrected. Each change is a conditional write,
 * audited and notified; running it twice changes nothing more.
 */
export async function sweepDeadlines(deps: SharingDeps): Promise<SweepReport> {
  const nowMs = deps.now();
  const requests = await deps.requests.withDeadline();
  const report: SweepReport = {
    checked: requests.length,
    overdue: 0,
    expired: 0,
    lapsed: 0,
    skipped: 0,
  };
  const actions = planSweep(requests, nowMs);
  // Nothing due: the share catalog is not read, so a platform with nothing published sweeps fine.
  if (actions.length === 0) return report;
  const { agencies } = await deps.shareCatalog();
  for (const action of actions) {
    const before = requests.find((request) => request.id === action.id)!;
    const after = apply(before, action, nowMs, (provider) => rulesFor(agencies, provider), deps);
    try {
      await deps.requests.replace(after);
    } catch (error) {
      if (error instanceof DatarunError && error.code === 'conflict') {
        report.skipped++;
        continue;
      }
      throw error;
    }
    if (action.kind === 'expire' && before.grant) await deleteExtracts(deps, before.grant.id);
    await recordStep(deps, {
      actor: SYSTEM_ACTOR,
      action: `share-request.${action.kind}`,
      event: action.kind,
      before,
      after,
      ...(action.kind === 'overdue' && {
        reason: `${action.step} due ${action.due}`,
        details: { step: action.step, due: action.due },
      }),
    });
    if (action.kind === 'overdue') report.overdue++;
    else if (action.kind === 'expire') report.expired++;
    else report.lapsed++;
  }
  return report;
}

function apply(
  request: ShareRequest,
  action: SweepAction,
  nowMs: number,
  rules: (provider: string) => ReturnType<typeof rulesFor>,
  deps: Pick<SharingDeps, 'workingDeadline'>,
): ShareRequest {
  if (action.kind === 'overdue') return markOverdue(request, action.step, action.due, nowMs);
  return applyEvent(
    request,
    { type: action.kind },
    {
      actor: SYSTEM_ACTOR,
      nowMs,
      rules: rules(request.provider),
      workingDeadline: deps.workingDeadline,
    },
  );
}
