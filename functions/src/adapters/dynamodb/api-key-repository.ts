import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ApiKeyRecordSchema } from '../../core/access/api-key.ts';
import type { ApiKeyRecord } from '../../core/access/api-key.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { ApiKeyRepository } from '../../core/ports/api-key-repository.ts';
import { conditionally } from './conditional.ts';
import { scanAll } from './scan-all.ts';

/** API keys in DynamoDB, one item per key id. */
export class DynamoApiKeyRepository implements ApiKeyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async create(record: ApiKeyRecord): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: ApiKeyRecordSchema.parse(record),
            ConditionExpression: 'attribute_not_exists(id)',
          }),
        ),
      `an API key with id ${record.id} already exists; create another`,
    );
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { id }, ConsistentRead: true }),
    );
    return Item ? ApiKeyRecordSchema.parse(Item) : undefined;
  }

  async list(): Promise<ApiKeyRecord[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items
      .map((item) => ApiKeyRecordSchema.parse(item))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }

  async revoke(id: string, at: string): Promise<ApiKeyRecord> {
    try {
      // The first revocation's time stays: revoking again changes nothing.
      const { Attributes } = await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { id },
          UpdateExpression: 'SET #status = :revoked, revokedAt = if_not_exists(revokedAt, :at)',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'revoked', ':at': at },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return ApiKeyRecordSchema.parse(Attributes);
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException')
        throw new DatarunError(
          problem('not-found', `no API key ${id}; \`datarun key list\` shows the keys`, {
            field: 'id',
          }),
        );
      throw error;
    }
  }
}
