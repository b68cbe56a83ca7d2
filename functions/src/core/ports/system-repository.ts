import type { StoredSystem } from '../inventory/information-system.ts';

/** The information-system inventory (信息系统清单), one record per system; revision-guarded. */
export interface SystemRepository {
  /** Stores a new system; a `conflict` DatarunError if its id is taken. */
  create(system: StoredSystem): Promise<void>;
  /** The system, read consistently. */
  get(id: string): Promise<StoredSystem | undefined>;
  /**
   * Replaces the system with `next` only if the stored one is still at `next.revision - 1`;
   * otherwise a `conflict` DatarunError and nothing is written.
   */
  replace(next: StoredSystem): Promise<void>;
  /** The systems one agency owns, by id. */
  byOwner(agency: string): Promise<StoredSystem[]>;
  /** Every system, for the inventory report and the quality figures. */
  all(): Promise<StoredSystem[]>;
}
