import type { ApiKeyRecord } from '../access/api-key.ts';

/** API keys, found by id; the secret itself is never stored, only its hash. */
export interface ApiKeyRepository {
  /** Stores a new key; a `conflict` DatarunError if the id is taken. */
  create(record: ApiKeyRecord): Promise<void>;
  /** The key with this id, read consistently so a revocation counts at once. */
  get(id: string): Promise<ApiKeyRecord | undefined>;
  list(): Promise<ApiKeyRecord[]>;
  /**
   * Marks a key revoked (keeping its record, for usage and audit) and returns it; a
   * `not-found` DatarunError if there is no such key. Revoking twice changes nothing.
   */
  revoke(id: string, at: string): Promise<ApiKeyRecord>;
}
