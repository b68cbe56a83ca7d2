import type { Dispute } from '../../core/disputes/dispute.ts';
import { applyDisputeEvent, checkAllowed } from '../../core/disputes/dispute-machine.ts';
import type { DisputeEvent } from '../../core/disputes/dispute-machine.ts';
import { DISPUTE_EVENT_ACTIONS, disputeResource } from '../../core/disputes/dispute-views.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Actor, Identity } from '../../core/identity/identity.ts';
import { guard } from '../sharing/guard.ts';
import type { DisputeDeps } from './dispute-deps.ts';
import { recordDisputeStep } from './record-dispute-step.ts';

/** The dispute, read consistently; a 404 naming the id when there is none. */
export async function loadDispute(
  deps: Pick<DisputeDeps, 'disputes'>,
  id: string,
): Promise<Dispute> {
  const dispute = await deps.disputes.get(id);
  if (!dispute) throw new DatarunError(problem('not-found', `no dispute ${id}`, { field: 'id' }));
  return dispute;
}

/**
 * One provider's step in a dispute's life (confirm, dismiss, verify, extend, correct, reject):
 * the policy decides who, the state machine what, and the write is conditional on the
 * revision read, so of two people deciding at once exactly one wins and the other gets a 409
 * with nothing changed. Audited under `dispute:{id}` and notified.
 */
export async function stepDispute(
  deps: DisputeDeps,
  identity: Identity | undefined,
  id: string,
  event: DisputeEvent,
): Promise<Dispute> {
  const before = await loadDispute(deps, id);
  const action = DISPUTE_EVENT_ACTIONS[event.type];
  const actor = await guard(deps, identity, action, disputeResource(before), `dispute:${id}`);
  const after = applyDisputeEvent(before, event, {
    actor,
    nowMs: deps.now(),
    workingDeadline: deps.workingDeadline,
  });
  await deps.disputes.replace(after);
  await recordDisputeStep(deps, {
    actor,
    action,
    event: event.type,
    before,
    after,
    ...('reason' in event && { reason: after.history.at(-1)!.reason }),
    ...(event.type === 'correct' && {
      details: {
        correctedVersion: event.correction.version,
        basedOn: event.correction.basedOn,
        changes: event.correction.changes.length,
      },
    }),
  });
  return after;
}

/**
 * Whether this person may correct the dispute now, before anything is published: the policy's
 * refusal (401/403, audited like any) or the state's (409) is thrown; otherwise the dispute as
 * read and the acting person. The correction itself is then recorded with `stepDispute`.
 */
export async function checkCanCorrect(
  deps: DisputeDeps,
  identity: Identity | undefined,
  id: string,
): Promise<{ dispute: Dispute; actor: Actor }> {
  const dispute = await loadDispute(deps, id);
  const actor = await guard(
    deps,
    identity,
    DISPUTE_EVENT_ACTIONS.correct,
    disputeResource(dispute),
    `dispute:${id}`,
  );
  checkAllowed(dispute, 'correct', deps.now());
  return { dispute, actor };
}
