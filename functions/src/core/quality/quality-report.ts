import * as z from 'zod';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { IsoDateSchema, LocalizedTextSchema, TimestampSchema } from '../schemas/common.ts';
import { SYSTEM_LEVELS, SYSTEM_NETWORKS } from '../inventory/information-system.ts';
import { UPDATE_CYCLES } from '../schemas/vocabulary.ts';

/**
 * The catalog's quality and assessment figures (以应用效果为导向的考核), per agency and overall:
 * one schema for `catalog/quality.json`, `GET /api/v1/stats/quality`, the quality page and its
 * CSV. Every rate is a share between 0 and 1, or null when there is nothing to divide by.
 */

const rate = z.number().min(0).max(1).nullable();
const count = z.number().int().min(0);

/** How an entry keeps to its update cycle (更新周期). */
export const FRESHNESS_STATUSES = ['on-schedule', 'due-soon', 'overdue', 'irregular'] as const;
export const FreshnessStatusSchema = z.enum(FRESHNESS_STATUSES);
export type FreshnessStatus = z.infer<typeof FreshnessStatusSchema>;

/** An entry's freshness: when it was last updated, when the next version is due, how late. */
export const FreshnessSchema = z.strictObject({
  status: FreshnessStatusSchema,
  /** The later of its 更新日期 and its latest version's day (Asia/Shanghai). */
  lastUpdated: IsoDateSchema,
  /** The day the next version is due; absent for 不定期. */
  due: IsoDateSchema.optional(),
  /** Days past `due` (overdue only). */
  daysLate: count.optional(),
  /** Days until `due` (on-schedule and due-soon). */
  daysLeft: count.optional(),
});
export type Freshness = z.infer<typeof FreshnessSchema>;

/** The figures of one agency, or of all of them. */
export const QualityFiguresSchema = z.strictObject({
  /** Published catalog entries (share catalog: open and shared alike). */
  entries: count,
  /** Of those, entries linked to published data. */
  withData: count,
  /** 目录挂接率: withData / entries. */
  linkRate: rate,
  /** Entries with a regular update cycle (not 不定期), and how they keep to it. */
  scheduled: count,
  onSchedule: count,
  overdue: count,
  /** On-time update rate: onSchedule / scheduled (due-soon counts as on schedule). */
  onTimeUpdateRate: rate,
  /** Mean share of the completeness fields an entry fills (see definitions). */
  completeness: rate,
  /** Disputes reported or being verified. */
  openDisputes: count,
  /** Of those, past their deadline. */
  overdueDisputes: count,
  /** Disputes corrected or rejected. */
  resolvedDisputes: count,
  correctedDisputes: count,
  /** Median days (fractional, calendar) from report to correction or rejection. */
  medianResolutionDays: z.number().min(0).nullable(),
  /** Share-request decisions made, and made by their deadline. */
  shareDecisions: count,
  shareDecisionsOnTime: count,
  shareOnTimeRate: rate,
  /** Downloads of the agency's data, and API calls about it, since counting began. */
  downloads: count,
  apiCalls: count,
});
export type QualityFigures = z.infer<typeof QualityFiguresSchema>;

/** The keys of the figures, in the order tables and the CSV show them. */
export const QUALITY_FIGURE_KEYS = Object.keys(
  QualityFiguresSchema.shape,
) as (keyof QualityFigures)[];

/** An entry whose next version is late or soon due. */
export const FreshnessLineSchema = z.strictObject({
  code: EntryCodeSchema,
  title: LocalizedTextSchema,
  provider: AgencyCodeSchema,
  updateCycle: z.enum(UPDATE_CYCLES),
  freshness: FreshnessSchema,
});
export type FreshnessLine = z.infer<typeof FreshnessLineSchema>;

/** Two or more entries claiming to be the authoritative source (一数一源) of one 信息项. */
export const SourceConflictSchema = z.strictObject({
  /** The base library (category `基础/…`). */
  library: z.string(),
  item: z.string(),
  /** The entry kept as the source: the earliest issued, then the lowest code. */
  source: EntryCodeSchema,
  /** The other claimants, flagged. */
  claimants: z.array(EntryCodeSchema).min(1),
});
export type SourceConflict = z.infer<typeof SourceConflictSchema>;

/**
 * Demand (需求清单) and responsibility-item (责任清单) figures of one agency, or of all: what it
 * asked for as a requester, and how it keeps the items it accepted as a provider.
 */
