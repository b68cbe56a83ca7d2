import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { ActorSchema } from '../identity/identity.ts';
import type { Actor } from '../identity/identity.ts';
import type { WorkingDeadline } from '../sharing/share-request-machine.ts';
import {
  CorrectionSchema,
  DISPUTE_DEADLINES,
  DISPUTE_TEXT_LIMITS,
  DisputeSchema,
  FINAL_DISPUTE_STATES,
} from './dispute.ts';
import type {
  Correction,
  Dispute,
  DisputeContact,
  DisputeInput,
  DisputeState,
  DisputeStep,
  DisputedCell,
} from './dispute.ts';

/**
 * The life of a dispute (疑义数据): a report is verified by the provider within 5 working days
 * (extendable once, with a reason, to 10 counted from the report) and ends corrected or
 * rejected; a cross-check's candidate waits without a deadline until its provider confirms
 * it (5 working days from then) or dismisses it.
 *
 * Clock changes: a step is dated `max(now, dispute.updatedAt)`, so a history never goes back
 * in time even when the server's clock does; that same instant decides whether a deadline has
 * passed. Deadlines always count from the recorded report time (or confirmation time), never
 * from the clock at a later step, and a deadline the sweeper has marked overdue stays passed
 * whatever the clock says afterwards.
 */

/** Something a person does to a dispute. */
export type DisputeEvent =
  | { type: 'verify' }
  | { type: 'confirm' }
  | { type: 'dismiss'; reason: string }
  | { type: 'extend'; reason: string }
  | { type: 'correct'; correction: Correction }
  | { type: 'reject'; reason: string };
export type DisputeEventType = DisputeEvent['type'];

/** Every event type, in the order a dispute usually meets them. */
export const DISPUTE_EVENT_TYPES = [
  'confirm',
  'dismiss',
  'verify',
  'extend',
  'correct',
  'reject',
] as const satisfies readonly DisputeEventType[];

/** The events each state allows; `extend` also waits for conditions (see `allowedEvents`). */
export const DISPUTE_TRANSITIONS = {
  candidate: ['confirm', 'dismiss'],
  reported: ['verify', 'extend', 'correct', 'reject'],
  verifying: ['extend', 'correct', 'reject'],
  corrected: [],
  rejected: [],
  dismissed: [],
} as const satisfies Record<DisputeState, readonly DisputeEventType[]>;

/** The state each event leads to; `extend` keeps the state it is sent in. */
const TARGETS: Record<Exclude<DisputeEventType, 'extend'>, DisputeState> = {
  confirm: 'verifying',
  dismiss: 'dismissed',
  verify: 'verifying',
  correct: 'corrected',
  reject: 'rejected',
};

/** True when nothing leaves the state. */
export function isFinalDispute(state: DisputeState): boolean {
  return (FINAL_DISPUTE_STATES as readonly DisputeState[]).includes(state);
}

/** What applying an event needs besides the dispute and the event. */
export type DisputeEventContext = {
  /** Who sends it; the access policy has already decided they may. */
  actor: Actor;
  nowMs: number;
  workingDeadline: WorkingDeadline;
};

/** The instant a step taken at `nowMs` is dated: never before the dispute's last change. */
export function stepInstant(dispute: Pick<Dispute, 'updatedAt'>, nowMs: number): number {
  return Math.max(nowMs, Date.parse(dispute.updatedAt));
}

/** When the running verification deadline started: the report, or a candidate's confirmation. */
export function deadlineStart(dispute: Pick<Dispute, 'createdAt' | 'history'>): number {
  const confirmed = dispute.history.find((step) => step.event === 'confirm');
  return Date.parse(confirmed?.at ?? dispute.createdAt);
}

/** Why an event the state allows must wait, or undefined when it may happen now. */
function notYet(dispute: Dispute, type: DisputeEventType, nowMs: number): string | undefined {
  if (type !== 'extend') return undefined;
  const due = dispute.due;
  if (!due) return 'no verification deadline runs';
  if (due.extended) return `its deadline was extended once already, to ${due.at}`;
  if (dispute.overdue.some((mark) => mark.due === due.at))
    return `its deadline ${due.at} passed and was escalated`;
  if (stepInstant(dispute, nowMs) > Date.parse(due.at)) return `its deadline ${due.at} has passed`;
  return undefined;
}

/** The events the dispute accepts at this instant: its state's, less those that must wait. */
export function allowedEvents(dispute: Dispute, nowMs: number): DisputeEventType[] {
  return DISPUTE_TRANSITIONS[dispute.state].filter(
    (type) => notYet(dispute, type, nowMs) === undefined,
  );
}

const DOING: Record<DisputeEventType, string> = {
  confirm: 'confirmed as a finding to verify',
  dismiss: 'dismissed',
  verify: 'taken up for verification',
  extend: 'given a longer deadline',
  correct: 'corrected',
  reject: 'rejected',
};

/** What can still be done with the dispute, for a refusal's message. */
function whatCanBeDone(dispute: Dispute, nowMs: number): string {
  if (isFinalDispute(dispute.state))
    return 'that is final; report again if a later version is still wrong';
  const options = allowedEvents(dispute, nowMs).map((type) => DOING[type]);
  return `it can be ${options.join(', or ')}`;
}

function refuse(message: string): DatarunError {
  return new DatarunError(problem('conflict', message, { field: 'state' }));
}

