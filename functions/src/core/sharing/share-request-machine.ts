import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { ActorSchema } from '../identity/identity.ts';
import type { Actor } from '../identity/identity.ts';
import { IsoDateSchema } from '../schemas/common.ts';
import { GrantSchema, TEXT_LIMITS } from './share-request.ts';
import type {
  DeadlineStep,
  Due,
  HistoryStep,
  ShareRequest,
  ShareRequestInput,
  ShareRequestState,
} from './share-request.ts';
import { shanghaiDay } from '../calendar/working-calendar.ts';
import { checkShareInput } from './share-request-input.ts';

/** A request may be returned for correction this many times; a third return is refused. */
export const MAX_RETURNS = 2;

/** Deadlines in working days: acceptance by the platform, decision by the provider, correction. */
export type DeadlineRules = {
  acceptanceDays: number;
  decisionDays: number;
  correctionDays: number;
};

/** The usual deadlines; a provider agency may set its own `decisionDays`. */
export const DEFAULT_DEADLINE_RULES: DeadlineRules = {
  acceptanceDays: 1,
  decisionDays: 10,
  correctionDays: 10,
};

/** When a step started at `fromMs` is due, counting `workingDays` working days. */
export type WorkingDeadline = (fromMs: number, workingDays: number) => number;

/** Something that happens to a request. `expire` and `lapse` are the platform's own. */
export type ShareEvent =
  | { type: 'accept' }
  | { type: 'return'; reason: string }
  | { type: 'resubmit'; input: ShareRequestInput }
  | { type: 'withdraw'; reason?: string }
  | { type: 'approve'; fields: string[]; expiresOn: string }
  | { type: 'reject'; reason: string }
  | { type: 'revoke'; reason: string }
  | { type: 'expire' }
  | { type: 'lapse' };
export type ShareEventType = ShareEvent['type'];

/** Every event type, in the order a request usually meets them. */
export const SHARE_EVENT_TYPES = [
  'accept',
  'return',
  'resubmit',
  'withdraw',
  'approve',
  'reject',
  'revoke',
  'expire',
  'lapse',
] as const satisfies readonly ShareEventType[];

/**
 * The events each state allows; the portal shows buttons from it. A few also wait for a
 * condition (see `allowedEvents`): a third return, an expiry before its day, a lapse before
 * the correction deadline, an approval once the period asked for is over.
 */
export const SHARE_REQUEST_TRANSITIONS = {
  submitted: ['accept', 'return', 'withdraw'],
  returned: ['resubmit', 'withdraw', 'lapse'],
  accepted: ['approve', 'reject', 'withdraw'],
  approved: ['revoke', 'expire'],
  rejected: [],
  revoked: [],
  expired: [],
  withdrawn: [],
} as const satisfies Record<ShareRequestState, readonly ShareEventType[]>;

/** The state each event leads to. */
export const SHARE_EVENT_TARGETS: Record<ShareEventType, ShareRequestState> = {
  accept: 'accepted',
  return: 'returned',
  resubmit: 'submitted',
  withdraw: 'withdrawn',
  approve: 'approved',
  reject: 'rejected',
  revoke: 'revoked',
  expire: 'expired',
  lapse: 'withdrawn',
};

/** States nothing leaves. */
export const TERMINAL_STATES = ['rejected', 'revoked', 'expired', 'withdrawn'] as const;

/** True when the state is final. */
export function isTerminal(state: ShareRequestState): boolean {
  return (TERMINAL_STATES as readonly ShareRequestState[]).includes(state);
}

/** What applying an event needs besides the request and the event. */
export type EventContext = {
  /** Who sends it; the access policy has already decided they may. */
  actor: Actor;
  nowMs: number;
  /** The deadlines for this request's provider. */
  rules: DeadlineRules;
  workingDeadline: WorkingDeadline;
  /** The id of the grant an approval creates (`gr_…`); needed by `approve` only. */
  grantId?: string;
};

/** Why an event the state allows must wait, or undefined when it may happen now. */
function notYet(request: ShareRequest, type: ShareEventType, nowMs: number): string | undefined {
  const today = shanghaiDay(nowMs);
  if (type === 'return' && request.returns >= MAX_RETURNS)
    return `it was returned for correction ${request.returns} times already, the most allowed`;
  if (type === 'approve' && request.input.period.to < today)
    return `the period asked for ended on ${request.input.period.to}, so no grant can be given`;
  if (type === 'expire' && request.grant && today <= request.grant.expiresOn)
    return `its grant runs until ${request.grant.expiresOn} inclusive (today is ${today}, Shanghai)`;
  if (type === 'lapse' && !(request.due && Date.parse(request.due.at) < nowMs))
    return `its correction deadline ${request.due?.at ?? '(none)'} has not passed`;
  return undefined;
}

