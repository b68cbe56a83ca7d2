import { authorize } from '../access/policy.ts';
import type { PolicyAction, PolicyResource } from '../access/policy.ts';
import type { Identity } from '../identity/identity.ts';
import { SHARE_EVENT_TYPES, allowedEvents } from './share-request-machine.ts';
import type { ShareEventType } from './share-request-machine.ts';
import type { ShareRequest } from './share-request.ts';

/** The events people send; `expire` and `lapse` (and `overdue` marks) are the platform's own. */
export type PersonEvent = Exclude<ShareEventType, 'expire' | 'lapse'>;
export const PERSON_EVENTS: readonly PersonEvent[] = SHARE_EVENT_TYPES.filter(
  (event): event is PersonEvent => event !== 'expire' && event !== 'lapse',
);

/** The policy action each event needs. */
export const EVENT_ACTIONS: Record<PersonEvent, PolicyAction> = {
  accept: 'share-request.accept',
  return: 'share-request.return',
  resubmit: 'share-request.resubmit',
  withdraw: 'share-request.withdraw',
  approve: 'share-request.approve',
  reject: 'share-request.reject',
  revoke: 'share-request.revoke',
};

/**
 * What this person may do with this request now: the events its state allows then that the policy
 * lets them send, and `extract` while a grant of data is active. The portal shows only these
 * buttons.
 */
export function availableActions(
  identity: Identity,
  request: ShareRequest,
  resource: PolicyResource,
  nowMs: number,
): string[] {
  const allowedByState: readonly string[] = allowedEvents(request, nowMs);
  const actions: string[] = PERSON_EVENTS.filter(
    (event) =>
      allowedByState.includes(event) && authorize(identity, EVENT_ACTIONS[event], resource).allow,
  );
  // A grant of the verification service answers verification calls and never hands out data.
  if (
    request.state === 'approved' &&
    request.input.service !== 'verify' &&
    authorize(identity, 'grant.download', resource).allow
  )
    actions.push('extract');
  return actions;
}
