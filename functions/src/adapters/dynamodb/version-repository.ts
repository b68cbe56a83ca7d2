import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DatasetVersionSchema } from '../../core/schemas/dataset-version.ts';
import type { DatasetVersion } from '../../core/schemas/dataset-version.ts';
import type { VersionRepository } from '../../core/ports/version-repository.ts';
import { conditionally } from './conditional.ts';
import { queryAll, scanAll } from './scan-all.ts';

/** Dataset versions in DynamoDB: partition key the entry code, sort key the version number. */
export class DynamoVersionRepository implements VersionRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async claim(version: DatasetVersion): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: DatasetVersionSchema.parse(version),
            ConditionExpression: 'attribute_not_exists(code)',
          }),
        ),
      `version ${version.version} of ${version.code} is already taken`,
    );
  }

  async takeOver(version: DatasetVersion, previousToken: string): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: DatasetVersionSchema.parse(version),
            ConditionExpression: '#claim.#token = :previous',
            ExpressionAttributeNames: { '#claim': 'claim', '#token': 'token' },
            ExpressionAttributeValues: { ':previous': previousToken },
          }),
        ),
      `version ${version.version} of ${version.code} was taken over by another run`,
    );
  }

  async replace(version: DatasetVersion): Promise<void> {
    await conditionally(
      () =>
        this.client.send(
          new PutCommand({
            TableName: this.table,
            Item: DatasetVersionSchema.parse(version),
            ConditionExpression: 'attribute_exists(code)',
          }),
        ),
      `version ${version.version} of ${version.code} does not exist`,
    );
  }

  async get(code: string, version: number): Promise<DatasetVersion | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: { code, version }, ConsistentRead: true }),
    );
    return Item ? DatasetVersionSchema.parse(Item) : undefined;
  }

  async list(code: string): Promise<DatasetVersion[]> {
    const items = await queryAll(this.client, {
      TableName: this.table,
      KeyConditionExpression: 'code = :code',
      ExpressionAttributeValues: { ':code': code },
      ConsistentRead: true,
    });
    return items.map((item) => DatasetVersionSchema.parse(item));
  }

  async listAll(): Promise<DatasetVersion[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items.map((item) => DatasetVersionSchema.parse(item));
  }
}
