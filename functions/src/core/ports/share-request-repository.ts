import type { ShareRequest } from '../sharing/share-request.ts';

/** Share requests, stored whole; every change is guarded by the revision it was read at. */
export interface ShareRequestRepository {
  /** Stores a new request; a `conflict` DatarunError if the id is taken. */
  create(request: ShareRequest): Promise<void>;
  /** The request, read consistently (a decision must see the latest state). */
  get(id: string): Promise<ShareRequest | undefined>;
  /**
   * Replaces the request with `next` only if the stored one is still at `next.revision - 1`;
   * otherwise a `conflict` DatarunError: somebody else changed it first, and nothing is written.
   */
  replace(next: ShareRequest): Promise<void>;
  /** The requests an agency made, newest first. */
  byRequester(agency: string): Promise<ShareRequest[]>;
  /** The requests made to a providing agency, newest first. */
  byProvider(agency: string): Promise<ShareRequest[]>;
  /** Every request with a running deadline or an active grant, soonest due or expiry first. */
  withDeadline(): Promise<ShareRequest[]>;
  /** Every request, for figures over all agencies. */
  all(): Promise<ShareRequest[]>;
}
