import * as z from 'zod';
import { authorize } from '../access/policy.ts';
import type { PolicyAction, PolicyResource } from '../access/policy.ts';
import type { Identity } from '../identity/identity.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { TimestampSchema } from '../schemas/common.ts';
import {
  CellChangeSchema,
  CorrectionSchema,
  DisputeInputSchema,
  DisputeSchema,
  DisputeStateSchema,
  DisputedCellSchema,
} from './dispute.ts';
import type { Dispute } from './dispute.ts';
import { allowedEvents, isFinalDispute } from './dispute-machine.ts';
import type { DisputeEventType } from './dispute-machine.ts';

/**
 * What each audience sees of a dispute. The public never sees a reporter's contact or the
 * names of staff; the status link shows the reporter their own report and its steps.
 */

/** A step as the reporter's status page shows it: what happened and when, not who. */
export const PublicStepSchema = z.strictObject({
  at: TimestampSchema,
  event: z.string(),
  to: DisputeStateSchema,
  reason: z.string().optional(),
});

/** The reporter's view through their status link (`GET /api/v1/disputes/{id}?token=…`). */
export const DisputeStatusViewSchema = z.strictObject({
  id: z.string(),
  code: EntryCodeSchema,
  title: z.string(),
  version: z.number().int(),
  field: z.string(),
  cell: DisputedCellSchema,
  description: z.string(),
  state: DisputeStateSchema,
  createdAt: TimestampSchema,
  /** The verification deadline while one runs. */
  dueAt: TimestampSchema.optional(),
  overdue: z.boolean(),
  correction: CorrectionSchema.optional(),
  steps: z.array(PublicStepSchema),
});
export type DisputeStatusView = z.infer<typeof DisputeStatusViewSchema>;

/** A dispute as provider, reviewer or reporting agency staff see it, with what they may do. */
export const DisputeStaffViewSchema = DisputeSchema.omit({ statusTokenSha256: true }).extend({
  /** The events this caller may send now (`verify`, `extend`, `correct`, `reject`, …). */
  actions: z.array(z.string()),
  /** True when the deadline has passed and the dispute is still open. */
  isOverdue: z.boolean(),
});
export type DisputeStaffView = z.infer<typeof DisputeStaffViewSchema>;

/** What a report answers: the dispute's id and, for a new report, the status link's secret. */
export const DisputeReceiptSchema = z.strictObject({
  id: z.string(),
  state: DisputeStateSchema,
  /** True when the same report was already there: nothing new was stored. */
  duplicate: z.boolean(),
  /** The status link's secret; only in the answer that created the dispute. */
  token: z.string().optional(),
  /** The site path of the status page, token included (only with `token`). */
  statusPath: z.string().optional(),
  dueAt: TimestampSchema.optional(),
});
export type DisputeReceipt = z.infer<typeof DisputeReceiptSchema>;

/** One line of an entry's public corrections log. */
export const CorrectionLogLineSchema = z.strictObject({
  dispute: z.string(),
  code: EntryCodeSchema,
  /** The version the report was about, and the corrected one. */
  reportedVersion: z.number().int(),
  version: z.number().int(),
  at: TimestampSchema,
  field: z.string(),
  changes: z.array(CellChangeSchema),
});
export type CorrectionLogLine = z.infer<typeof CorrectionLogLineSchema>;

/**
 * The public corrections log of the catalog, as published at `catalog/corrections.json` on
 * every publish and correction (public entries only), newest first per entry.
 */
export const CorrectionsLogSchema = z.strictObject({
  generatedAt: TimestampSchema,
  /** By entry code. */
  entries: z.record(
    z.string(),
    z.strictObject({
      corrections: z.array(CorrectionLogLineSchema),
      /** Reports still being verified (reported or verifying). */
      open: z.number().int().min(0),
      /** Reports rejected after verification. */
      rejected: z.number().int().min(0),
    }),
  ),
});
export type CorrectionsLog = z.infer<typeof CorrectionsLogSchema>;

