import type { Demand } from '../../core/demands/demand.ts';
import { demandNotificationsFor } from '../../core/demands/demand-notifications.ts';
import type { Actor } from '../../core/identity/identity.ts';
import { deliverNotifications } from '../sharing/deliver-notifications.ts';
import type { DemandDeps } from './demand-deps.ts';

/**
 * After a demand changed: the audit record (who, what, the states and revision) under
 * `demand:{id}`, then the notifications to whoever acts next, in the portal and through the
 * messenger. The state is already stored, so a failing notification is logged, not thrown; a
 * failing audit append is thrown (503).
 */
export async function recordDemandStep(
  deps: Pick<DemandDeps, 'audit' | 'notifications' | 'messenger'>,
  step: { actor: Actor; action: string; event: string; before?: Demand; after: Demand },
): Promise<void> {
  const { after } = step;
  const last = after.history.at(-1)!;
  await deps.audit.append({
    at: last.at,
    actor: step.actor,
    action: step.action,
    subject: `demand:${after.id}`,
    outcome: 'ok',
    ...(last.reason && { reason: last.reason }),
    details: {
      title: after.input.title,
      requester: after.requester.agency,
      ...((after.provider ?? step.before?.provider) && {
        provider: after.provider ?? step.before?.provider,
      }),
      ...(step.before && { from: step.before.state }),
      to: after.state,
      revision: after.revision,
      ...(step.event === 'accept' &&
        after.responsibility && {
          kind: after.responsibility.kind,
          dueOn: after.responsibility.dueOn,
        }),
      ...(step.event === 'fulfil' && after.fulfilment && { link: after.fulfilment.link }),
    },
  });
  const notifications = demandNotificationsFor({
    demand: after,
    event: step.event,
    at: last.at,
    ...(last.reason && { reason: last.reason }),
  });
  await deliverNotifications(deps, notifications, { demand: after.id });
}
