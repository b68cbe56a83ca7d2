import * as z from 'zod';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { EntryCodeSchema } from '../schemas/catalog-entry.ts';
import { LocalizedTextSchema } from '../schemas/common.ts';

/**
 * The information-system inventory (信息系统清单): the systems each agency runs or uses, where
 * they sit, and whether they are connected to the sharing platform. A system that feeds a
 * catalog entry without being connected is where shared data stops (数据断头路).
 *
 * As in schemas/vocabulary.ts, values are the Chinese terms and English labels live in the
 * site's i18n files: 国家级 national, 省级 provincial, 市级 municipal; 互联网 internet,
 * 政务外网 e-government extranet, 专网 dedicated (separate) network.
 */

/** Who built and runs the system: the tier of government it belongs to. */
export const SYSTEM_LEVELS = ['国家级', '省级', '市级'] as const;
export type SystemLevel = (typeof SYSTEM_LEVELS)[number];

/** The network the system runs on. */
export const SYSTEM_NETWORKS = ['互联网', '政务外网', '专网'] as const;
export type SystemNetwork = (typeof SYSTEM_NETWORKS)[number];

/** A system's identifier: `is_` and a serial or name, or a lower-case slug. */
export const SystemIdSchema = z
  .string()
  .regex(
    /^(is_[a-z0-9][a-z0-9_-]{0,62}|[a-z][a-z0-9-]{1,62})$/,
    'expected "is_" and lower-case letters or digits, or a lower-case slug such as "hotline-12345"',
  );

/** Codes of the catalog entries whose data a system produces, each once. */
export const SystemFeedsSchema = z
  .array(EntryCodeSchema)
  .refine((codes) => new Set(codes).size === codes.length, 'list each entry once');

/** One information system in an agency's inventory. */
export const InformationSystemSchema = z.strictObject({
  id: SystemIdSchema,
  name: LocalizedTextSchema,
  /** The agency that uses the system and answers for its data. */
  owner: AgencyCodeSchema,
  level: z.enum(SYSTEM_LEVELS),
  network: z.enum(SYSTEM_NETWORKS),
  /** Whether the system exchanges data through the sharing platform. */
  connected: z.boolean(),
  /** Codes of the catalog entries whose data this system produces. */
  feeds: SystemFeedsSchema.default([]),
  description: z.string().trim().min(1).max(2000).optional(),
  url: z.url().optional(),
});
export type InformationSystem = z.infer<typeof InformationSystemSchema>;

/** The file `data/information-systems.yaml`: every agency's systems under one key. */
export const InventorySchema = z.strictObject({ systems: z.array(InformationSystemSchema) });
export type Inventory = z.infer<typeof InventorySchema>;

/** A system as stored: its record and the revision that guards every edit. */
export const StoredSystemSchema = InformationSystemSchema.extend({
  revision: z.number().int().min(1),
});
export type StoredSystem = z.infer<typeof StoredSystemSchema>;
