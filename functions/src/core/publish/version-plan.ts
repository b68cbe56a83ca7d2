import type { DatasetVersion } from '../schemas/dataset-version.ts';

/** What a publish run must do with one entry's data. */
export type VersionPlan =
  | { kind: 'unchanged'; version: number }
  | { kind: 'claim'; version: number }
  | { kind: 'resume'; version: number; previous: DatasetVersion }
  | { kind: 'take-over'; version: number; previous: DatasetVersion }
  | { kind: 'busy'; version: number; since: string };

/** How long a claim protects an unfinished version from other runs. */
export const CLAIM_LEASE_MS = 30 * 60 * 1000;

/**
 * Decides the version a run publishes. The live version is the catalog pointer; a version
 * above it is a claim left by a run that has not moved the pointer (still running, or crashed).
 * Same input: resume it (the output is the same, so rewriting it is safe even if that run is
 * still going). Other input: wait for the lease, then take the number over.
 */
export function planVersion(args: {
  current: number | undefined;
  currentInput: string | undefined;
  pending: DatasetVersion | undefined;
  inputSha256: string;
  now: Date;
}): VersionPlan {
  const { current, currentInput, pending, inputSha256, now } = args;
  if (current !== undefined && currentInput === inputSha256)
    return { kind: 'unchanged', version: current };
  const next = (current ?? 0) + 1;
  if (!pending) return { kind: 'claim', version: next };
  if (pending.inputSha256 === inputSha256)
    return { kind: 'resume', version: next, previous: pending };
  const age = now.getTime() - Date.parse(pending.claim.at);
  if (age < CLAIM_LEASE_MS) return { kind: 'busy', version: next, since: pending.claim.at };
  return { kind: 'take-over', version: next, previous: pending };
}
