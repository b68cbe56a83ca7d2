import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { Messenger } from '../../core/ports/messenger.ts';
import type { NotificationStore } from '../../core/ports/notification-store.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { ShareRequestRepository } from '../../core/ports/share-request-repository.ts';
import type { Agency } from '../../core/schemas/agency.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';

/** What the sharing workflow needs: storage, the share catalog, the calendar and a clock. */
export type SharingDeps = {
  requests: ShareRequestRepository;
  notifications: NotificationStore;
  messenger: Messenger;
  audit: AuditLog;
  objects: Pick<ObjectStore, 'getStream' | 'putText' | 'presignGet' | 'list' | 'delete'>;
  /** The share catalog as published: every entry an agency may ask for, and the agencies. */
  shareCatalog(): Promise<{
    entries: ReadonlyMap<string, SnapshotEntry>;
    agencies: readonly Agency[];
  }>;
  /** When a step given at `fromMs` is due, counting only working days (Chinese calendar). */
  workingDeadline(fromMs: number, workingDays: number): number;
  now(): number;
  /** A fresh random id with the prefix (`sr`, `gr`). */
  newId(prefix: 'sr' | 'gr'): string;
};
