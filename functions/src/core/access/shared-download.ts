import type { Zone } from '../schemas/vocabulary.ts';

/** What the download route may do with an entry that is not in the public catalog. */
export type SharedDownloadDecision =
  { allow: true } | { allow: false; status: 403 | 404; reason: string };

/**
 * Who may download data that is not open through the dataset API: only the providing agency,
 * through a key the operator bound to it. Other agencies get shared data through share grants
 * (docs/sharing.md), field by field. Callers without an agency
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
      reason: `only the providing agency (${entry.provider}) may download this shared data with a key; other agencies ask for it with a share request (POST /api/v1/share-requests)`,
    };
  return { allow: true };
}
