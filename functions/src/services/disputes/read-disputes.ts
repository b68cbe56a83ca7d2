import { timingSafeEqual } from 'node:crypto';
import { tokenSha256 } from '../../core/disputes/dispute-id.ts';
import type { Dispute, DisputeState } from '../../core/disputes/dispute.ts';
import { isFinalDispute } from '../../core/disputes/dispute-machine.ts';
import { disputeResource, staffView, statusView } from '../../core/disputes/dispute-views.ts';
import type { DisputeStaffView, DisputeStatusView } from '../../core/disputes/dispute-views.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard, signedIn } from '../sharing/guard.ts';
import type { DisputeDeps } from './dispute-deps.ts';
import { loadDispute } from './step-dispute.ts';

/** The lists: the provider's inbox, the reviewers' queue, the reports of the caller's agency. */
export type DisputeListView = 'inbox' | 'queue' | 'mine';

const VIEW_ACTIONS = {
  inbox: 'disputes.inbox',
  queue: 'disputes.queue',
  // Whoever may report may see their own agency's reports.
  mine: 'dispute.report',
} as const;

/** Filters of a list. */
export type DisputeFilter = { state?: DisputeState; code?: string };

/**
 * A list: `inbox` (disputes about the caller's agency's data) and `queue` (every open
 * dispute, for reviewers) by deadline, soonest first, then the rest newest first; `mine` (the
 * reports of the caller's agency) newest first. Each with what the reader may do now.
 */
export async function listDisputes(
  deps: DisputeDeps,
  identity: Identity | undefined,
  view: DisputeListView,
  filter: DisputeFilter = {},
): Promise<DisputeStaffView[]> {
  const actor = await guard(deps, identity, VIEW_ACTIONS[view], {}, `disputes:${view}`);
  const found =
    view === 'inbox'
      ? await deps.disputes.byProvider(actor.agency)
      : view === 'queue'
        ? (await deps.disputes.all()).filter((dispute) => !isFinalDispute(dispute.state))
        : (await deps.disputes.all()).filter((dispute) => dispute.reporter.agency === actor.agency);
  const reader = signedIn(identity);
  const nowMs = deps.now();
  return found
    .filter((dispute) => !filter.state || dispute.state === filter.state)
    .filter((dispute) => !filter.code || dispute.input.code === filter.code)
    .sort(view === 'mine' ? newestFirst : byDeadline)
    .map((dispute) => staffView(dispute, reader, nowMs));
}

/** One dispute for staff the policy lets read it: its provider, reviewers, the reporting agency. */
export async function showDispute(
  deps: DisputeDeps,
  identity: Identity | undefined,
  id: string,
): Promise<DisputeStaffView> {
  const dispute = await loadDispute(deps, id);
  await guard(deps, identity, 'dispute.read', disputeResource(dispute), `dispute:${id}`);
  return staffView(dispute, signedIn(identity), deps.now());
}

/**
 * The reporter's status, by the id and secret of their status link. A wrong or missing secret
 * answers exactly as an unknown id does (404), and secrets are compared in constant time, so
 * the answer tells nothing about which ids exist.
 */
export async function disputeStatus(
  deps: Pick<DisputeDeps, 'disputes'>,
  id: string,
  token: string | undefined,
): Promise<DisputeStatusView> {
  const dispute = await deps.disputes.get(id);
  const presented = Buffer.from(tokenSha256(token ?? ''), 'hex');
  const stored = Buffer.from(dispute?.statusTokenSha256 ?? '0'.repeat(64), 'hex');
  const matches = timingSafeEqual(presented, stored);
  if (!dispute || !token || !matches)
    throw new DatarunError(
      problem(
        'not-found',
        `no dispute ${id} with this status link; check the whole link was copied`,
        {
          field: 'id',
        },
      ),
    );
  return statusView(dispute);
}

const newestFirst = (a: Dispute, b: Dispute) =>
  b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);

function byDeadline(a: Dispute, b: Dispute): number {
  const open = (d: Dispute) => (d.due && !isFinalDispute(d.state) ? d.due.at : undefined);
  const [dueA, dueB] = [open(a), open(b)];
  if (dueA && dueB) return dueA.localeCompare(dueB) || newestFirst(a, b);
  if (dueA) return -1;
  if (dueB) return 1;
  return newestFirst(a, b);
}
