import type { Problem } from '../../core/errors.ts';

/** What a publish run reports as it goes, for progress output and logs. */
export type PublishEvent =
  | { type: 'loaded'; entries: number; agencies: number; withData: number }
  | { type: 'checking'; index: number; total: number; code: string; title: string; bytes: number }
  | { type: 'checked'; code: string; rowCount: number; ms: number }
  | { type: 'unchanged'; code: string; version: number }
  | {
      type: 'published';
      code: string;
      version: number;
      zone: string;
      rowCount: number;
      bytes: number;
      ms: number;
    }
  | { type: 'recorded'; code: string; status: string }
  | { type: 'retracted'; code: string; versions: number; zone: string }
  | { type: 'snapshot'; kind: 'public' | 'share'; entries: number; key: string }
  /** One export of the public catalog; `written` is false when its bytes were already stored. */
  | { type: 'export'; key: string; bytes: number; written: boolean }
  /** Something worth fixing that does not stop the publish, e.g. a second 一数一源 claim. */
  | { type: 'warning'; problem: Problem };

export type PublishListener = (event: PublishEvent) => void;
