import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { DisputeRepository } from '../../core/ports/dispute-repository.ts';
import type { Messenger } from '../../core/ports/messenger.ts';
import type { NotificationStore } from '../../core/ports/notification-store.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { VersionRepository } from '../../core/ports/version-repository.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';

/** Published entries by code, as a catalog snapshot lists them. */
export type EntryReader = () => Promise<ReadonlyMap<string, SnapshotEntry>>;

/** What the dispute workflow needs: storage, the two catalogs, the calendar, a clock, secrets. */
export type DisputeDeps = {
  disputes: DisputeRepository;
  /** A reported version's record, for where its data is. */
  versions: Pick<VersionRepository, 'get'>;
  /** A reported version's data.csv. */
  objects: Pick<ObjectStore, 'getStream'>;
  audit: AuditLog;
  notifications: NotificationStore;
  messenger: Messenger;
  /** The public catalog: the entries anyone may report on. */
  publicCatalog: EntryReader;
  /** The share catalog: every published entry, for signed-in staff. */
  shareCatalog: EntryReader;
  /** When a deadline counted from `fromMs` falls, in working days (Chinese calendar). */
  workingDeadline(fromMs: number, workingDays: number): number;
  now(): number;
  /** A fresh secret for a reporter's status link. */
  newToken(): string;
};