/** The events the request accepts at this instant: its state's, less those that must wait. */
export function allowedEvents(request: ShareRequest, nowMs: number): ShareEventType[] {
  return SHARE_REQUEST_TRANSITIONS[request.state].filter(
    (type) => notYet(request, type, nowMs) === undefined,
  );
}

const DOING: Record<ShareEventType, string> = {
  accept: 'accepted (统一受理)',
  return: 'returned for correction',
  resubmit: 'resubmitted with corrections',
  withdraw: 'withdrawn by the requester',
  approve: 'approved by the provider',
  reject: 'rejected by the provider',
  revoke: 'revoked',
  expire: 'left to expire',
  lapse: 'closed once its correction deadline passes',
};

/** What can still be done with the request, for a refusal's message. */
function whatCanBeDone(request: ShareRequest, nowMs: number): string {
  if (isTerminal(request.state))
    return 'that is final; submit a new request if the data is still needed';
  const now = allowedEvents(request, nowMs).filter((type) => type !== 'expire' && type !== 'lapse');
  const options = now.map((type) => DOING[type]);
  if (request.state === 'approved' && request.grant)
    options.push(`it expires after ${request.grant.expiresOn}`);
  if (request.state === 'returned' && request.due)
    options.push(`it lapses if not corrected by ${request.due.at}`);
  return `it can be ${options.join(', or ')}`;
}

function refuse(message: string): DatarunError {
  return new DatarunError(problem('conflict', message, { field: 'state' }));
}

/** A reason, trimmed, or the problem with it. */
function checkReason(value: unknown, required: boolean): { reason?: string; problem?: Problem } {
  if (value === undefined && !required) return {};
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length === 0)
    return { problem: problem('invalid-field', 'give a reason', { field: 'reason' }) };
  if (reason.length > TEXT_LIMITS.reason)
    return {
      problem: problem(
        'invalid-field',
        `the reason has ${reason.length} characters; at most ${TEXT_LIMITS.reason}`,
        { field: 'reason' },
      ),
    };
  return { reason };
}

/** The fields an approval grants, or the problems with them: a non-empty subset of those asked. */
function checkGrantFields(value: unknown, requested: readonly string[]): Problem[] {
  const asked = requested.join('、');
  if (!Array.isArray(value) || value.length === 0)
    return [problem('invalid-field', `grant at least one of ${asked}`, { field: 'fields' })];
  const problems: Problem[] = [];
  const seen = new Set<unknown>();
  for (const field of value as unknown[]) {
    if (typeof field !== 'string' || !requested.includes(field))
      problems.push(
        problem(
          'invalid-field',
          `${JSON.stringify(field)} was not asked for; the request asks for ${asked}`,
          { field: 'fields' },
        ),
      );
    else if (seen.has(field))
      problems.push(
        problem('invalid-field', `${JSON.stringify(field)} is listed twice`, {
          field: 'fields',
        }),
      );
    seen.add(field);
  }
  return problems;
}

/** The last day of a grant, or the problem with it: a date from today to the period's end. */
function checkExpiry(value: unknown, periodEnd: string, nowMs: number): Problem[] {
  const today = shanghaiDay(nowMs);
  if (!IsoDateSchema.safeParse(value).success)
    return [
      problem('invalid-field', 'expected the last day of use, YYYY-MM-DD', { field: 'expiresOn' }),
    ];
  const day = value as string;
  if (day < today)
    return [
      problem('invalid-field', `${day} is already past (today is ${today}, Shanghai)`, {
        field: 'expiresOn',
      }),
    ];
  if (day > periodEnd)
    return [
      problem('invalid-field', `${day} is after the period asked for, which ends on ${periodEnd}`, {
        field: 'expiresOn',
      }),
    ];
  return [];
}

/** The parts of the next request an event decides; everything else is carried over. */
type Change = {
  reason?: string;
  due?: Due;
  input?: ShareRequestInput;
  returns?: number;
  grant?: ShareRequest['grant'];
};

