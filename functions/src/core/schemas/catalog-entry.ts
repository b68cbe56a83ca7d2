import * as z from 'zod';
import {
  CATEGORIES,
  ENTRY_STATUSES,
  ITEM_TYPES,
  LEVELS,
  OPEN_TYPES,
  RESOURCE_FORMATS,
  SHARE_METHODS,
  SHARE_TYPES,
  SOURCE_STATUSES,
  UPDATE_CYCLES,
  ZONES,
} from './vocabulary.ts';
import { IsoDateSchema, LocalizedTextSchema, TimestampSchema } from './common.ts';
import { AgencyCodeSchema } from './agency.ts';
import { VerificationSpecSchema } from '../verify/verification.ts';

/** 信息资源代码: `分类码/顺序码`, e.g. `101/000001`. */
export const EntryCodeSchema = z
  .string()
  .regex(/^[0-9A-Z]{1,20}\/[0-9]{6}$/, 'expected 分类码/顺序码 such as "101/000001"');

/** One 信息项 (data item): a column of the resource, which becomes a Table Schema field. */
export const ItemSchema = z
  .object({
    name: z.string().trim().min(1),
    nameEn: z.string().trim().min(1).optional(),
    type: z.enum(
      Object.keys(ITEM_TYPES) as [keyof typeof ITEM_TYPES, ...(keyof typeof ITEM_TYPES)[]],
    ),
    length: z.number().int().positive().optional(),
    description: z.string().optional(),
    required: z.boolean().default(false),
    key: z.boolean().default(false),
    /**
     * This entry is the authoritative source (一数一源) of this 信息项 in its base library.
     * Only entries of a base library (category `基础/…`) may say so. No default: entries that
     * do not say it keep the metadata hash they had.
     */
    authoritative: z.boolean().optional(),
  })
  .strict();
export type Item = z.infer<typeof ItemSchema>;

/** Where an entry's data file is, relative to the data folder, and how to read it. */
export const DataSourceSchema = z
  .object({
    path: z.string().min(1),
    /** A Frictionless Table Schema or `datapackage.json#resource-name`, relative to the data folder. */
    schema: z.string().min(1).optional(),
    encoding: z.enum(['utf-8', 'gbk', 'gb18030']).optional(),
    delimiter: z.string().length(1).optional(),
    header: z.boolean().optional(),
  })
  .strict();
export type DataSource = z.infer<typeof DataSourceSchema>;

const ContactSchema = z
  .object({
    name: z.string().optional(),
    phone: z.string().optional(),
    email: z.email().optional(),
  })
  .strict();

/**
 * Where an entry came from when it was imported from, or harvested off, another platform: the
 * platform, the entry's identifier there, and its page there. Absent for entries written here.
 */
export const OriginSchema = z
  .object({
    /** The source platform, e.g. `data.sh.gov.cn` or the harvested instance's origin. */
    platform: z.string().trim().min(1),
    /** The record's identifier on that platform (its code, identifier, IRI or package id). */
    id: z.string().trim().min(1),
    /** The record's landing page on that platform. */
    url: z.url().optional(),
  })
  .strict();
export type Origin = z.infer<typeof OriginSchema>;

const TemporalSchema = z
  .object({ start: IsoDateSchema.optional(), end: IsoDateSchema.optional() })
  .strict();

const EntryFieldsSchema = z
  .object({
    code: EntryCodeSchema,
    title: LocalizedTextSchema,
    abstract: LocalizedTextSchema,
    provider: AgencyCodeSchema,
    category: z.enum(CATEGORIES),
    format: z.enum(RESOURCE_FORMATS),
    items: z.array(ItemSchema).default([]),
    shareType: z.enum(SHARE_TYPES),
    shareCondition: z.string().trim().min(1).optional(),
    shareBasis: z.string().trim().min(1).optional(),
    shareMethod: z.array(z.enum(SHARE_METHODS)).min(1),
    openType: z.enum(OPEN_TYPES),
    openCondition: z.string().trim().min(1).optional(),
    updateCycle: z.enum(UPDATE_CYCLES),
    issued: IsoDateSchema,
    modified: IsoDateSchema,
    related: z.array(EntryCodeSchema).default([]),
    level: z.union(
      LEVELS.map((l) => z.literal(l)) as [
        z.ZodLiteral<1>,
        z.ZodLiteral<2>,
        z.ZodLiteral<3>,
        z.ZodLiteral<4>,
      ],
    ),
    keywords: z.array(z.string().trim().min(1)).default([]),
    contact: ContactSchema.optional(),
    licence: z.string().min(1).optional(),
    spatial: z.string().min(1).optional(),
    temporal: TemporalSchema.optional(),
    origin: OriginSchema.optional(),
    status: z.enum(SOURCE_STATUSES).default('draft'),
    data: DataSourceSchema.optional(),
    /** The verification service (查询/核验) the provider offers: publish checks its columns. */
    verification: VerificationSpecSchema.optional(),
  })
  .strict();