/** What the provider sends to correct: the cells to change (the disputed one among them). */
export const CorrectionInputSchema = z.strictObject({
  edits: z
    .array(
      z.strictObject({
        /** Row number in the latest version; the disputed row when left out. */
        row: z.number().int().min(1).optional(),
        field: z.string().trim().min(1).max(200),
        value: z.string().max(10_000),
      }),
    )
    .min(1)
    .max(1000),
  /** A note for the corrections log and the audit record. */
  note: z.string().trim().max(1000).optional(),
});
export type CorrectionInput = z.infer<typeof CorrectionInputSchema>;

/** Used by the report form: the entry's versions and the fields a report may name. */
export const DisputeTargetSchema = DisputeInputSchema.pick({ code: true, version: true });

/** The policy action each event of a dispute needs. */
export const DISPUTE_EVENT_ACTIONS: Record<DisputeEventType, PolicyAction> = {
  confirm: 'dispute.confirm',
  dismiss: 'dispute.dismiss',
  verify: 'dispute.verify',
  extend: 'dispute.extend',
  correct: 'dispute.correct',
  reject: 'dispute.reject',
};

/** What the access policy needs to know about a dispute: who provides, who reported. */
export function disputeResource(dispute: Pick<Dispute, 'provider' | 'reporter'>): PolicyResource {
  return { provider: dispute.provider, requesterAgency: dispute.reporter.agency };
}

/** True when the dispute is open and its deadline mark for the running deadline is set. */
function markedOverdue(dispute: Dispute): boolean {
  const due = dispute.due;
  return (
    !isFinalDispute(dispute.state) &&
    due !== undefined &&
    dispute.overdue.some((mark) => mark.due === due.at)
  );
}

/**
 * The reporter's view through their status link: the report, the disputed cell, the state,
 * the deadline and the steps with when and why, but never the contact, the reporter's or any
 * staff member's name, or the status secret. `overdue` is the sweeper's mark of the running
 * deadline, so the page says the same as the reviewers' lists.
 */
export function statusView(dispute: Dispute): DisputeStatusView {
  return {
    id: dispute.id,
    code: dispute.input.code,
    title: dispute.title,
    version: dispute.input.version,
    field: dispute.input.field,
    cell: dispute.cell,
    description: dispute.input.description,
    state: dispute.state,
    createdAt: dispute.createdAt,
    ...(dispute.due && { dueAt: dispute.due.at }),
    overdue: markedOverdue(dispute),
    ...(dispute.correction && { correction: dispute.correction }),
    steps: dispute.history.map((step) => ({
      at: step.at,
      event: step.event,
      to: step.to,
      ...(step.reason !== undefined && { reason: step.reason }),
    })),
  };
}

/**
 * A dispute as staff see it, with the events this person may send now (those the state allows
 * at `nowMs` that the policy lets them send). A member of the public's contact is kept for the
 * provider's staff and the reviewers and admins; others (the reporting agency) do not see it.
 */
export function staffView(dispute: Dispute, identity: Identity, nowMs: number): DisputeStaffView {
  const resource = disputeResource(dispute);
  const allowedNow: readonly DisputeEventType[] = allowedEvents(dispute, nowMs);
  const actions = allowedNow.filter(
    (event) => authorize(identity, DISPUTE_EVENT_ACTIONS[event], resource).allow,
  );
  const seesContact =
    identity.roles.includes('reviewer') ||
    identity.roles.includes('admin') ||
    (identity.roles.includes('provider') && identity.agency === dispute.provider);
  const { statusTokenSha256: _secret, contact, ...rest } = dispute;
  return {
    ...rest,
    ...(contact && seesContact && { contact }),
    actions,
    isOverdue:
      !isFinalDispute(dispute.state) &&
      dispute.due !== undefined &&
      Date.parse(dispute.due.at) < nowMs,
  };
}
