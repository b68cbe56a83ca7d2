import type { InventoryContext } from '../../core/inventory/check-inventory.ts';
import type { InventoryDeps } from './inventory-deps.ts';

/** What a system's owner and fed entries are checked against: the share catalog as published. */
export async function catalogContext(
  deps: Pick<InventoryDeps, 'shareCatalog'>,
): Promise<Omit<InventoryContext, 'file'>> {
  const { entries, agencies } = await deps.shareCatalog();
  return {
    agencyCodes: new Set(agencies.map((agency) => agency.code)),
    entryCodes: new Set(entries.keys()),
  };
}
