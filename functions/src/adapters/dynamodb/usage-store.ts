import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UsageCount } from '../../core/access/usage.ts';
import type { UsageStore } from '../../core/ports/usage-store.ts';
import { queryAll } from './scan-all.ts';

/** Daily usage counts in DynamoDB: one item per subject and day, grown with atomic `ADD`s. */
export class DynamoUsageStore implements UsageStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async add({ subject, day, calls, downloads }: UsageCount): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { subject, day },
        UpdateExpression: 'ADD calls :calls, downloads :downloads',
        ExpressionAttributeValues: { ':calls': calls, ':downloads': downloads },
      }),
    );
  }

  async days(subject: string): Promise<UsageCount[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: '#subject = :subject',
      ExpressionAttributeNames: { '#subject': 'subject' },
      ExpressionAttributeValues: { ':subject': subject },
    });
    return items.map((item) => ({
      subject,
      day: String(item.day),
      calls: Number(item.calls ?? 0),
      downloads: Number(item.downloads ?? 0),
    }));
  }
}
