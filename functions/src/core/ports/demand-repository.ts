import type { Demand } from '../demands/demand.ts';

/** Demands (需求清单) and their responsibility items, stored whole; writes are revision-guarded. */
export interface DemandRepository {
  /** Stores a new demand; a `conflict` DatarunError if its id is taken. */
  create(demand: Demand): Promise<void>;
  /** The demand, read consistently. */
  get(id: string): Promise<Demand | undefined>;
  /**
   * Replaces the demand with `next` only if the stored one is still at `next.revision - 1`;
   * otherwise a `conflict` DatarunError and nothing is written.
   */
  replace(next: Demand): Promise<void>;
  /** Demands an agency recorded, newest first. */
  byRequester(agency: string): Promise<Demand[]>;
  /** Demands assigned to a providing agency, newest first. */
  byProvider(agency: string): Promise<Demand[]>;
  /** Every demand, for reviewers and for figures over all agencies. */
  all(): Promise<Demand[]>;
}
