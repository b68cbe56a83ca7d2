import { deliverNotifications } from '../sharing/deliver-notifications.ts';
import type { Dispute } from '../../core/disputes/dispute.ts';
import { disputeNotificationsFor } from '../../core/disputes/dispute-notifications.ts';
import type { Actor } from '../../core/identity/identity.ts';
import type { DisputeDeps } from './dispute-deps.ts';

/**
 * After a dispute changed: the audit record (who, what, the states and revision) under
 * `dispute:{id}`, then the notifications, in the portal and through the messenger. The state
 * is already stored, so a failing notification is logged, not thrown; a failing audit append
 * is thrown (503).
 */
export async function recordDisputeStep(
  deps: Pick<DisputeDeps, 'audit' | 'notifications' | 'messenger'>,
  step: {
    actor: Actor;
    action: string;
    event: string;
    before?: Dispute;
    after: Dispute;
    reason?: string;
    details?: Record<string, unknown>;
  },
): Promise<void> {
  const { after } = step;
  await deps.audit.append({
    at: after.updatedAt,
    actor: step.actor,
    action: step.action,
    subject: `dispute:${after.id}`,
    outcome: 'ok',
    ...(step.reason && { reason: step.reason }),
    details: {
      code: after.input.code,
      version: after.input.version,
      field: after.input.field,
      provider: after.provider,
      reporter: after.reporter.agency,
      ...(step.before && { from: step.before.state }),
      to: after.state,
      revision: after.revision,
      ...(after.due && { dueAt: after.due.at }),
      ...step.details,
    },
  });
  const notifications = disputeNotificationsFor({
    dispute: after,
    event: step.event,
    at: after.updatedAt,
    ...(step.reason && { reason: step.reason }),
  });
  await deliverNotifications(deps, notifications, { dispute: after.id });
}
