import type { Notification } from '../sharing/notification.ts';

/**
 * Sends notifications beyond the portal (e-mail, SMS). Locally it writes a log line; an
 * operator plugs a provider (SES, SMS gateway) in behind this port on AWS.
 */
export interface Messenger {
  send(notifications: readonly Notification[]): Promise<void>;
}
