import type { Zone } from '../schemas/vocabulary.ts';

/** What the download route may do with an entry that is not in the public catalog. */
export type SharedDownloadDecision =
  { allow: true } | { allow: false; status: 403 | 404; reason: string };

/**
 * Who may download data that is not open. Until agency share grants exist, only the
 * providing agency may, through a key the operator bound to it. Callers without an agency
 * key learn nothing: the answer is the 404 an unknown code gets, so the public cannot probe
 * the share catalog. Data kept in staging (neither shared nor opened) is never handed out.
 */
export function decideSharedDownload(
  caller: { agency?: string },
  entry: { provider: string; zone: Zone },
): SharedDownloadDecision {
  if (!caller.agency) return { allow: false, status: 404, reason: 'not-public' };
  if (entry.zone !== 'shared')
    return {
      allow: false,
      status: 403,
      reason:
        entry.zone === 'staging'
          ? 'this entry is neither shared nor opened: its data is not handed out'
          : 'open data is downloaded from its public address, not through a presigned link',
    };
  if (caller.agency !== entry.provider)
    return {
      allow: false,
      status: 403,
      reason: `only the providing agency (${entry.provider}) may download this shared data until share grants exist`,
    };
  return { allow: true };
}
