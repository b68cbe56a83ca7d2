import * as z from 'zod';
import { ActorSchema } from '../identity/identity.ts';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { TimestampSchema } from '../schemas/common.ts';

/**
 * A disputed-data report (疑义数据) and its verification: one schema for the API body, the stored
 * record, the portal pages and the tests. A consumer says which cell of which version looks
 * wrong; the provider verifies it within a deadline and either publishes a corrected version
 * or rejects the report with a reason.
 */

/** Limits on free text, so that a report cannot fill a table item or a page. */
export const DISPUTE_TEXT_LIMITS = {
  description: 2000,
  expected: 1000,
  evidence: 2000,
  reason: 1000,
  contactName: 100,
  contactEmail: 200,
  /** A corrected cell's new value. */
  value: 10_000,
} as const;

/** Working days a provider has to verify a report, and once extended. */
export const DISPUTE_DEADLINES = { verifyDays: 5, extendedDays: 10 } as const;

/** A correction may change at most this many cells. */
export const MAX_CORRECTION_EDITS = 1000;

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * The row a report is about: its number among the data rows of that version (1 is the first
 * row after the header), or the values of the entry's key 信息项 (`key: true`), which stay
 * true across versions.
 */
export const DisputeRowSchema = z.union([
  z.strictObject({ number: z.number().int().min(1) }),
  z.strictObject({
    key: z
      .record(z.string().min(1).max(200), z.string().max(1000))
      .refine((key) => Object.keys(key).length > 0, 'name at least one key field'),
  }),
]);
export type DisputeRow = z.infer<typeof DisputeRowSchema>;

/** Who to tell, for a member of the public; signed-in staff are known by their identity. */
export const DisputeContactSchema = z.strictObject({
  name: text(DISPUTE_TEXT_LIMITS.contactName),
  email: z.email().max(DISPUTE_TEXT_LIMITS.contactEmail),
});
export type DisputeContact = z.infer<typeof DisputeContactSchema>;

/** What a reporter fills in. */
export const DisputeInputSchema = z.strictObject({
  code: EntryCodeSchema,
  version: z.number().int().min(1),
  row: DisputeRowSchema,
  /** The column (信息项) as the version's Table Schema names it. */
  field: z.string().trim().min(1).max(200),
  /** What is wrong. */
  description: text(DISPUTE_TEXT_LIMITS.description),
  /** What the value should be, when the reporter knows. */
  expected: text(DISPUTE_TEXT_LIMITS.expected).optional(),
  /** A link or a citation that supports the report. */
  evidence: text(DISPUTE_TEXT_LIMITS.evidence).optional(),
  /** Required from the public, ignored for signed-in staff. */
  contact: DisputeContactSchema.optional(),
});
export type DisputeInput = z.infer<typeof DisputeInputSchema>;

/**
 * candidate (a cross-check's finding, waiting for its provider) → confirmed into verifying, or
 * dismissed; reported (by a person) → verifying → corrected or rejected. The provider may
 * correct or reject straight from reported.
 */
export const DISPUTE_STATES = [
  'candidate',
  'reported',
  'verifying',
  'corrected',
  'rejected',
  'dismissed',
] as const;
export const DisputeStateSchema = z.enum(DISPUTE_STATES);
export type DisputeState = z.infer<typeof DisputeStateSchema>;

/** States a dispute ends in. */
export const FINAL_DISPUTE_STATES = ['corrected', 'rejected', 'dismissed'] as const;

/** Where a dispute came from. */
export const DISPUTE_ORIGINS = ['public', 'agency', 'cross-check'] as const;

/** The cell as it was found when the report came in. */
export const DisputedCellSchema = z.strictObject({
  /** Its row number in the reported version. */
  rowNumber: z.number().int().min(1),
  /** The row's key values, when the entry has key 信息项. */
  key: z.record(z.string(), z.string()).optional(),
  /** The value as the version publishes it (the CSV text; empty for a missing value). */
  value: z.string(),
});
export type DisputedCell = z.infer<typeof DisputedCellSchema>;

/** One cell a correction changed. */
export const CellChangeSchema = z.strictObject({
  /** The row number in the corrected version. */
  row: z.number().int().min(1),
  key: z.record(z.string(), z.string()).optional(),
  field: z.string().min(1),
  before: z.string(),
  after: z.string(),
});
export type CellChange = z.infer<typeof CellChangeSchema>;

/** The corrected version a dispute led to. */
export const CorrectionSchema = z.strictObject({
  /** The new version's number. */
  version: z.number().int().min(1),
  /** The version the corrected cells were taken from. */
  basedOn: z.number().int().min(1),
  changes: z.array(CellChangeSchema).min(1),
  at: TimestampSchema,
});
export type Correction = z.infer<typeof CorrectionSchema>;

/** The deadline of verification, and whether it was extended (only once). */
export const DisputeDueSchema = z.strictObject({ at: TimestampSchema, extended: z.boolean() });

/** One step in a dispute's life, as its history and the audit log record it. */
export const DisputeStepSchema = z.strictObject({
  at: TimestampSchema,
  actor: ActorSchema,
  event: z.string().min(1),
  from: DisputeStateSchema.optional(),
  to: DisputeStateSchema,
  reason: z.string().max(DISPUTE_TEXT_LIMITS.reason).optional(),
});
export type DisputeStep = z.infer<typeof DisputeStepSchema>;

/** A stored dispute. `revision` guards every write: two providers deciding, exactly one wins. */
export const DisputeSchema = z.strictObject({
  /**
   * `dp_…`, derived from what makes a report the same (entry, version, row, field, reporter),
   * so the same report sent twice lands on one stored dispute.
   */
  id: z.string().regex(/^dp_[a-z0-9]{10,40}$/),
  revision: z.number().int().min(1),
  origin: z.enum(DISPUTE_ORIGINS),
  input: DisputeInputSchema.omit({ contact: true }),
  cell: DisputedCellSchema,
  /** The entry's title when reported, for lists. */
  title: z.string().min(1),
  provider: AgencyCodeSchema,
  reporter: ActorSchema,
  /** A member of the public's contact; never shown to anyone but the provider and reviewers. */
  contact: DisputeContactSchema.optional(),
  /** SHA-256 (hex) of the secret in the reporter's status link. */
  statusTokenSha256: z.string().regex(/^[0-9a-f]{64}$/),
  state: DisputeStateSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  /** The verification deadline, while one runs (candidates have none). */
  due: DisputeDueSchema.optional(),
  /** Missed deadlines, each escalated once by the sweeper. */
  overdue: z.array(z.strictObject({ due: TimestampSchema, escalatedAt: TimestampSchema })),
  correction: CorrectionSchema.optional(),
  /** For a cross-check's candidate: which check, and what the reference holds. */
  crossCheck: z
    .strictObject({ check: z.string().min(1), reference: EntryCodeSchema, detail: z.string() })
    .optional(),
  history: z.array(DisputeStepSchema).min(1),
});
export type Dispute = z.infer<typeof DisputeSchema>;
