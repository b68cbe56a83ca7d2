import * as z from 'zod';
import { ActorSchema } from '../identity/identity.ts';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { IsoDateSchema, TimestampSchema } from '../schemas/common.ts';

/**
 * A demand (需求清单) and the responsibility item (责任清单) it becomes: an agency records data
 * it needs that the catalog lacks or shares too narrowly; a reviewer assigns it to a provider,
 * which commits to creating an entry or widening a share by a date, and links what fulfilled it.
 */

/** Limits on free text, so that a demand cannot fill a table item or a page. */
export const DEMAND_TEXT_LIMITS = {
  title: 200,
  description: 2000,
  field: 200,
  purpose: 1000,
  legalBasis: 1000,
  reason: 1000,
  note: 1000,
} as const;

/** A demand may name at most this many wanted fields. */
export const MAX_DEMAND_FIELDS = 200;

const text = (max: number) => z.string().trim().min(1).max(max);

/** What a requesting agency fills in. */
export const DemandInputSchema = z.strictObject({
  title: text(DEMAND_TEXT_LIMITS.title),
  description: text(DEMAND_TEXT_LIMITS.description),
  /** The 信息项 wanted, by name. */
  fields: z
    .array(text(DEMAND_TEXT_LIMITS.field))
    .min(1)
    .max(MAX_DEMAND_FIELDS)
    .refine((fields) => new Set(fields).size === fields.length, 'name each field once'),
  /** Why the data is needed: the task it serves. */
  purpose: text(DEMAND_TEXT_LIMITS.purpose),
  /** The law, regulation or document that entitles the requester to the data. */
  legalBasis: text(DEMAND_TEXT_LIMITS.legalBasis),
  /** The entry that holds the data but is not shared enough, when there is one. */
  relatedEntry: EntryCodeSchema.optional(),
});
export type DemandInput = z.infer<typeof DemandInputSchema>;

/**
 * submitted → assigned (a reviewer names the provider) → accepted (the provider commits to a
 * responsibility item) → fulfilled. A reviewer may decline a submitted demand; a provider may
 * return an assigned one to the reviewer (back to submitted); the requester may withdraw it
 * before acceptance.
 */
export const DEMAND_STATES = [
  'submitted',
  'assigned',
  'accepted',
  'fulfilled',
  'declined',
  'withdrawn',
] as const;
export const DemandStateSchema = z.enum(DEMAND_STATES);
export type DemandState = z.infer<typeof DemandStateSchema>;

/** States a demand ends in. */
export const FINAL_DEMAND_STATES = ['fulfilled', 'declined', 'withdrawn'] as const;

/** What a provider commits to: a catalog entry to create, or a share type to widen. */
export const RESPONSIBILITY_KINDS = ['create-entry', 'widen-share'] as const;
export const ResponsibilityKindSchema = z.enum(RESPONSIBILITY_KINDS);
export type ResponsibilityKind = z.infer<typeof ResponsibilityKindSchema>;

/** The responsibility item (责任清单) an accepted demand became. */
export const ResponsibilitySchema = z.strictObject({
  kind: ResponsibilityKindSchema,
  /** The last day it may be fulfilled on time, in the platform's calendar (Asia/Shanghai). */
  dueOn: IsoDateSchema,
  note: text(DEMAND_TEXT_LIMITS.note).optional(),
});
export type Responsibility = z.infer<typeof ResponsibilitySchema>;

/** A grant's id, as the sharing records write it. */
export const GrantIdSchema = z.string().regex(/^gr_[a-z0-9]{10,40}$/, 'expected a grant id gr_…');

/** What fulfilled a responsibility item: the entry created or widened, or the grant made. */
export const DemandLinkSchema = z.union([
  z.strictObject({ entry: EntryCodeSchema }),
  z.strictObject({ grant: GrantIdSchema }),
]);
export type DemandLink = z.infer<typeof DemandLinkSchema>;

/** The link, and the day it was recorded, which decides whether it was on time. */
export const FulfilmentSchema = z.strictObject({ link: DemandLinkSchema, on: IsoDateSchema });
export type Fulfilment = z.infer<typeof FulfilmentSchema>;

/** One step in a demand's life, as its history and the audit log record it. */
export const DemandStepSchema = z.strictObject({
  at: TimestampSchema,
  actor: ActorSchema,
  event: z.string().min(1),
  from: DemandStateSchema.optional(),
  to: DemandStateSchema,
  reason: z.string().max(DEMAND_TEXT_LIMITS.reason).optional(),
});
export type DemandStep = z.infer<typeof DemandStepSchema>;

/** A stored demand. `revision` guards every write: two people deciding, exactly one wins. */
export const DemandSchema = z.strictObject({
  id: z.string().regex(/^dm_[a-z0-9]{10,40}$/),
  revision: z.number().int().min(1),
  input: DemandInputSchema,
  requester: ActorSchema,
  state: DemandStateSchema,
  /** The providing agency, once a reviewer has assigned one. */
  provider: AgencyCodeSchema.optional(),
  responsibility: ResponsibilitySchema.optional(),
  fulfilment: FulfilmentSchema.optional(),
  history: z.array(DemandStepSchema).min(1),
});
export type Demand = z.infer<typeof DemandSchema>;
