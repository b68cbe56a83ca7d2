import { DatarunError, problem } from '../errors.ts';
import { SYSTEM_ACTOR } from '../identity/identity.ts';
import type { DeadlineStep, ShareRequest } from './share-request.ts';
import { shanghaiDay } from '../calendar/working-calendar.ts';

/** One thing the deadline sweeper must do to one request. */
export type SweepAction =
  | { kind: 'overdue'; id: string; step: DeadlineStep; due: string }
  | { kind: 'expire'; id: string }
  | { kind: 'lapse'; id: string };

/** True when the request's running step is past due and not yet marked overdue. */
function unmarkedOverdue(request: ShareRequest, nowMs: number): boolean {
  const due = request.due;
  return (
    due !== undefined &&
    Date.parse(due.at) < nowMs &&
    !request.overdue.some((o) => o.step === due.step && o.due === due.at)
  );
}

/**
 * What the sweeper must do at `nowMs`, at most one action per request, in the order given:
 * `expire` an approved grant once today (Shanghai) is after its last day; `lapse` a returned
 * request once its correction deadline passed (a correction is the requester's step, so it
 * closes rather than being escalated); `overdue` for an acceptance or decision past its
 * deadline that is not yet marked. A plan applied and planned again yields nothing new.
 */
export function planSweep(requests: readonly ShareRequest[], nowMs: number): SweepAction[] {
  const today = shanghaiDay(nowMs);
  const actions: SweepAction[] = [];
  for (const request of requests) {
    const { id, due } = request;
    if (request.state === 'approved' && request.grant && today > request.grant.expiresOn)
      actions.push({ kind: 'expire', id });
    else if (request.state === 'returned' && due && Date.parse(due.at) < nowMs)
      actions.push({ kind: 'lapse', id });
    else if (due && due.step !== 'correction' && unmarkedOverdue(request, nowMs))
      actions.push({ kind: 'overdue', id, step: due.step, due: due.at });
  }
  return actions;
}

/**
 * The request with its running step marked overdue and escalated at `nowMs`: `overdue`
 * appended, revision + 1, a history step `overdue` by the platform, state and deadline kept.
 * Throws `conflict` when that step is no longer the one running or is already marked, since
 * the request changed after the sweep read it.
 */
export function markOverdue(
  request: ShareRequest,
  step: DeadlineStep,
  due: string,
  nowMs: number,
): ShareRequest {
  const running = request.due;
  if (!running || running.step !== step || running.at !== due)
    throw new DatarunError(
      problem(
        'conflict',
        `share request ${request.id} no longer waits for ${step} due ${due}; it is ${request.state}`,
        { field: 'due' },
      ),
    );
  if (request.overdue.some((o) => o.step === step && o.due === due))
    throw new DatarunError(
      problem('conflict', `share request ${request.id} is already marked overdue for ${step}`, {
        field: 'overdue',
      }),
    );
  const at = new Date(nowMs).toISOString();
  return {
    ...request,
    revision: request.revision + 1,
    updatedAt: at,
    overdue: [...request.overdue, { step, due, escalatedAt: at }],
    history: [
      ...request.history,
      {
        at,
        actor: { ...SYSTEM_ACTOR },
        event: 'overdue',
        from: request.state,
        to: request.state,
        reason: `${step} due ${due}`,
      },
    ],
  };
}
