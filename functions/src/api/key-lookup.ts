import { sameHash } from '../core/access/api-key.ts';
import type { ApiKeyRecord } from '../core/access/api-key.ts';
import type { ApiKeyRepository } from '../core/ports/api-key-repository.ts';

/** What checking a presented key found. */
export type KeyCheck =
  | { kind: 'active'; record: ApiKeyRecord }
  | { kind: 'unknown' }
  | { kind: 'revoked'; record: ApiKeyRecord }
  | { kind: 'unavailable'; error: unknown };

/** Keys held in memory at most; the oldest go first. */
const CACHE_ENTRIES = 10_000;

/**
 * Checks presented keys against storage, keeping active keys in memory for a short while so
 * a busy key costs one read per interval, not per request. A revocation therefore takes
 * effect within `cacheMs` on every running instance.
 */
export class KeyLookup {
  readonly #cache = new Map<string, { record: ApiKeyRecord; until: number }>();

  constructor(
    private readonly keys: Pick<ApiKeyRepository, 'get'>,
    private readonly options: { cacheMs: number; now: () => number },
  ) {}

  async check(presented: { id: string; hash: string }): Promise<KeyCheck> {
    const now = this.options.now();
    const cached = this.#cache.get(presented.id);
    if (cached && cached.until > now && sameHash(cached.record.hash, presented.hash))
      return { kind: 'active', record: cached.record };
    let record: ApiKeyRecord | undefined;
    try {
      record = await this.keys.get(presented.id);
    } catch (error) {
      return { kind: 'unavailable', error };
    }
    this.#cache.delete(presented.id);
    if (!record || !sameHash(record.hash, presented.hash)) return { kind: 'unknown' };
    if (record.status !== 'active') return { kind: 'revoked', record };
    if (this.options.cacheMs > 0) {
      if (this.#cache.size >= CACHE_ENTRIES) this.#cache.delete(this.#cache.keys().next().value!);
      this.#cache.set(presented.id, { record, until: now + this.options.cacheMs });
    }
    return { kind: 'active', record };
  }
}
