import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ShareRequestSchema } from '../../core/sharing/share-request.ts';
import type { ShareRequest } from '../../core/sharing/share-request.ts';
import type { ShareRequestRepository } from '../../core/ports/share-request-repository.ts';
import { conditionally } from './conditional.ts';
import { queryIndex, scanAll } from './scan-all.ts';

/**
 * Share requests in DynamoDB, one item per request. Besides the record, each item carries the
 * keys of its indexes: the requesting agency, and `open` + `dueAt` while a deadline runs, so the
 * sparse deadline index holds only requests someone must act on.
 */
export class DynamoShareRequestRepository implements ShareRequestRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(request: ShareRequest): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: toItem(request),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      `a share request ${request.id} already exists`,
    );
  }

  async get(id: string): Promise<ShareRequest | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async replace(next: ShareRequest): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: toItem(next),
            ConditionExpression: 'revision = :previous',
            ExpressionAttributeValues: { ':previous': next.revision - 1 },
          }),
        ),
      `share request ${next.id} was changed by someone else meanwhile; reload it and try again`,
    );
  }

  byRequester(agency: string): Promise<ShareRequest[]> {
    return this.byIndex('byRequester', 'requesterAgency', agency, false);
  }

  byProvider(agency: string): Promise<ShareRequest[]> {
    return this.byIndex('byProvider', 'provider', agency, false);
  }

  withDeadline(): Promise<ShareRequest[]> {
    return this.byIndex('byDeadline', 'open', 'open', true);
  }

  async all(): Promise<ShareRequest[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items.map(fromItem);
  }

  private async byIndex(
    name: string,
    key: string,
    value: string,
    ascending: boolean,
  ): Promise<ShareRequest[]> {
    const items = await queryIndex(this.client, this.table, { name, key, value, ascending });
    return items.map(fromItem);
  }
}

const INDEX_ATTRIBUTES = ['requesterAgency', 'open', 'dueAt'] as const;

function toItem(request: ShareRequest): Record<string, unknown> {
  const valid = ShareRequestSchema.parse(request);
  return {
    ...valid,
    requesterAgency: valid.requester.agency,
    ...(valid.due && { open: 'open', dueAt: valid.due.at }),
    // An active grant waits for its expiry: the end of its last day in Shanghai (UTC+8).
    ...(valid.state === 'approved' &&
      valid.grant && { open: 'open', dueAt: `${valid.grant.expiresOn}T15:59:59.999Z` }),
  };
}

function fromItem(item: Record<string, unknown>): ShareRequest {
  const record = { ...item };
  for (const name of INDEX_ATTRIBUTES) delete record[name];
  return ShareRequestSchema.parse(record);
}
