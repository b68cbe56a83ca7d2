import type { Identity } from '../../core/identity/identity.ts';
import { availableActions } from '../../core/sharing/share-request-actions.ts';
import { onTimeRates } from '../../core/sharing/on-time-rates.ts';
import type { ShareRequest, ShareRequestState } from '../../core/sharing/share-request.ts';
import { guard, signedIn } from './guard.ts';
import { resourceOf, shareEntry } from './share-request-entry.ts';
import type { SharingDeps } from './sharing-deps.ts';
import { loadShareRequest } from './step-share-request.ts';

/** A request as its reader sees it: the record and what they may do with it now. */
export type ShareRequestView = ShareRequest & { actions: string[] };

/** The three lists: the consumer's own, the provider's inbox, the reviewer's queue. */
export type ShareRequestListView = 'mine' | 'inbox' | 'queue';

const VIEW_ACTIONS = {
  mine: 'share-requests.list-mine',
  inbox: 'share-requests.inbox',
  queue: 'share-requests.queue',
} as const;

/** States a reviewer's queue shows: those someone must still act on before a grant. */
const QUEUE_STATES: readonly ShareRequestState[] = ['submitted', 'returned', 'accepted'];

/** One request, for anyone the policy lets read it. */
export async function showShareRequest(
  deps: SharingDeps,
  identity: Identity | undefined,
  id: string,
): Promise<ShareRequestView> {
  const request = await loadShareRequest(deps, id);
  const { entry } = await shareEntry(deps, request.input.code);
  const resource = resourceOf(entry, request);
  await guard(deps, identity, 'share-request.read', resource, `share-request:${id}`);
  return {
    ...request,
    actions: availableActions(signedIn(identity), request, resource, deps.now()),
  };
}

/**
 * A list: `mine` newest first; `inbox` and `queue` by deadline, soonest first, then the rest
 * newest first, since what is due is what the reader must see.
 */
export async function listShareRequests(
  deps: SharingDeps,
  identity: Identity | undefined,
  view: ShareRequestListView,
  state?: ShareRequestState,
): Promise<ShareRequestView[]> {
  const actor = await guard(deps, identity, VIEW_ACTIONS[view], {}, `share-requests:${view}`);
  const found =
    view === 'mine'
      ? await deps.requests.byRequester(actor.agency)
      : view === 'inbox'
        ? await deps.requests.byProvider(actor.agency)
        : (await deps.requests.withDeadline()).filter((r) => QUEUE_STATES.includes(r.state));
  const requests = found
    .filter((request) => !state || request.state === state)
    .sort(view === 'mine' ? newestFirst : byDeadline);
  const catalog = await deps.shareCatalog();
  const reader = signedIn(identity);
  return requests.map((request) => {
    const entry = catalog.entries.get(request.input.code);
    return {
      ...request,
      actions: entry
        ? availableActions(reader, request, resourceOf(entry, request), deps.now())
        : [],
    };
  });
}

/** On-time rates per providing agency and for acceptance, for reviewers and admins. */
export async function shareDeadlineReport(deps: SharingDeps, identity: Identity | undefined) {
  await guard(deps, identity, 'deadlines.report', {}, 'share-requests:on-time');
  const [requests, catalog] = await Promise.all([deps.requests.all(), deps.shareCatalog()]);
  const rates = onTimeRates(requests, deps.now());
  const names = new Map(catalog.agencies.map((agency) => [agency.code, agency.name]));
  return { ...rates, names };
}

const newestFirst = (a: ShareRequest, b: ShareRequest) =>
  b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

function byDeadline(a: ShareRequest, b: ShareRequest): number {
  if (a.due && b.due) return a.due.at.localeCompare(b.due.at) || newestFirst(a, b);
  if (a.due) return -1;
  if (b.due) return 1;
  return newestFirst(a, b);
}
