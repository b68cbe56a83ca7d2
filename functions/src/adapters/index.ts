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
import type { ShareRequestRepository } from '../core/ports/share-request-repository.ts';
import type { NotificationStore } from '../core/ports/notification-store.ts';
import type { AuditLog } from '../core/ports/audit-log.ts';
import type { RevokedTokens } from '../core/ports/revoked-tokens.ts';
import { DynamoShareRequestRepository } from './dynamodb/share-request-repository.ts';
import { DynamoNotificationStore } from './dynamodb/notification-store.ts';
import { DynamoAuditLog } from './dynamodb/audit-log.ts';
import { DynamoRevokedTokens } from './dynamodb/revoked-tokens.ts';
import type { Messenger } from '../core/ports/messenger.ts';
import { CN_WORKING_CALENDAR, workingDeadline } from '../core/calendar/working-calendar.ts';
import type { SharingDeps } from '../services/sharing/sharing-deps.ts';
import { newId } from '../services/sharing/new-id.ts';
import { LogMessenger } from './messaging/log-messenger.ts';
import type { FederationStore } from '../core/ports/federation-store.ts';
import { S3FederationStore } from './s3/federation-store.ts';
import type { DisputeRepository } from '../core/ports/dispute-repository.ts';
import { DynamoDisputeRepository } from './dynamodb/dispute-repository.ts';
import type { DisputeDeps } from '../services/disputes/dispute-deps.ts';
import type { DemandRepository } from '../core/ports/demand-repository.ts';
import { DynamoDemandRepository } from './dynamodb/demand-repository.ts';
import type { SystemRepository } from '../core/ports/system-repository.ts';
import { DynamoSystemRepository } from './dynamodb/system-repository.ts';
import type { VerifyKeyLedger } from '../core/ports/verify-key-ledger.ts';
import { DynamoVerifyKeyLedger } from './dynamodb/verify-key-ledger.ts';
import type { VerifyDeps, VerifyLimits } from '../services/verify/verify-deps.ts';
import { VerifyIndexCache } from '../services/verify/verify-index-cache.ts';
import type { DemandDeps } from '../services/demands/demand-deps.ts';
import type { InventoryDeps } from '../services/inventory/inventory-deps.ts';
import { newStatusToken } from '../services/disputes/status-token.ts';

/** Everything the services need from storage. */
export type Stores = {
  catalog: CatalogRepository;
  versions: VersionRepository;
  agencies: AgencyRepository;
  objects: ObjectStore;
  apiKeys: ApiKeyRepository;
  rateCounter: RateCounter;
  usage: UsageStore;
  shareRequests: ShareRequestRepository;
  disputes: DisputeRepository;
  demands: DemandRepository;
  systems: SystemRepository;
  verifyKeys: VerifyKeyLedger;
  notifications: NotificationStore;
  audit: AuditLog;
  revokedTokens: RevokedTokens;
  federation: FederationStore;
};

/** The composition root: builds every adapter once from validated configuration. */
export function createStores(config: Config, clients: Clients = createClients(config)): Stores {
  const objects = new S3ObjectStore(clients.s3, {
    open: config.buckets.open,
    shared: config.buckets.shared,
    staging: config.buckets.staging,
  });
  return {
    catalog: new DynamoCatalogRepository(clients.dynamodb, config.tables.catalog),
    versions: new DynamoVersionRepository(clients.dynamodb, config.tables.versions),
    agencies: new DynamoAgencyRepository(clients.dynamodb, config.tables.agencies),
    objects,
    apiKeys: new DynamoApiKeyRepository(clients.dynamodb, config.tables.apiKeys),
    rateCounter: new DynamoRateCounter(clients.dynamodb, config.tables.rateCounters),
    usage: new DynamoUsageStore(clients.dynamodb, config.tables.usage),
    shareRequests: new DynamoShareRequestRepository(clients.dynamodb, config.tables.shareRequests),
    disputes: new DynamoDisputeRepository(clients.dynamodb, config.tables.disputes),
    demands: new DynamoDemandRepository(clients.dynamodb, config.tables.demands),
    systems: new DynamoSystemRepository(clients.dynamodb, config.tables.systems),
    verifyKeys: new DynamoVerifyKeyLedger(clients.dynamodb, config.tables.verifyKeys),
    notifications: new DynamoNotificationStore(clients.dynamodb, config.tables.notifications),
    audit: new DynamoAuditLog(clients.dynamodb, config.tables.audit, config.auditHash),
    revokedTokens: new DynamoRevokedTokens(clients.dynamodb, config.tables.revokedTokens),
    federation: new S3FederationStore(objects),
  };
}

