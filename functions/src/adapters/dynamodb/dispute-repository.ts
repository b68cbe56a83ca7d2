import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DisputeSchema } from '../../core/disputes/dispute.ts';
import type { Dispute } from '../../core/disputes/dispute.ts';
import { isFinalDispute } from '../../core/disputes/dispute-machine.ts';
import type { DisputeRepository } from '../../core/ports/dispute-repository.ts';
import { conditionally } from './conditional.ts';
import { queryIndex, scanAll } from './scan-all.ts';

/**
 * Disputes in DynamoDB, one item per dispute. Besides the record, each item carries the keys
 * of its indexes: the entry's `code`, and `open` + `dueAt` while a verification deadline runs,
 * so the sparse deadline index holds only disputes a provider must still answer.
 */
export class DynamoDisputeRepository implements DisputeRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(dispute: Dispute): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: toItem(dispute),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      `a dispute ${dispute.id} already exists`,
    );
  }

  async get(id: string): Promise<Dispute | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }),
    );
    return Item ? fromItem(Item) : undefined;
  }

  async replace(next: Dispute): Promise<void> {
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
      `dispute ${next.id} was changed by someone else meanwhile; reload it and try again`,
    );
  }

  byProvider(agency: string): Promise<Dispute[]> {
    return this.byIndex('byProvider', 'provider', agency, false);
  }

  byCode(code: string): Promise<Dispute[]> {
    return this.byIndex('byCode', 'code', code, false);
  }

  withDeadline(): Promise<Dispute[]> {
    return this.byIndex('byDeadline', 'open', 'open', true);
  }

  async all(): Promise<Dispute[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items.map(fromItem);
  }

  private async byIndex(
    name: string,
    key: string,
    value: string,
    ascending: boolean,
  ): Promise<Dispute[]> {
    const items = await queryIndex(this.client, this.table, { name, key, value, ascending });
    return items.map(fromItem);
  }
}

const INDEX_ATTRIBUTES = ['code', 'open', 'dueAt'] as const;

function toItem(dispute: Dispute): Record<string, unknown> {
  const valid = DisputeSchema.parse(dispute);
  return {
    ...valid,
    code: valid.input.code,
    ...(valid.due && !isFinalDispute(valid.state) && { open: 'open', dueAt: valid.due.at }),
  };
}

function fromItem(item: Record<string, unknown>): Dispute {
  const record = { ...item };
  for (const name of INDEX_ATTRIBUTES) delete record[name];
  return DisputeSchema.parse(record);
}
