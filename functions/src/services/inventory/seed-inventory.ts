import { parseYaml } from '../../core/catalog/parse-source.ts';
import { DatarunError } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import { checkInventory } from '../../core/inventory/check-inventory.ts';
import { InventorySchema } from '../../core/inventory/information-system.ts';
import type { InformationSystem } from '../../core/inventory/information-system.ts';
import { systemProblems } from '../../core/inventory/system-edit.ts';
import { SYSTEM_ACTOR } from '../../core/identity/identity.ts';
import type { CatalogSource } from '../../core/ports/catalog-source.ts';
import type { LoadedCatalog } from '../load-catalog.ts';
import type { InventoryDeps } from './inventory-deps.ts';

/** The inventory file of a catalog source, beside `agencies.yaml`. */
export const INVENTORY_FILE = 'information-systems.yaml';

/** The inventory file's systems, checked; where they came from, for later problems. */
export type LoadedInventory = { file: string; systems: InformationSystem[] };

/** What seeding did: systems created, systems already stored and kept as they are. */
export type SeedSummary = {
  created: number;
  kept: number;
  /**
   * New systems of the file not created because their owner already lists a stored system
   * under the same name (added in the portal under another id): one problem each, to warn.
   */
  skipped: Problem[];
};

/**
 * Reads and checks `information-systems.yaml` against a loaded catalog: the schema, then
 * `checkInventory` with the catalog's agencies and its approved (published) entries. Every
 * problem names the file, line and field, and all are thrown together. A source without the
 * file has an empty inventory.
 */
export async function loadInventory(
  source: CatalogSource,
  catalog: LoadedCatalog,
): Promise<LoadedInventory> {
  const file = source.describe(INVENTORY_FILE);
  const text = await source.readText(INVENTORY_FILE);
  if (text === undefined) return { file, systems: [] };
  const parsed = parseYaml({ path: file, text }, InventorySchema);
  if (!parsed.value) throw new DatarunError(parsed.problems);
  const problems = checkInventory(parsed.value.systems, {
    file,
    agencyCodes: new Set(catalog.agencies.map((agency) => agency.code)),
    entryCodes: new Set(
      catalog.entries
        .filter(({ entry }) => entry.status === 'approved')
        .map(({ entry }) => entry.code),
    ),
  }).map((found) => ({ ...found, ...parsed.where(pathOf(found.field!)) }));
  if (problems.length > 0) throw new DatarunError(problems);
  return { file, systems: parsed.value.systems };
}

/**
 * Stores the systems of the inventory file that are not stored yet, at revision 1, and keeps
 * every stored one as it is: the portal may have edited it since, and the file is only the
 * starting point. One `system.seed` audit record counts what was created, when anything was.
 */
export async function seedInventory(
  deps: Pick<InventoryDeps, 'systems' | 'audit' | 'now'>,
  inventory: LoadedInventory,
): Promise<SeedSummary> {
  const stored = await deps.systems.all();
  const storedIds = new Set(stored.map((system) => system.id));
  const created: string[] = [];
  const skipped: Problem[] = [];
  let kept = 0;
  for (const [i, system] of inventory.systems.entries()) {
    if (storedIds.has(system.id)) {
      kept++;
      continue;
    }
    // The file was checked against the catalog already: only clashes with stored systems count.
    const clash = systemProblems(system, stored, {
      agencyCodes: new Set([system.owner]),
      entryCodes: new Set(system.feeds),
    });
    if (clash.length > 0) {
      skipped.push(
        ...clash.map((found) => ({
          ...found,
          code: 'duplicate' as const,
          file: inventory.file,
          field: `systems[${i}].${found.field}`,
          message: `not created: ${found.message}`,
        })),
      );
      continue;
    }
    try {
      await deps.systems.create({ ...system, revision: 1 });
      created.push(system.id);
    } catch (error) {
      // Created meanwhile by another publish or in the portal: stored, so kept.
      if (!(error instanceof DatarunError && error.code === 'conflict')) throw error;
      kept++;
    }
  }
  if (created.length > 0)
    await deps.audit.append({
      at: new Date(deps.now()).toISOString(),
      actor: SYSTEM_ACTOR,
      action: 'system.seed',
      subject: 'systems',
      outcome: 'ok',
      details: { file: inventory.file, created: created.length, kept, ids: created },
    });
  return { created: created.length, kept, skipped };
}

/** `systems[3].feeds[0]` as the path `parseYaml` locates: `['systems', 3, 'feeds', 0]`. */
function pathOf(field: string): (string | number)[] {
  return field
    .split(/\.|(?=\[)/)
    .map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}
