import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { conditionally } from './conditional.ts';
import { queryIndex, scanAll } from './scan-all.ts';

/** How a record becomes an item and back; `noun` names it in conflict messages. */
export type ItemCodec<T extends { id: string; revision: number }> = {
  noun: string;
  /** The record (validated) with the attributes its indexes need. */
  toItem(record: T): Record<string, unknown>;
  /** The record again, index attributes removed, validated. */
  fromItem(item: Record<string, unknown>): T;
};

/**
 * One DynamoDB table of whole records keyed by `id`, each write guarded by the record's
 * revision: a create fails when the id is taken, a replace when someone else wrote first.
 */
export class RevisionedTable<T extends { id: string; revision: number }> {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly codec: ItemCodec<T>,
  ) {}

  /** Stores a new record; a `conflict` DatarunError if its id is taken. */
  async create(record: T): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: this.codec.toItem(record),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      `a ${this.codec.noun} ${record.id} already exists`,
    );
  }

  /** The record, read consistently. */
  async get(id: string): Promise<T | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }),
    );
    return Item ? this.codec.fromItem(Item) : undefined;
  }

  /** Replaces the record if the stored one is still at `next.revision - 1`; else `conflict`. */
  async replace(next: T): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: this.codec.toItem(next),
            ConditionExpression: 'revision = :previous',
            ExpressionAttributeValues: { ':previous': next.revision - 1 },
          }),
        ),
      `${this.codec.noun} ${next.id} was changed by someone else meanwhile; reload it and try again`,
    );
  }

  /** Every record of a secondary index whose partition key `key` is `value`. */
  async byIndex(name: string, key: string, value: string, ascending: boolean): Promise<T[]> {
    const items = await queryIndex(this.client, this.table, { name, key, value, ascending });
    return items.map((item) => this.codec.fromItem(item));
  }

  /** Every record in the table. */
  async all(): Promise<T[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items.map((item) => this.codec.fromItem(item));
  }
}

/** A copy of an item without the attributes only its indexes need. */
export function withoutAttributes(
  item: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const record = { ...item };
  for (const name of names) delete record[name];
  return record;
}
