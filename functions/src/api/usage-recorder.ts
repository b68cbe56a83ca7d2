import { UsageTally } from '../core/access/usage.ts';
import type { UsageKind } from '../core/access/usage.ts';
import type { UsageStore } from '../core/ports/usage-store.ts';

export type UsageRecorderOptions = {
  /** The least time between two writes of the counts to storage. */
  flushEveryMs: number;
  now: () => number;
  warn: (message: string) => void;
};

/**
 * Counts usage in memory and writes it to storage at most every `flushEveryMs`, at the end of
 * the request that finds a write due: Lambda may freeze the instance as soon as a response is
 * sent, so nothing is left to a timer. A failed write never fails a request: the counts are
 * kept for the next write and a warning is logged.
 */
export class UsageRecorder {
  readonly #tally = new UsageTally();
  #lastFlush: number;
  #flushing: Promise<void> | undefined;

  constructor(
    private readonly store: Pick<UsageStore, 'add'>,
    private readonly options: UsageRecorderOptions,
  ) {
    this.#lastFlush = options.now();
  }

  /** Counts one call or download for each subject. */
  count(subjects: readonly string[], kind: UsageKind): void {
    this.#tally.add(subjects, kind, this.options.now());
  }

  /** Writes the counts if the last write is long enough ago. */
  async flushIfDue(): Promise<void> {
    if (this.#tally.pending && this.options.now() - this.#lastFlush >= this.options.flushEveryMs)
      await this.flush();
  }

  /** Writes every count held, one atomic `ADD` per subject and day; one write at a time. */
  flush(): Promise<void> {
    this.#flushing ??= this.#write().finally(() => (this.#flushing = undefined));
    return this.#flushing;
  }

  async #write(): Promise<void> {
    this.#lastFlush = this.options.now();
    const counts = this.#tally.drain();
    const results = await Promise.allSettled(counts.map((count) => this.store.add(count)));
    const failed = counts.filter((_, i) => results[i]!.status === 'rejected');
    for (const count of failed) this.#tally.merge(count);
    if (failed.length > 0) {
      const reason = (results.find((r) => r.status === 'rejected') as PromiseRejectedResult)
        .reason as Error;
      this.options.warn(
        `usage counts could not be stored (${failed.length} of ${counts.length}; kept for the next write): ${reason?.message ?? String(reason)}`,
      );
    }
  }
}
