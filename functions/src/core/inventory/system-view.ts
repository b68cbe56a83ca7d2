import * as z from 'zod';
import { StoredSystemSchema, SYSTEM_LEVELS, SYSTEM_NETWORKS } from './information-system.ts';
import type { StoredSystem } from './information-system.ts';
import { isDeadEnd } from './inventory-figures.ts';
import type { InventoryReport } from './inventory-figures.ts';

/** A system as the inventory list shows it: flagged when it is a 数据断头路. */
export const SystemViewSchema = StoredSystemSchema.extend({
  deadEnd: z
    .boolean()
    .describe('The system feeds catalog entries but is not connected (数据断头路)'),
});
export type SystemView = z.infer<typeof SystemViewSchema>;

const InventoryFiguresSchema = z.object({
  systems: z.number().int(),
  connected: z.number().int(),
  connectionRate: z.number().nullable().describe('connected / systems; null when there are none'),
  byLevel: z.record(z.enum(SYSTEM_LEVELS), z.number().int()),
  byNetwork: z.record(z.enum(SYSTEM_NETWORKS), z.number().int()),
});

/** The schema of `InventoryReport`, for the API's answers and the OpenAPI document. */
export const InventoryReportSchema: z.ZodType<InventoryReport> = z.object({
  overall: InventoryFiguresSchema,
  agencies: z.array(z.object({ agency: z.string(), figures: InventoryFiguresSchema })),
  deadEnds: z.array(
    z.object({ system: z.string(), owner: z.string(), entries: z.array(z.string()) }),
  ),
});

/** The list's view of a stored system. */
export function systemView(system: StoredSystem): SystemView {
  return { ...system, deadEnd: isDeadEnd(system) };
}
