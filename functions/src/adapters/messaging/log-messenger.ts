import type { Messenger } from '../../core/ports/messenger.ts';
import type { Notification } from '../../core/sharing/notification.ts';

/**
 * The messenger without an e-mail or SMS provider: one structured log line per notification,
 * which is what a local run shows and what CloudWatch keeps on AWS until a provider is plugged in.
 */
export class LogMessenger implements Messenger {
  constructor(private readonly write: (line: string) => void = (line) => console.log(line)) {}

  async send(notifications: readonly Notification[]): Promise<void> {
    for (const notification of notifications)
      this.write(
        JSON.stringify({
          level: 'info',
          message: 'notification',
          to: notification.recipient,
          kind: notification.kind,
          text: notification.message.zh,
          request: notification.request,
        }),
      );
  }
}