export const DemandQualityFiguresSchema = z.strictObject({
  /** Demands the agency recorded as a requester, in any state. */
  demandsRecorded: count,
  /** Responsibility items the agency accepted as a provider, whatever became of them since. */
  itemsAccepted: count,
  /** Of those, fulfilled. */
  itemsFulfilled: count,
  /** Fulfilled on or before their due date. */
  itemsFulfilledOnTime: count,
  /** Accepted, not fulfilled, and past their due date on the report's day. */
  itemsOverdue: count,
  /** itemsFulfilledOnTime / itemsFulfilled. */
  fulfilmentOnTimeRate: rate,
});
export type DemandQualityFigures = z.infer<typeof DemandQualityFiguresSchema>;

/** The keys of the demand figures, in the order tables and the CSV show them. */
export const DEMAND_FIGURE_KEYS = Object.keys(
  DemandQualityFiguresSchema.shape,
) as (keyof DemandQualityFigures)[];

/** The demand figures of every agency together, with the demands nobody has been assigned yet. */
export const DemandQualityOverallSchema = DemandQualityFiguresSchema.extend({
  /** Demands submitted and waiting for a reviewer to assign a provider. */
  demandsAwaitingAssignment: count,
});
export type DemandQualityOverall = z.infer<typeof DemandQualityOverallSchema>;

/** Information-system (信息系统清单) connection figures of one agency, level, network, or all. */
export const InventoryQualityFiguresSchema = z.strictObject({
  systems: count,
  /** Systems connected to the sharing platform. */
  connectedSystems: count,
  /** connectedSystems / systems. */
  connectionRate: rate,
  /** Systems that feed a catalog entry and are not connected (数据断头路). */
  deadEnds: count,
});
export type InventoryQualityFigures = z.infer<typeof InventoryQualityFiguresSchema>;

/** The keys of the inventory figures, in the order tables and the CSV show them. */
export const INVENTORY_FIGURE_KEYS = Object.keys(
  InventoryQualityFiguresSchema.shape,
) as (keyof InventoryQualityFigures)[];

const agencyRow = <T extends z.ZodType>(figures: T) =>
  z.strictObject({ agency: AgencyCodeSchema, name: LocalizedTextSchema, figures });

/** The demand figures: every agency that recorded a demand or accepted an item, by code. */
export const DemandQualitySchema = z.strictObject({
  overall: DemandQualityOverallSchema,
  agencies: z.array(agencyRow(DemandQualityFiguresSchema)),
});
export type DemandQuality = z.infer<typeof DemandQualitySchema>;

/**
 * The inventory figures: every agency that owns a system (by code), the whole inventory, and
 * the whole inventory by level and by network (every level and network, in vocabulary order).
 */
export const InventoryQualitySchema = z.strictObject({
  overall: InventoryQualityFiguresSchema,
  agencies: z.array(agencyRow(InventoryQualityFiguresSchema)),
  levels: z.array(
    z.strictObject({ level: z.enum(SYSTEM_LEVELS), figures: InventoryQualityFiguresSchema }),
  ),
  networks: z.array(
    z.strictObject({ network: z.enum(SYSTEM_NETWORKS), figures: InventoryQualityFiguresSchema }),
  ),
});
export type InventoryQuality = z.infer<typeof InventoryQualitySchema>;

/** The whole report. */
export const QualityReportSchema = z.strictObject({
  generatedAt: TimestampSchema,
  /** The day the freshness figures were judged on (Asia/Shanghai). */
  day: IsoDateSchema,
  overall: QualityFiguresSchema,
  agencies: z.array(
    z.strictObject({
      agency: AgencyCodeSchema,
      name: LocalizedTextSchema,
      figures: QualityFiguresSchema,
    }),
  ),
  /** Public entries past their due date, most late first. */
  overdueEntries: z.array(FreshnessLineSchema),
  /** Public entries due within the due-soon window, soonest first. */
  dueSoon: z.array(FreshnessLineSchema),
  sourceConflicts: z.array(SourceConflictSchema),
  /**
   * Demands and responsibility items. Always computed now; optional because reports published
   * before the lists existed lack it, and their readers must keep working.
   */
  demands: DemandQualitySchema.optional(),
  /** The information-system inventory's connection figures; optional as `demands` is. */
  inventory: InventoryQualitySchema.optional(),
  /** What each figure means, how it is computed, in both languages. */
  definitions: z.record(z.string(), LocalizedTextSchema),
});
export type QualityReport = z.infer<typeof QualityReportSchema>;