/** Categories of the base libraries (基础信息资源库) start with this. */
export const BASE_LIBRARY_PREFIX = '基础/';

type EntryFields = z.output<typeof EntryFieldsSchema>;

/**
 * The rules that tie fields together. They follow the catalog guidelines: a conditional share
 * states its condition, a refusal states its legal basis, and only public (level 1) resources
 * may be opened without condition.
 */
export function checkEntryRules(entry: EntryFields, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  if (entry.shareType === '有条件共享' && !entry.shareCondition)
    issue(['shareCondition'], '有条件共享 needs a 共享条件 (shareCondition)');
  if (entry.shareType === '不予共享' && !entry.shareBasis)
    issue(['shareBasis'], '不予共享 needs its legal basis (shareBasis)');
  if (entry.openType === '有条件开放' && !entry.openCondition)
    issue(['openCondition'], '有条件开放 needs a 开放条件 (openCondition)');
  if (entry.openType === '无条件开放' && typeof entry.level === 'number' && entry.level !== 1)
    issue(['level'], `only level 1 may be 无条件开放; this entry is level ${entry.level}`);
  if (entry.openType === '有条件开放' && entry.level > 2)
    issue(['level'], `level ${entry.level} data may not be opened at all; use 不予开放`);
  if (entry.modified < entry.issued)
    issue(['modified'], `modified (${entry.modified}) is before issued (${entry.issued})`);
  if (entry.temporal?.start && entry.temporal.end && entry.temporal.end < entry.temporal.start)
    issue(['temporal', 'end'], 'temporal end is before its start');
  const seen = new Set<string>();
  (Array.isArray(entry.items) ? entry.items : []).forEach((item, i) => {
    if (seen.has(item?.name)) issue(['items', i, 'name'], `信息项 "${item.name}" appears twice`);
    seen.add(item?.name);
    if (item?.authoritative === true && !String(entry.category).startsWith(BASE_LIBRARY_PREFIX))
      issue(
        ['items', i, 'authoritative'],
        `only an entry of a base library (category ${BASE_LIBRARY_PREFIX}…) can be the authoritative source of a 信息项; this entry's category is ${entry.category}`,
      );
  });
  if (Array.isArray(entry.related) && entry.related.includes(entry.code))
    issue(['related'], 'an entry cannot relate to itself');
}

/**
 * The rules also run when other fields are invalid, so one run reports every problem; they
 * read only fields they can check for themselves.
 */
const ALWAYS = {
  when: (payload: { value: unknown }) =>
    typeof payload.value === 'object' && payload.value !== null,
};

/** A catalog entry (信息资源目录 core metadata) as written in `data/entries/*.yaml`. */
export const CatalogEntrySchema = EntryFieldsSchema.superRefine(checkEntryRules, ALWAYS);
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
export type CatalogEntryInput = z.input<typeof CatalogEntrySchema>;

/** The fields of a catalog record, before the cross-field rules. */
export const CatalogRecordFieldsSchema = EntryFieldsSchema.omit({
  status: true,
  data: true,
}).extend({
  status: z.enum(ENTRY_STATUSES),
  zone: z.enum(ZONES),
  /** Hash of the metadata, so an unchanged entry is not rewritten. */
  metadataSha256: z.string().regex(/^[0-9a-f]{64}$/),
  currentVersion: z.number().int().positive().optional(),
  hasData: z.boolean(),
  /** Bumped by every write; each write is conditional on the revision it read. */
  revision: z.number().int().positive(),
  updatedAt: TimestampSchema,
});

/** A catalog entry as the platform holds it: the entry plus its publication state. */
export const CatalogRecordSchema = CatalogRecordFieldsSchema.superRefine(
  (record, ctx) => checkEntryRules({ ...record, status: 'approved' }, ctx),
  ALWAYS,
);
export type CatalogRecord = z.infer<typeof CatalogRecordSchema>;
