import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { ActorSchema } from '../identity/identity.ts';
import type { Actor } from '../identity/identity.ts';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { IsoDateSchema } from '../schemas/common.ts';
import {
  DEMAND_TEXT_LIMITS,
  DemandInputSchema,
  DemandLinkSchema,
  DemandSchema,
  FINAL_DEMAND_STATES,
  RESPONSIBILITY_KINDS,
} from './demand.ts';
import type {
  Demand,
  DemandLink,
  DemandState,
  DemandStep,
  Fulfilment,
  Responsibility,
  ResponsibilityKind,
} from './demand.ts';

/**
 * The life of a demand (需求清单) and the responsibility item (责任清单) it becomes. Whether the
 * actor may send an event, and whether an assigned provider or a linked entry or grant exists,
 * are the service's checks; here only the order of events and the shape of their payloads.
 *
 * A step is dated `max(now, last step)`, so a history never goes back in time even when the
 * server's clock does. Due dates are calendar days (`today` is passed in, in the platform's
 * time zone), so a responsibility item is due at the end of its day, not at some instant.
 */

/** Something a person does to a demand. */
export type DemandEvent =
  | { type: 'assign'; provider: string }
  | { type: 'decline'; reason: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'return'; reason: string }
  | { type: 'accept'; kind: ResponsibilityKind; dueOn: string; note?: string }
  | { type: 'fulfil'; link: DemandLink };
export type DemandEventType = DemandEvent['type'];

/** Every event type, in the order a demand usually meets them. */
export const DEMAND_EVENT_TYPES = [
  'assign',
  'decline',
  'withdraw',
  'return',
  'accept',
  'fulfil',
] as const satisfies readonly DemandEventType[];

/** The events each state allows. */
export const DEMAND_TRANSITIONS = {
  submitted: ['assign', 'decline', 'withdraw'],
  assigned: ['accept', 'return', 'withdraw'],
  accepted: ['fulfil'],
  fulfilled: [],
  declined: [],
  withdrawn: [],
} as const satisfies Record<DemandState, readonly DemandEventType[]>;

/** The state each event leads to. */
const TARGETS: Record<DemandEventType, DemandState> = {
  assign: 'assigned',
  decline: 'declined',
  withdraw: 'withdrawn',
  return: 'submitted',
  accept: 'accepted',
  fulfil: 'fulfilled',
};

const DOING: Record<DemandEventType, string> = {
  assign: 'assigned to a provider',
  decline: 'declined',
  withdraw: 'withdrawn',
  return: 'returned to the reviewer',
  accept: 'accepted as a responsibility item',
  fulfil: 'fulfilled',
};

/** True when nothing leaves the state. */
export function isFinalDemand(state: DemandState): boolean {
  return (FINAL_DEMAND_STATES as readonly DemandState[]).includes(state);
}

/** What applying an event needs besides the demand and the event. */
export type DemandEventContext = {
  /** Who sends it; the access policy has already decided they may. */
  actor: Actor;
  nowMs: number;
  /** Today's date (YYYY-MM-DD) in the platform's time zone. */
  today: string;
};

/** The events the demand's state allows. */
export function allowedDemandEvents(demand: Demand): DemandEventType[] {
  return [...DEMAND_TRANSITIONS[demand.state]];
}

/** True when an accepted responsibility item's due date is before `today` (YYYY-MM-DD). */
export function isOverdue(demand: Demand, today: string): boolean {
  return (
    demand.state === 'accepted' &&
    demand.responsibility !== undefined &&
    demand.responsibility.dueOn < today
  );
}

function invalid(field: string, message: string): DatarunError {
  return new DatarunError(problem('invalid-field', message, { field }));
}

/**
 * Throws the `conflict` refusal `applyDemandEvent` would give when the demand's state does not
 * allow the event, naming what it does allow; returns when it does.
 */
export function checkDemandAllowed(demand: Demand, type: DemandEventType): void {
  if ((DEMAND_TRANSITIONS[demand.state] as readonly string[]).includes(type)) return;
  const next = isFinalDemand(demand.state)
    ? 'that is final; record a new demand if the need remains'
    : `it can be ${allowedDemandEvents(demand)
        .map((event) => DOING[event])
        .join(', or ')}`;
  throw new DatarunError(
    problem(
      'conflict',
      `demand ${demand.id} is ${demand.state}, so it cannot be ${DOING[type]}; ${next}`,
      { field: 'state' },
    ),
  );
}

/** A trimmed text within `max` characters, or the problem with it; blank is absent. */
function checkText(field: string, value: unknown, max: number): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'expected text');
  const trimmed = value.trim();
  if (trimmed.length > max)
    throw invalid(field, `the ${field} has ${trimmed.length} characters; at most ${max}`);
  return trimmed.length > 0 ? trimmed : undefined;
}

function requireReason(value: unknown): string {
  const reason = checkText('reason', value, DEMAND_TEXT_LIMITS.reason);
  if (reason === undefined) throw invalid('reason', 'give a reason');
  return reason;
}

