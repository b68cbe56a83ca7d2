import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { DemandRepository } from '../../core/ports/demand-repository.ts';
import type { Messenger } from '../../core/ports/messenger.ts';
import type { NotificationStore } from '../../core/ports/notification-store.ts';
import type { ShareRequestRepository } from '../../core/ports/share-request-repository.ts';
import type { SharingDeps } from '../sharing/sharing-deps.ts';

/** What the demand and responsibility lists need: storage, the share catalog, a clock, ids. */
export type DemandDeps = {
  demands: DemandRepository;
  /** To check that a grant named as a fulfilment exists and was made by the provider. */
  requests: Pick<ShareRequestRepository, 'byProvider'>;
  audit: AuditLog;
  notifications: NotificationStore;
  messenger: Messenger;
  /** The published entries and agencies: a provider must be a known agency, a link a real entry. */
  shareCatalog: SharingDeps['shareCatalog'];
  now(): number;
  /** A fresh random id with the prefix. */
  newId(prefix: 'dm'): string;
};
