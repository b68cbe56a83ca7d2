import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CatalogRecordSchema } from '../../core/schemas/catalog-entry.ts';
import type { CatalogRecord } from '../../core/schemas/catalog-entry.ts';
import type { CatalogRepository } from '../../core/ports/catalog-repository.ts';
import { conditionally } from './conditional.ts';
import { scanAll } from './scan-all.ts';

/** Catalog records in DynamoDB, one item per entry code. */
export class DynamoCatalogRepository implements CatalogRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async get(code: string): Promise<CatalogRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { code }, ConsistentRead: true }),
    );
    return Item ? CatalogRecordSchema.parse(Item) : undefined;
  }

  async save(record: CatalogRecord, expectedRevision: number | undefined): Promise<void> {
    const condition =
      expectedRevision === undefined
        ? { ConditionExpression: 'attribute_not_exists(code)' }
        : {
            ConditionExpression: '#revision = :expected',
            ExpressionAttributeNames: { '#revision': 'revision' },
            ExpressionAttributeValues: { ':expected': expectedRevision },
          };
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: CatalogRecordSchema.parse(record),
            ...condition,
          }),
        ),
      `catalog entry ${record.code} was changed by someone else; run again`,
    );
  }

  async list(): Promise<CatalogRecord[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items
      .map((item) => CatalogRecordSchema.parse(item))
      .sort((a, b) => a.code.localeCompare(b.code));
  }
}
