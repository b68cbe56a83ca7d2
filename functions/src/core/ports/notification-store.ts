import type { Notification } from '../sharing/notification.ts';

/** In-app notifications, per recipient (`user:…`, `agency:…:provider`, `role:reviewer`). */
export interface NotificationStore {
  add(notifications: readonly Notification[]): Promise<void>;
  /** The newest notifications of these recipients, newest first, at most `limit`. */
  list(recipients: readonly string[], limit: number): Promise<Notification[]>;
}
