import type { Config } from '../config.ts';
import type { CatalogRepository } from '../core/ports/catalog-repository.ts';
import type { VersionRepository } from '../core/ports/version-repository.ts';
import type { AgencyRepository } from '../core/ports/agency-repository.ts';
import type { ObjectStore } from '../core/ports/object-store.ts';
import type { ApiKeyRepository } from '../core/ports/api-key-repository.ts';
import type { RateCounter } from '../core/ports/rate-counter.ts';
import type { UsageStore } from '../core/ports/usage-store.ts';
import { createClients } from './clients.ts';
import type { Clients } from './clients.ts';
import { DynamoCatalogRepository } from './dynamodb/catalog-repository.ts';
import { DynamoVersionRepository } from './dynamodb/version-repository.ts';
import { DynamoAgencyRepository } from './dynamodb/agency-repository.ts';
import { DynamoApiKeyRepository } from './dynamodb/api-key-repository.ts';
import { DynamoRateCounter } from './dynamodb/rate-counter.ts';
import { DynamoUsageStore } from './dynamodb/usage-store.ts';
import { S3ObjectStore } from './s3/object-store.ts';

/** Everything the services need from storage. */
export type Stores = {
  catalog: CatalogRepository;
  versions: VersionRepository;
  agencies: AgencyRepository;
  objects: ObjectStore;
  apiKeys: ApiKeyRepository;
  rateCounter: RateCounter;
  usage: UsageStore;
};

/** The composition root: builds every adapter once from validated configuration. */
export function createStores(config: Config, clients: Clients = createClients(config)): Stores {
  return {
    catalog: new DynamoCatalogRepository(clients.dynamodb, config.tables.catalog),
    versions: new DynamoVersionRepository(clients.dynamodb, config.tables.versions),
    agencies: new DynamoAgencyRepository(clients.dynamodb, config.tables.agencies),
    objects: new S3ObjectStore(clients.s3, {
      open: config.buckets.open,
      shared: config.buckets.shared,
      staging: config.buckets.staging,
    }),
    apiKeys: new DynamoApiKeyRepository(clients.dynamodb, config.tables.apiKeys),
    rateCounter: new DynamoRateCounter(clients.dynamodb, config.tables.rateCounters),
    usage: new DynamoUsageStore(clients.dynamodb, config.tables.usage),
  };
}
