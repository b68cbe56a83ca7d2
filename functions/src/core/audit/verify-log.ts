import type { AuditLog } from '../ports/audit-log.ts';
import { ChainVerifier } from './audit-chain.ts';
import type { ChainVerdict } from './audit-chain.ts';

/** How often verification reports progress, in records. */
export const VERIFY_PROGRESS_EVERY = 10_000;

/** Rounds of catching up with appends made while the log was being read. */
const CATCH_UP_ROUNDS = 5;

/**
 * Verifies a whole log. The head is read after the records, so every record read was written
 * before it; when appends moved the head past the last record read, the records after it are
 * read too, a few rounds at most, before a head beyond the records counts as a truncation.
 */
export async function verifyAuditLog(
  log: Pick<AuditLog, 'readAll' | 'head'>,
  onProgress?: (checked: number) => void,
): Promise<ChainVerdict> {
  const verifier = new ChainVerifier();
  const readAfter = async (after: number): Promise<boolean> => {
    for await (const record of log.readAll(after)) {
      if (verifier.add(record)) return false;
      if (verifier.count % VERIFY_PROGRESS_EVERY === 0) onProgress?.(verifier.count);
    }
    return true;
  };
  let intact = await readAfter(0);
  for (let round = 0; ; round++) {
    const head = await log.head();
    if (!intact || head.seq <= verifier.count || round === CATCH_UP_ROUNDS)
      return verifier.finish(head);
    const before = verifier.count;
    intact = await readAfter(before);
    if (intact && verifier.count === before) return verifier.finish(head);
  }
}
