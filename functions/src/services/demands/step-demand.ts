import type { Demand, DemandLink } from '../../core/demands/demand.ts';
import { applyDemandEvent } from '../../core/demands/demand-machine.ts';
import type { DemandEvent } from '../../core/demands/demand-machine.ts';
import { DEMAND_EVENT_ACTIONS, demandResource } from '../../core/demands/demand-views.ts';
import { shanghaiDay } from '../../core/calendar/working-calendar.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard } from '../sharing/guard.ts';
import type { DemandDeps } from './demand-deps.ts';
import { recordDemandStep } from './record-demand-step.ts';
import { auditingRefusals } from '../sharing/guard.ts';

/** The demand, read consistently; a 404 naming the id when there is none. */
export async function loadDemand(deps: Pick<DemandDeps, 'demands'>, id: string): Promise<Demand> {
  const demand = await deps.demands.get(id);
  if (!demand) throw new DatarunError(problem('not-found', `no demand ${id}`, { field: 'id' }));
  return demand;
}

/**
 * One person's step in a demand's life (assign, decline, withdraw, return, accept, fulfil): the
 * policy decides who, the state machine what; an assigned provider must be an agency of the
 * share catalog, and a fulfilment must link an entry of the provider's or a grant it made. The
 * write is conditional on the revision read, so of two people deciding at once exactly one
 * wins and the other gets a 409 with nothing changed. Audited under `demand:{id}` (refusals
 * as `failed`) and notified to whoever acts next.
 */
export async function stepDemand(
  deps: DemandDeps,
  identity: Identity | undefined,
  id: string,
  event: DemandEvent,
): Promise<Demand> {
  const before = await loadDemand(deps, id);
  const action = DEMAND_EVENT_ACTIONS[event.type];
  const subject = `demand:${id}`;
  const actor = await guard(deps, identity, action, demandResource(before, event.type), subject);
  const attempt = { actor, action, subject };
  const after = await auditingRefusals(deps, attempt, async () => {
    const nowMs = deps.now();
    const next = applyDemandEvent(before, event, { actor, nowMs, today: shanghaiDay(nowMs) });
    if (event.type === 'assign') await checkProvider(deps, next.provider!);
    if (event.type === 'fulfil') await checkLink(deps, next.provider!, next.fulfilment!.link);
    await deps.demands.replace(next);
    return next;
  });
  await recordDemandStep(deps, { ...attempt, event: event.type, before, after });
  return after;
}

function invalid(field: string, message: string): DatarunError {
  return new DatarunError(problem('invalid-field', message, { field }));
}

async function checkProvider(deps: Pick<DemandDeps, 'shareCatalog'>, provider: string) {
  const { agencies } = await deps.shareCatalog();
  if (!agencies.some((agency) => agency.code === provider))
    throw invalid(
      'provider',
      `no agency ${provider} in the share catalog; assign the demand to one of its ${agencies.length} agencies (GET /api/v1/agencies)`,
    );
}

async function checkLink(
  deps: Pick<DemandDeps, 'shareCatalog' | 'requests'>,
  provider: string,
  link: DemandLink,
) {
  if ('entry' in link) {
    const entry = (await deps.shareCatalog()).entries.get(link.entry);
    if (!entry)
      throw invalid('link.entry', `no entry ${link.entry} in the share catalog; publish it first`);
    if (entry.provider !== provider)
      throw invalid(
        'link.entry',
        `entry ${link.entry} is provided by ${entry.provider}, not by ${provider}, which took this demand on`,
      );
    return;
  }
  const made = await deps.requests.byProvider(provider);
  if (!made.some((request) => request.grant?.id === link.grant))
    throw invalid(
      'link.grant',
      `${provider} made no grant ${link.grant}; link a grant of one of its approved share requests`,
    );
}
