import { shanghaiDay } from '../../core/calendar/working-calendar.ts';
import type { Demand, DemandState } from '../../core/demands/demand.ts';
import { demandResource, demandView, listsDemand } from '../../core/demands/demand-views.ts';
import type { DemandView } from '../../core/demands/demand-views.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard, signedIn } from '../sharing/guard.ts';
import type { DemandDeps } from './demand-deps.ts';
import { loadDemand } from './step-demand.ts';

/** Filters of the list. */
export type DemandFilter = { state?: DemandState };

/**
 * The demands this person may see, newest first: their agency's (consumer), those assigned to
 * their agency (provider), every one (reviewer, admin); the union for several roles. Each with
 * whether it is overdue today and what the reader may do now.
 */
export async function listDemands(
  deps: DemandDeps,
  identity: Identity | undefined,
  filter: DemandFilter = {},
): Promise<DemandView[]> {
  await guard(deps, identity, 'demands.list', {}, 'demands');
  const reader = signedIn(identity);
  const seesAll = reader.roles.includes('reviewer') || reader.roles.includes('admin');
  const found = seesAll
    ? await deps.demands.all()
    : [
        ...(reader.roles.includes('consumer') ? await deps.demands.byRequester(reader.agency) : []),
        ...(reader.roles.includes('provider') ? await deps.demands.byProvider(reader.agency) : []),
      ];
  const unique = new Map(found.map((demand) => [demand.id, demand]));
  const today = shanghaiDay(deps.now());
  return [...unique.values()]
    .filter((demand) => listsDemand(demand, reader))
    .filter((demand) => !filter.state || demand.state === filter.state)
    .sort(newestFirst)
    .map((demand) => demandView(demand, reader, today));
}

/** One demand, for its requesting agency's consumers, its provider's staff, reviewers and admins. */
export async function showDemand(
  deps: DemandDeps,
  identity: Identity | undefined,
  id: string,
): Promise<DemandView> {
  const demand = await loadDemand(deps, id);
  await guard(deps, identity, 'demand.read', demandResource(demand), `demand:${id}`);
  return viewOf(deps, identity, demand);
}

/**
 * A demand the person just changed, as they see it now. Read back through `showDemand` it could
 * be refused: a provider who returned a demand is no longer its provider.
 */
export function viewOf(
  deps: Pick<DemandDeps, 'now'>,
  identity: Identity | undefined,
  demand: Demand,
): DemandView {
  return demandView(demand, signedIn(identity), shanghaiDay(deps.now()));
}

const newestFirst = (a: Demand, b: Demand) =>
  b.history[0]!.at.localeCompare(a.history[0]!.at) || a.id.localeCompare(b.id);
