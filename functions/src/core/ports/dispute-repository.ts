import type { Dispute } from '../disputes/dispute.ts';

/** Disputes, stored whole; every change is guarded by the revision it was read at. */
export interface DisputeRepository {
  /**
   * Stores a new dispute; a `conflict` DatarunError if its id is taken. Ids are derived from
   * what makes two reports the same, so this is also how a repeated report is caught.
   */
  create(dispute: Dispute): Promise<void>;
  /** The dispute, read consistently. */
  get(id: string): Promise<Dispute | undefined>;
  /**
   * Replaces the dispute with `next` only if the stored one is still at `next.revision - 1`;
   * otherwise a `conflict` DatarunError and nothing is written.
   */
  replace(next: Dispute): Promise<void>;
  /** Disputes about a providing agency's data, newest first. */
  byProvider(agency: string): Promise<Dispute[]>;
  /** Disputes about one catalog entry, newest first. */
  byCode(code: string): Promise<Dispute[]>;
  /** Disputes with a running deadline, soonest due first (for the sweeper and reviewers). */
  withDeadline(): Promise<Dispute[]>;
  /** Every dispute, for figures over all agencies. */
  all(): Promise<Dispute[]>;
}