/** Checks the event's payload and works out what it changes; throws `invalid-field`. */
function changeFor(request: ShareRequest, event: ShareEvent, context: EventContext): Change {
  const { nowMs, rules, workingDeadline } = context;
  const dueIn = (step: DeadlineStep, days: number): Due => ({
    step,
    at: new Date(workingDeadline(nowMs, days)).toISOString(),
  });
  const payload = event as Record<string, unknown>;
  const problems: Problem[] = [];
  const change: Change = {};
  const reason = (required: boolean) => {
    const checked = checkReason(payload.reason, required);
    if (checked.problem) problems.push(checked.problem);
    if (checked.reason) change.reason = checked.reason;
  };
  switch (event.type) {
    case 'accept':
      change.due = dueIn('decision', rules.decisionDays);
      break;
    case 'return':
      reason(true);
      change.returns = request.returns + 1;
      change.due = dueIn('correction', rules.correctionDays);
      break;
    case 'resubmit': {
      const checked = checkShareInput(payload.input, nowMs, 'input.');
      problems.push(...checked.problems);
      if (checked.input && checked.input.code !== request.input.code)
        problems.push(
          problem(
            'invalid-field',
            `a resubmitted request keeps its entry ${request.input.code}; for ${checked.input.code} submit a new request`,
            { field: 'input.code' },
          ),
        );
      if (checked.input) change.input = checked.input;
      change.due = dueIn('acceptance', rules.acceptanceDays);
      break;
    }
    case 'withdraw':
      reason(false);
      break;
    case 'approve': {
      problems.push(
        ...checkGrantFields(payload.fields, request.input.fields),
        ...checkExpiry(payload.expiresOn, request.input.period.to, nowMs),
      );
      const grantId = GrantSchema.shape.id.safeParse(context.grantId);
      if (!grantId.success)
        problems.push(
          problem('invalid-field', 'an approval needs a grant id such as gr_…', {
            field: 'grantId',
          }),
        );
      else if (problems.length === 0)
        change.grant = {
          id: grantId.data,
          fields: [...(payload.fields as string[])],
          expiresOn: payload.expiresOn as string,
          approvedAt: new Date(nowMs).toISOString(),
        };
      break;
    }
    case 'reject':
    case 'revoke':
      reason(true);
      break;
    case 'expire':
    case 'lapse':
      break;
  }
  if (problems.length > 0) throw new DatarunError(problems);
  return change;
}

/**
 * Applies one event to a request and returns the new request: the next state, revision + 1,
 * the deadline of the step now running (none once approved or final) and a history step with
 * the actor. The input is never changed. Throws `conflict` when the state does not allow the
 * event now (saying what it does allow), `invalid-field` naming the field of a bad payload.
 */
export function applyEvent(
  request: ShareRequest,
  event: ShareEvent,
  context: EventContext,
): ShareRequest {
  const { nowMs } = context;
  const type = event.type;
  if (!(SHARE_EVENT_TYPES as readonly string[]).includes(type))
    throw new DatarunError(
      problem('invalid-field', `expected one of ${SHARE_EVENT_TYPES.join(', ')}`, {
        field: 'type',
      }),
    );
  if (!(SHARE_REQUEST_TRANSITIONS[request.state] as readonly string[]).includes(type))
    throw refuse(
      `share request ${request.id} is ${request.state}, so it cannot be ${DOING[type]}; ${whatCanBeDone(request, nowMs)}`,
    );
  const wait = notYet(request, type, nowMs);
  if (wait)
    throw refuse(
      `share request ${request.id} cannot be ${DOING[type]} now: ${wait}; ${whatCanBeDone(request, nowMs)}`,
    );
  if (!ActorSchema.safeParse(context.actor).success)
    throw new DatarunError(
      problem('invalid-field', 'the actor needs a user, name, agency and role', {
        field: 'actor',
      }),
    );
  const change = changeFor(request, event, context);
  const to = SHARE_EVENT_TARGETS[type];
  const at = new Date(nowMs).toISOString();
  const step: HistoryStep = {
    at,
    actor: { ...context.actor },
    event: type,
    from: request.state,
    to,
    ...(change.reason && { reason: change.reason }),
    ...(change.due && { due: change.due }),
  };
  const { due: _due, grant: _grant, ...rest } = request;
  const grant = change.grant ?? request.grant;
  return {
    ...rest,
    ...(change.input && { input: change.input }),
    returns: change.returns ?? request.returns,
    state: to,
    revision: request.revision + 1,
    updatedAt: at,
    ...(change.due && { due: change.due }),
    ...(grant && { grant }),
    overdue: [...request.overdue],
    history: [...request.history, step],
  };
}

/** Who must act next for the request to move: the platform's reviewers, the provider or the requester. */
export function whoActsNext(
  request: Pick<ShareRequest, 'state'>,
): 'reviewer' | 'provider' | 'requester' | undefined {
  if (request.state === 'submitted') return 'reviewer';
  if (request.state === 'accepted') return 'provider';
  if (request.state === 'returned') return 'requester';
  return undefined;
}
