import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { StoredSystemSchema } from '../../core/inventory/information-system.ts';
import type { StoredSystem } from '../../core/inventory/information-system.ts';
import type { SystemRepository } from '../../core/ports/system-repository.ts';
import { RevisionedTable } from './revisioned-table.ts';

/** The information-system inventory in DynamoDB: one item per system, indexed by owner. */
export class DynamoSystemRepository implements SystemRepository {
  private readonly records: RevisionedTable<StoredSystem>;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.records = new RevisionedTable(client, table, {
      noun: 'system',
      toItem: (system) => StoredSystemSchema.parse(system),
      fromItem: (item) => StoredSystemSchema.parse(item),
    });
  }

  create(system: StoredSystem): Promise<void> {
    return this.records.create(system);
  }

  get(id: string): Promise<StoredSystem | undefined> {
    return this.records.get(id);
  }

  replace(next: StoredSystem): Promise<void> {
    return this.records.replace(next);
  }

  byOwner(agency: string): Promise<StoredSystem[]> {
    return this.records.byIndex('byOwner', 'owner', agency, true);
  }

  all(): Promise<StoredSystem[]> {
    return this.records.all();
  }
}