/** A required reason, trimmed, or the problem with it. */
function checkReason(value: unknown): { reason?: string; problem?: Problem } {
  const reason = typeof value === 'string' ? value.trim() : '';
  if (reason.length === 0)
    return { problem: problem('invalid-field', 'give a reason', { field: 'reason' }) };
  if (reason.length > DISPUTE_TEXT_LIMITS.reason)
    return {
      problem: problem(
        'invalid-field',
        `the reason has ${reason.length} characters; at most ${DISPUTE_TEXT_LIMITS.reason}`,
        { field: 'reason' },
      ),
    };
  return { reason };
}

/**
 * Throws the `conflict` refusal `applyDisputeEvent` would give when the dispute's state does
 * not allow the event now, naming what it does allow; returns when it does. A correction is
 * published before it is recorded, so this is asked first.
 */
export function checkAllowed(dispute: Dispute, type: DisputeEventType, nowMs: number): void {
  if (!(DISPUTE_TRANSITIONS[dispute.state] as readonly string[]).includes(type))
    throw refuse(
      `dispute ${dispute.id} is ${dispute.state}, so it cannot be ${DOING[type]}; ${whatCanBeDone(dispute, nowMs)}`,
    );
  const wait = notYet(dispute, type, nowMs);
  if (wait)
    throw refuse(
      `dispute ${dispute.id} cannot be ${DOING[type]} now: ${wait}; ${whatCanBeDone(dispute, nowMs)}`,
    );
}

/**
 * Applies one event to a dispute and returns the new dispute: the next state, revision + 1,
 * the deadline now running (set on confirmation, moved once by an extension, cleared when the
 * dispute ends) and a history step with the actor. The input is never changed. Throws
 * `conflict` when the state does not allow the event now (saying what it does allow), and
 * `invalid-field` naming the field of a bad payload (a missing or too long reason, a
 * correction that is not one).
 */
export function applyDisputeEvent(
  dispute: Dispute,
  event: DisputeEvent,
  context: DisputeEventContext,
): Dispute {
  const { nowMs } = context;
  const type = event.type;
  if (!(DISPUTE_EVENT_TYPES as readonly string[]).includes(type))
    throw new DatarunError(
      problem('invalid-field', `expected one of ${DISPUTE_EVENT_TYPES.join(', ')}`, {
        field: 'type',
      }),
    );
  checkAllowed(dispute, type, nowMs);
  if (!ActorSchema.safeParse(context.actor).success)
    throw new DatarunError(
      problem('invalid-field', 'the actor needs a user, name, agency and role', {
        field: 'actor',
      }),
    );

  const atMs = stepInstant(dispute, nowMs);
  const at = new Date(atMs).toISOString();
  const payload = event as Record<string, unknown>;
  let reason: string | undefined;
  let correction: Correction | undefined;
  let due = dispute.due;
  if (type === 'dismiss' || type === 'extend' || type === 'reject') {
    const checked = checkReason(payload.reason);
    if (checked.problem) throw new DatarunError(checked.problem);
    reason = checked.reason;
  }
  if (type === 'correct') {
    const parsed = CorrectionSchema.safeParse(payload.correction);
    if (!parsed.success)
      throw new DatarunError(
        problem(
          'invalid-field',
          'a correction names the new version, the version it is based on, and at least one changed cell',
          { field: 'correction' },
        ),
      );
    correction = parsed.data;
  }
  if (type === 'confirm')
    due = {
      at: new Date(context.workingDeadline(atMs, DISPUTE_DEADLINES.verifyDays)).toISOString(),
      extended: false,
    };
  if (type === 'extend')
    due = {
      at: new Date(
        context.workingDeadline(deadlineStart(dispute), DISPUTE_DEADLINES.extendedDays),
      ).toISOString(),
      extended: true,
    };
  const to = type === 'extend' ? dispute.state : TARGETS[type];
  if (isFinalDispute(to)) due = undefined;

  const step: DisputeStep = {
    at,
    actor: { ...context.actor },
    event: type,
    from: dispute.state,
    to,
    ...(reason !== undefined && { reason }),
  };
  const { due: _due, ...rest } = dispute;
  return {
    ...rest,
    state: to,
    revision: dispute.revision + 1,
    updatedAt: at,
    ...(due && { due: { ...due } }),
    ...(correction && { correction }),
    overdue: [...dispute.overdue],
    history: [...dispute.history, step],
  };
}

/** What a new report is built from; the caller has found the cell and made the id. */
export type NewReport = {
  id: string;
  origin: 'public' | 'agency';
  input: DisputeInput;
  cell: DisputedCell;
  title: string;
  provider: string;
  reporter: Actor;
  statusTokenSha256: string;
  nowMs: number;
  workingDeadline: WorkingDeadline;
};

/**
 * A dispute as a person reports it: `reported`, due 5 working days after now, with the contact
 * of a member of the public kept apart from the input (only the provider and reviewers see it).
 * Throws when the parts do not make a valid dispute.
 */
export function newReportedDispute(report: NewReport): Dispute {
  const at = new Date(report.nowMs).toISOString();
  const { contact, ...input } = report.input;
  const kept: DisputeContact | undefined = report.origin === 'public' ? contact : undefined;
  return DisputeSchema.parse({
    id: report.id,
    revision: 1,
    origin: report.origin,
    input,
    cell: report.cell,
    title: report.title,
    provider: report.provider,
    reporter: report.reporter,
    ...(kept && { contact: kept }),
    statusTokenSha256: report.statusTokenSha256,
    state: 'reported',
    createdAt: at,
    updatedAt: at,
    due: {
      at: new Date(
        report.workingDeadline(report.nowMs, DISPUTE_DEADLINES.verifyDays),
      ).toISOString(),
      extended: false,
    },
    overdue: [],
    history: [{ at, actor: report.reporter, event: 'report', to: 'reported' }],
  });
}
