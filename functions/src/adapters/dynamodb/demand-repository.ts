import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DemandSchema } from '../../core/demands/demand.ts';
import type { Demand } from '../../core/demands/demand.ts';
import type { DemandRepository } from '../../core/ports/demand-repository.ts';
import { RevisionedTable, withoutAttributes } from './revisioned-table.ts';

const INDEX_ATTRIBUTES = ['requesterAgency', 'createdAt'] as const;

/**
 * Demands in DynamoDB, one item per demand, carrying the keys of its indexes: the requesting
 * agency and the day it was recorded (its first step); `provider` is the record's own field.
 */
export class DynamoDemandRepository implements DemandRepository {
  private readonly records: RevisionedTable<Demand>;

  constructor(client: DynamoDBDocumentClient, table: string) {
    this.records = new RevisionedTable(client, table, {
      noun: 'demand',
      toItem: (demand) => {
        const valid = DemandSchema.parse(demand);
        return {
          ...valid,
          requesterAgency: valid.requester.agency,
          createdAt: valid.history[0]!.at,
        };
      },
      fromItem: (item) => DemandSchema.parse(withoutAttributes(item, INDEX_ATTRIBUTES)),
    });
  }

  create(demand: Demand): Promise<void> {
    return this.records.create(demand);
  }

  get(id: string): Promise<Demand | undefined> {
    return this.records.get(id);
  }

  replace(next: Demand): Promise<void> {
    return this.records.replace(next);
  }

  byRequester(agency: string): Promise<Demand[]> {
    return this.records.byIndex('byRequester', 'requesterAgency', agency, false);
  }

  byProvider(agency: string): Promise<Demand[]> {
    return this.records.byIndex('byProvider', 'provider', agency, false);
  }

  all(): Promise<Demand[]> {
    return this.records.all();
  }
}