/**
 * What the sharing workflow needs, over the stores: the Chinese working-day calendar, a
 * messenger that logs (no e-mail or SMS provider is configured), random ids and a clock.
 * The share catalog is added by whoever reads it (the API's snapshot cache, the sweeper).
 */
export function createSharingDeps(
  stores: Stores,
  options: { now?: () => number; messenger?: Messenger } = {},
): Omit<SharingDeps, 'shareCatalog'> {
  return {
    requests: stores.shareRequests,
    notifications: stores.notifications,
    audit: stores.audit,
    objects: stores.objects,
    messenger: options.messenger ?? new LogMessenger(),
    workingDeadline: (fromMs, days) => workingDeadline(CN_WORKING_CALENDAR, fromMs, days),
    now: options.now ?? Date.now,
    newId,
  };
}

/**
 * What the dispute workflow needs, over the stores: as for sharing, the working-day calendar,
 * a messenger that logs, a clock, and random status-link secrets. The catalogs are added by
 * whoever reads them (the API's snapshot caches); the sweeper needs none.
 */
export function createDisputeDeps(
  stores: Stores,
  options: { now?: () => number; messenger?: Messenger } = {},
): Omit<DisputeDeps, 'publicCatalog' | 'shareCatalog'> {
  return {
    disputes: stores.disputes,
    versions: stores.versions,
    objects: stores.objects,
    audit: stores.audit,
    notifications: stores.notifications,
    messenger: options.messenger ?? new LogMessenger(),
    workingDeadline: (fromMs, days) => workingDeadline(CN_WORKING_CALENDAR, fromMs, days),
    now: options.now ?? Date.now,
    newToken: newStatusToken,
  };
}

/** Calls per minute and distinct keys per day one verification grant may use by default. */
export const DEFAULT_VERIFY_LIMITS: VerifyLimits = {
  callsPerMinute: 60,
  distinctKeysPerDay: 10_000,
};

/** What the verification service needs, over the stores; the share catalog is added by the API. */
export function createVerifyDeps(
  stores: Stores,
  options: { now?: () => number; limits?: VerifyLimits } = {},
): Omit<VerifyDeps, 'shareCatalog'> {
  return {
    requests: stores.shareRequests,
    versions: stores.versions,
    objects: stores.objects,
    keys: stores.verifyKeys,
    indexes: new VerifyIndexCache(),
    counter: stores.rateCounter,
    usage: stores.usage,
    audit: stores.audit,
    limits: options.limits ?? DEFAULT_VERIFY_LIMITS,
    now: options.now ?? Date.now,
  };
}

/** What the demand lists need, over the stores; the share catalog is added by the API. */
export function createDemandDeps(
  stores: Stores,
  options: { now?: () => number; messenger?: Messenger } = {},
): Omit<DemandDeps, 'shareCatalog'> {
  return {
    demands: stores.demands,
    requests: stores.shareRequests,
    audit: stores.audit,
    notifications: stores.notifications,
    messenger: options.messenger ?? new LogMessenger(),
    now: options.now ?? Date.now,
    newId: (prefix) => newId(prefix),
  };
}

/** What the information-system inventory needs, over the stores. */
export function createInventoryDeps(
  stores: Stores,
  options: { now?: () => number } = {},
): Omit<InventoryDeps, 'shareCatalog'> {
  return { systems: stores.systems, audit: stores.audit, now: options.now ?? Date.now };
}
