import type { UsageCount } from '../access/usage.ts';

/** Daily usage counts per subject (a dataset or an API key). */
export interface UsageStore {
  /** Adds the counts to the stored ones of that subject and day, atomically. */
  add(count: UsageCount): Promise<void>;
  /** Every stored day of a subject. */
  days(subject: string): Promise<UsageCount[]>;
}
