import { inventoryReport } from '../../core/inventory/inventory-figures.ts';
import type { InventoryReport } from '../../core/inventory/inventory-figures.ts';
import { systemView } from '../../core/inventory/system-view.ts';
import type { SystemView } from '../../core/inventory/system-view.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard } from '../sharing/guard.ts';
import type { InventoryDeps } from './inventory-deps.ts';

/** The inventory page's list: the systems by owner then id, and the figures of those listed. */
export type SystemList = { systems: SystemView[]; report: InventoryReport };

/**
 * The information-system inventory, or one agency's part of it, for any signed-in person:
 * each system flagged when it is a 数据断头路, with the connection rates and dead ends of the
 * systems listed. An agency with no systems lists none.
 */
export async function listSystems(
  deps: InventoryDeps,
  identity: Identity | undefined,
  filter: { agency?: string } = {},
): Promise<SystemList> {
  await guard(
    deps,
    identity,
    'system.read',
    {},
    filter.agency ? `systems:${filter.agency}` : 'systems',
  );
  const systems = filter.agency
    ? await deps.systems.byOwner(filter.agency)
    : await deps.systems.all();
  systems.sort((a, b) => byText(a.owner, b.owner) || byText(a.id, b.id));
  return { systems: systems.map(systemView), report: inventoryReport(systems) };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
