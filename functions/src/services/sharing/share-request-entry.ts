import { computeZone } from '../../core/catalog/zone.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { PolicyResource } from '../../core/access/policy.ts';
import { DEFAULT_DEADLINE_RULES } from '../../core/sharing/share-request-machine.ts';
import type { DeadlineRules } from '../../core/sharing/share-request-machine.ts';
import type { ShareRequest } from '../../core/sharing/share-request.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import type { SharingDeps } from './sharing-deps.ts';

/** The published entry a request is about; a 404 naming the code when there is none. */
export async function shareEntry(deps: Pick<SharingDeps, 'shareCatalog'>, code: string) {
  const catalog = await deps.shareCatalog();
  const entry = catalog.entries.get(code);
  if (!entry)
    throw new DatarunError(
      problem('not-found', `no published catalog entry ${JSON.stringify(code)}`, {
        field: 'code',
      }),
    );
  return { entry, agencies: catalog.agencies };
}

/** What the access policy needs to know about an entry and a request. */
export function resourceOf(
  entry: Pick<SnapshotEntry, 'shareType' | 'level' | 'openType' | 'provider' | 'shareBasis'>,
  request?: Pick<ShareRequest, 'requester'>,
): PolicyResource {
  return {
    shareType: entry.shareType,
    zone: computeZone(entry),
    provider: entry.provider,
    ...(entry.shareBasis && { shareBasis: entry.shareBasis }),
    ...(request && { requesterAgency: request.requester.agency }),
  };
}

/** The deadline rules for a request to this provider: its own decision days, if it set them. */
export function rulesFor(
  agencies: readonly { code: string; shareDecisionDays?: number }[],
  provider: string,
): DeadlineRules {
  const days = agencies.find((agency) => agency.code === provider)?.shareDecisionDays;
  return { ...DEFAULT_DEADLINE_RULES, ...(days && { decisionDays: days }) };
}
