import type { Messenger } from '../../core/ports/messenger.ts';
import type { NotificationStore } from '../../core/ports/notification-store.ts';
import type { Notification } from '../../core/sharing/notification.ts';

/**
 * Stores notifications for the portal and hands them to the messenger. The step they tell of
 * is already stored and audited, so a failure is logged (naming what it was about), not thrown.
 */
export async function deliverNotifications(
  deps: { notifications: NotificationStore; messenger: Messenger },
  notifications: readonly Notification[],
  about: Record<string, string>,
): Promise<void> {
  if (notifications.length === 0) return;
  try {
    await deps.notifications.add(notifications);
    await deps.messenger.send(notifications);
  } catch (error) {
    console.warn(
      JSON.stringify({
        level: 'warn',
        message: 'notifications not delivered',
        ...about,
        error: (error as Error).message,
      }),
    );
  }
}
