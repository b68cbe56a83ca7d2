import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { RateCounter } from '../../core/ports/rate-counter.ts';
import type { ShareRequestRepository } from '../../core/ports/share-request-repository.ts';
import type { UsageStore } from '../../core/ports/usage-store.ts';
import type { VerifyKeyLedger } from '../../core/ports/verify-key-ledger.ts';
import type { VersionRepository } from '../../core/ports/version-repository.ts';
import type { EntryReader } from '../disputes/dispute-deps.ts';
import type { VerifyIndexCache } from './verify-index-cache.ts';

/** Limits that protect a provider's data from being walked through the verification service. */
export type VerifyLimits = {
  /** Calls one grant may make per minute. */
  callsPerMinute: number;
  /** Distinct keys one grant may ask about per day (Asia/Shanghai). */
  distinctKeysPerDay: number;
};

/** What the verification service (查询/核验) needs: grants, the data, the limits, the log. */
export type VerifyDeps = {
  /** The share requests whose approved `verify` grants entitle a consumer to call. */
  requests: Pick<ShareRequestRepository, 'byRequester' | 'get'>;
  /** The entry's current version and its data.csv. */
  versions: Pick<VersionRepository, 'get'>;
  objects: Pick<ObjectStore, 'getStream'>;
  keys: VerifyKeyLedger;
  counter: RateCounter;
  usage: UsageStore;
  audit: AuditLog;
  /** The share catalog: every published entry, with its verification declaration. */
  shareCatalog: EntryReader;
  limits: VerifyLimits;
  /** Indexes built from the data, kept between calls; one per API instance. */
  indexes: VerifyIndexCache;
  now(): number;
};