function checkResponsibility(payload: Record<string, unknown>, today: string): Responsibility {
  const kind = payload.kind;
  if (!(RESPONSIBILITY_KINDS as readonly unknown[]).includes(kind))
    throw invalid('kind', `expected one of ${RESPONSIBILITY_KINDS.join(', ')}`);
  const dueOn = IsoDateSchema.safeParse(payload.dueOn);
  if (!dueOn.success) throw invalid('dueOn', 'expected a real date written YYYY-MM-DD');
  if (dueOn.data < today)
    throw invalid('dueOn', `the due date ${dueOn.data} is before today, ${today}`);
  const note = checkText('note', payload.note, DEMAND_TEXT_LIMITS.note);
  return { kind: kind as ResponsibilityKind, dueOn: dueOn.data, ...(note && { note }) };
}

function checkLink(value: unknown, kind: ResponsibilityKind): DemandLink {
  const parsed = DemandLinkSchema.safeParse(value);
  if (!parsed.success)
    throw invalid('link', 'expected { entry: "分类码/顺序码" } or { grant: "gr_…" }');
  if (kind === 'create-entry' && !('entry' in parsed.data))
    throw invalid('link', 'a created entry is linked by its code: { entry: "分类码/顺序码" }');
  return parsed.data;
}

/**
 * Applies one event to a demand and returns the new demand: the next state, revision + 1, the
 * provider, responsibility item or fulfilment it sets, and a history step with the actor. The
 * input is never changed. Throws `conflict` when the state does not allow the event (saying
 * what it does allow), and `invalid-field` naming the field of a bad payload.
 */
export function applyDemandEvent(
  demand: Demand,
  event: DemandEvent,
  context: DemandEventContext,
): Demand {
  const type = event.type;
  if (!(DEMAND_EVENT_TYPES as readonly string[]).includes(type))
    throw invalid('type', `expected one of ${DEMAND_EVENT_TYPES.join(', ')}`);
  checkDemandAllowed(demand, type);
  if (!ActorSchema.safeParse(context.actor).success)
    throw invalid('actor', 'the actor needs a user, name, agency and role');
  if (!IsoDateSchema.safeParse(context.today).success)
    throw invalid('today', 'expected a real date written YYYY-MM-DD');

  const payload = event as Record<string, unknown>;
  let provider = demand.provider;
  let responsibility = demand.responsibility;
  let fulfilment: Fulfilment | undefined;
  let reason: string | undefined;
  if (type === 'assign') {
    const parsed = AgencyCodeSchema.safeParse(payload.provider);
    if (!parsed.success) throw invalid('provider', 'expected an agency code such as "sh-housing"');
    provider = parsed.data;
  }
  if (type === 'decline' || type === 'return') reason = requireReason(payload.reason);
  if (type === 'withdraw') reason = checkText('reason', payload.reason, DEMAND_TEXT_LIMITS.reason);
  // A returned demand waits for the reviewer to choose a provider afresh.
  if (type === 'return') provider = undefined;
  if (type === 'accept') responsibility = checkResponsibility(payload, context.today);
  if (type === 'fulfil')
    fulfilment = { link: checkLink(payload.link, responsibility!.kind), on: context.today };

  const to = TARGETS[type];
  const last = demand.history.at(-1)!;
  const at = new Date(Math.max(context.nowMs, Date.parse(last.at))).toISOString();
  const step: DemandStep = {
    at,
    actor: { ...context.actor },
    event: type,
    from: demand.state,
    to,
    ...(reason !== undefined && { reason }),
  };
  const { provider: _p, responsibility: _r, fulfilment: _f, ...rest } = demand;
  return {
    ...rest,
    state: to,
    revision: demand.revision + 1,
    ...(provider && { provider }),
    ...(responsibility && { responsibility: { ...responsibility } }),
    ...(fulfilment && { fulfilment }),
    history: [...demand.history, step],
  };
}

/** What a new demand is built from; the caller has made the id. */
export type NewDemand = { id: string; input: unknown; requester: Actor; nowMs: number };

/**
 * A demand as an agency records it: `submitted`, with one history step. Throws `invalid-field`
 * naming every bad field of the input (`input.fields[2]`, `input.legalBasis`).
 */
export function newDemand(demand: NewDemand): Demand {
  const input = DemandInputSchema.safeParse(demand.input);
  if (!input.success)
    throw new DatarunError(
      input.error.issues.map((issue): Problem =>
        problem('invalid-field', issue.message, {
          field: issue.path.reduce<string>(
            (path, part) =>
              typeof part === 'number' ? `${path}[${part}]` : `${path}.${String(part)}`,
            'input',
          ),
        }),
      ),
    );
  const at = new Date(demand.nowMs).toISOString();
  return DemandSchema.parse({
    id: demand.id,
    revision: 1,
    input: input.data,
    requester: demand.requester,
    state: 'submitted',
    history: [{ at, actor: demand.requester, event: 'submit', to: 'submitted' }],
  });
}
