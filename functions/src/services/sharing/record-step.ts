import { deliverNotifications } from './deliver-notifications.ts';
import type { Actor } from '../../core/identity/identity.ts';
import { notificationsFor } from '../../core/sharing/notification.ts';
import type { ShareRequest } from '../../core/sharing/share-request.ts';
import type { SharingDeps } from './sharing-deps.ts';

/**
 * After a request changed: the audit record (who, what, outcome, the states and revision) and
 * the notifications, in the portal and through the messenger. The state is already stored, so
 * a failing notification is logged, not thrown; a failing audit append is thrown (503).
 */
export async function recordStep(
  deps: Pick<SharingDeps, 'audit' | 'notifications' | 'messenger'>,
  step: {
    actor: Actor;
    action: string;
    event: string;
    before?: ShareRequest;
    after: ShareRequest;
    reason?: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const { after } = step;
  await deps.audit.append({
    at: after.updatedAt,
    actor: step.actor,
    action: step.action,
    subject: `share-request:${after.id}`,
    outcome: 'ok',
    ...(step.reason && { reason: step.reason }),
    details: {
      code: after.input.code,
      provider: after.provider,
      requester: after.requester.agency,
      ...(step.before && { from: step.before.state }),
      to: after.state,
      revision: after.revision,
      ...(after.grant && { grant: after.grant.id }),
      ...step.details,
    },
  });
  const notifications = notificationsFor({
    request: after,
    event: step.event,
    at: after.updatedAt,
    ...(step.reason && { reason: step.reason }),
  });
  await deliverNotifications(deps, notifications, { request: after.id });
}
