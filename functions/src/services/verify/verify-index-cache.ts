import type { VerifyIndex } from '../../core/verify/verify-records.ts';

/** How many indexes one API instance keeps by default: a few hot entries, a few MB each. */
export const DEFAULT_VERIFY_INDEXES = 8;

/**
 * Built verification indexes in memory, by entry, version and declaration, so that a warm call
 * reads no data from storage. Least recently used goes first; a build in progress is shared
 * by the calls that wait for it, and a failed build is forgotten so the next call tries again.
 */
export class VerifyIndexCache {
  readonly #held = new Map<string, Promise<VerifyIndex>>();

  constructor(private readonly capacity = DEFAULT_VERIFY_INDEXES) {}

  /** The index under `key`, built with `build` when it is not held. */
  get(key: string, build: () => Promise<VerifyIndex>): Promise<VerifyIndex> {
    const held = this.#held.get(key);
    if (held) {
      this.#held.delete(key);
      this.#held.set(key, held);
      return held;
    }
    const building = build();
    this.#held.set(key, building);
    building.catch(() => {
      if (this.#held.get(key) === building) this.#held.delete(key);
    });
    while (this.#held.size > this.capacity) this.#held.delete(this.#held.keys().next().value!);
    return building;
  }

  /** How many indexes are held. */
  get size(): number {
    return this.#held.size;
  }
}
