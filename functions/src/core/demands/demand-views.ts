import * as z from 'zod';
import { authorize } from '../access/policy.ts';
import type { PolicyAction, PolicyResource } from '../access/policy.ts';
import type { Identity } from '../identity/identity.ts';
import { DemandSchema } from './demand.ts';
import type { Demand } from './demand.ts';
import { DEMAND_EVENT_TYPES, allowedDemandEvents, isOverdue } from './demand-machine.ts';
import type { DemandEventType } from './demand-machine.ts';

/** The policy action each event of a demand needs. */
export const DEMAND_EVENT_ACTIONS: Record<DemandEventType, PolicyAction> = {
  assign: 'demand.assign',
  decline: 'demand.decline',
  withdraw: 'demand.withdraw',
  return: 'demand.return',
  accept: 'demand.accept',
  fulfil: 'demand.fulfil',
};

/**
 * What the access policy needs to know about a demand: who asked and, once assigned, who
 * provides. Assigning asks nothing of a provider, since the reviewer is choosing one.
 */
export function demandResource(
  demand: Pick<Demand, 'requester' | 'provider'>,
  event?: DemandEventType,
): PolicyResource {
  return {
    requesterAgency: demand.requester.agency,
    ...(event !== 'assign' && demand.provider && { provider: demand.provider }),
  };
}

/** A demand as the API answers it: the record, whether it is overdue, and what the caller may do. */
export const DemandViewSchema = DemandSchema.extend({
  /** True when an accepted responsibility item's due date has passed unfulfilled. */
  overdue: z.boolean(),
  /** The events this caller may send now. */
  allowed: z
    .array(z.enum(DEMAND_EVENT_TYPES))
    .describe('What the caller may do now: assign, decline, withdraw, return, accept, fulfil'),
});
export type DemandView = z.infer<typeof DemandViewSchema>;

/**
 * The demand for one reader on `today` (YYYY-MM-DD, Asia/Shanghai): `allowed` holds the events
 * the state allows that the policy lets this person send, so the portal shows only the buttons
 * that work.
 */
export function demandView(demand: Demand, identity: Identity, today: string): DemandView {
  const allowed = allowedDemandEvents(demand).filter(
    (event) =>
      authorize(identity, DEMAND_EVENT_ACTIONS[event], demandResource(demand, event)).allow,
  );
  return { ...demand, overdue: isOverdue(demand, today), allowed };
}

/**
 * Whether a demand belongs in this person's list: a consumer sees their agency's demands, a
 * provider those assigned to their agency, reviewers and admins every one. A person with
 * several roles sees the union.
 */
export function listsDemand(demand: Demand, identity: Identity): boolean {
  return identity.roles.some(
    (role) =>
      role === 'reviewer' ||
      role === 'admin' ||
      (role === 'consumer' && demand.requester.agency === identity.agency) ||
      (role === 'provider' && demand.provider === identity.agency),
  );
}
