import * as z from 'zod';
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
