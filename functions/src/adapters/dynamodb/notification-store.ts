import { BatchWriteCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { NotificationSchema } from '../../core/sharing/notification.ts';
import type { Notification } from '../../core/sharing/notification.ts';
import type { NotificationStore } from '../../core/ports/notification-store.ts';

/** DynamoDB writes at most this many items in one batch. */
const BATCH = 25;

/** Notifications in DynamoDB: partition per recipient, sorted by time. */
export class DynamoNotificationStore implements NotificationStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add(notifications: readonly Notification[]): Promise<void> {
    for (let start = 0; start < notifications.length; start += BATCH) {
      let pending: Record<string, unknown>[] = notifications
        .slice(start, start + BATCH)
        .map((notification) => ({ PutRequest: { Item: NotificationSchema.parse(notification) } }));
      // Unprocessed items are retried: a notification must not be dropped silently.
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === 5) throw new Error(`${pending.length} notifications could not be stored`);
        const answer = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: pending } }),
        );
        pending = (answer.UnprocessedItems?.[this.table] ?? []) as Record<string, unknown>[];
      }
    }
  }

  async list(recipients: readonly string[], limit: number): Promise<Notification[]> {
    const pages = await Promise.all(
      recipients.map((recipient) =>
        this.client.send(
          new QueryCommand({
            TableName: this.table,
            KeyConditionExpression: 'recipient = :recipient',
            ExpressionAttributeValues: { ':recipient': recipient },
            ScanIndexForward: false,
            Limit: limit,
          }),
        ),
      ),
    );
    return pages
      .flatMap((page) => page.Items ?? [])
      .map((item) => NotificationSchema.parse(item))
      .sort((a, b) => b.id.localeCompare(a.id))
      .slice(0, limit);
  }
}
