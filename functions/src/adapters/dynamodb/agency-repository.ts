import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AgencySchema } from '../../core/schemas/agency.ts';
import type { Agency } from '../../core/schemas/agency.ts';
import type { AgencyRepository } from '../../core/ports/agency-repository.ts';
import { scanAll } from './scan-all.ts';

/** Agencies in DynamoDB, one item per agency code. */
export class DynamoAgencyRepository implements AgencyRepository {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  async put(agency: Agency): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.table, Item: AgencySchema.parse(agency) }),
    );
  }

  async list(): Promise<Agency[]> {
    const items = await scanAll(this.client, { TableName: this.table, ConsistentRead: true });
    return items
      .map((item) => AgencySchema.parse(item))
      .sort((a, b) => a.code.localeCompare(b.code));
  }
}
