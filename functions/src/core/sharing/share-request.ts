import * as z from 'zod';
import { ActorSchema } from '../identity/identity.ts';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { IsoDateSchema, TimestampSchema } from '../schemas/common.ts';

/**
 * A share request (共享申请) and its grant. One schema for the API body, the stored record,
 * the portal pages and the tests.
 */

/** Limits on free text, so that one request cannot fill a table item (400 KB in DynamoDB). */
export const TEXT_LIMITS = { purpose: 2000, legalBasis: 1000, reason: 1000, contact: 200 } as const;
/** A request names at most this many 信息项. */
export const MAX_FIELDS = 200;

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a consumer fills in: the entry, why, which 信息项, for how long, on what legal basis. */
export const ShareRequestInputSchema = z
  .object({
    code: EntryCodeSchema,
    /**
     * `verify` asks for the entry's verification service (查询/核验): match or no match for
     * records the consumer holds, never the data. Absent: the data itself.
     */
    service: z.literal('verify').optional(),
    purpose: text(TEXT_LIMITS.purpose),
    /** The 信息项 wanted, by name as the catalog entry lists them (the minimum necessary). */
    fields: z.array(text(200)).min(1).max(MAX_FIELDS),
    /** The period of use asked for, both days inclusive. */
    period: z.object({ from: IsoDateSchema, to: IsoDateSchema }).strict(),
    legalBasis: text(TEXT_LIMITS.legalBasis),
    contact: z
      .object({
        name: text(TEXT_LIMITS.contact),
        phone: z
          .string()
          .trim()
          .regex(/^[0-9+\-() ]{5,30}$/, 'expected a telephone number')
          .optional(),
        email: z.email().max(TEXT_LIMITS.contact).optional(),
      })
      .strict(),
  })
  .strict();
export type ShareRequestInput = z.infer<typeof ShareRequestInputSchema>;

/**
 * submitted → accepted (统一受理) or returned for correction → approved (an active grant) or
 * rejected by the provider → expired or revoked. A returned request is resubmitted or lapses;
 * the requester may withdraw before a decision.
 */
export const SHARE_REQUEST_STATES = [
  'submitted',
  'returned',
  'accepted',
  'approved',
  'rejected',
  'revoked',
  'expired',
  'withdrawn',
] as const;
export const ShareRequestStateSchema = z.enum(SHARE_REQUEST_STATES);
export type ShareRequestState = z.infer<typeof ShareRequestStateSchema>;

/** The steps that have a deadline, in working days. */
export const DEADLINE_STEPS = ['acceptance', 'decision', 'correction'] as const;
export type DeadlineStep = (typeof DEADLINE_STEPS)[number];

/** A step's deadline: which step, and the instant it is due (end of its last working day). */
export const DueSchema = z.object({ step: z.enum(DEADLINE_STEPS), at: TimestampSchema }).strict();
export type Due = z.infer<typeof DueSchema>;

/** The data an approval grants: which 信息项, until when. */
export const GrantSchema = z
  .object({
    /** `gr_…`; names the grant in extract labels (数据标签) and downloads. */
    id: z.string().regex(/^gr_[a-z0-9]{10,40}$/),
    fields: z.array(z.string().min(1)).min(1),
    /** The last day of use, inclusive (Asia/Shanghai). */
    expiresOn: IsoDateSchema,
    approvedAt: TimestampSchema,
  })
  .strict();
export type Grant = z.infer<typeof GrantSchema>;

/** One step in a request's life, as its history and the audit log record it. */
export const HistoryStepSchema = z
  .object({
    at: TimestampSchema,
    actor: ActorSchema,
    event: z.string().min(1),
    from: ShareRequestStateSchema.optional(),
    to: ShareRequestStateSchema,
    reason: z.string().max(TEXT_LIMITS.reason).optional(),
    /** The deadline this step set running, kept after it ends so on-time rates can judge it. */
    due: DueSchema.optional(),
  })
  .strict();
export type HistoryStep = z.infer<typeof HistoryStepSchema>;

/** A step that missed its deadline, and when the sweeper escalated it to the reviewers. */
export const OverdueSchema = z
  .object({ step: z.enum(DEADLINE_STEPS), due: TimestampSchema, escalatedAt: TimestampSchema })
  .strict();

/** A stored share request. `revision` guards every write: two deciders, exactly one wins. */
export const ShareRequestSchema = z
  .object({
    id: z.string().regex(/^sr_[a-z0-9]{10,40}$/),
    revision: z.number().int().min(1),
    input: ShareRequestInputSchema,
    /** The entry's title when the request was made, for lists. */
    title: z.string().min(1),
    shareType: z.enum(['无条件共享', '有条件共享']),
    provider: AgencyCodeSchema,
    requester: ActorSchema,
    state: ShareRequestStateSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
    /** The current step's deadline, while one runs (end of the last working day, UTC). */
    due: DueSchema.optional(),
    /** Every missed deadline, in order. */
    overdue: z.array(OverdueSchema),
    /** How often the platform returned it for correction. */
    returns: z.number().int().min(0),
    grant: GrantSchema.optional(),
    history: z.array(HistoryStepSchema).min(1),
  })
  .strict();
export type ShareRequest = z.infer<typeof ShareRequestSchema>;
