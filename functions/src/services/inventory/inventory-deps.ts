import type { AuditLog } from '../../core/ports/audit-log.ts';
import type { SystemRepository } from '../../core/ports/system-repository.ts';
import type { SharingDeps } from '../sharing/sharing-deps.ts';

/** What the information-system inventory needs: storage, the share catalog, the log, a clock. */
export type InventoryDeps = {
  systems: SystemRepository;
  audit: AuditLog;
  /** The published entries and agencies: an owner must be a known agency, a fed entry real. */
  shareCatalog: SharingDeps['shareCatalog'];
  now(): number;
};
