import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { inventoryReport } from '../../../functions/src/core/inventory/inventory-figures.ts';
import {
  SYSTEM_LEVELS,
  SYSTEM_NETWORKS,
} from '../../../functions/src/core/inventory/information-system.ts';
import { loadCatalog } from '../../../functions/src/services/load-catalog.ts';
import type { LoadedCatalog } from '../../../functions/src/services/load-catalog.ts';
import {
  INVENTORY_FILE,
  loadInventory,
} from '../../../functions/src/services/inventory/seed-inventory.ts';
import type { LoadedInventory } from '../../../functions/src/services/inventory/seed-inventory.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';

// Guards data/information-systems.yaml: it must load against the real demo agencies and
// entries, and show what the inventory page is for (every level and network, dead ends).

let catalog: LoadedCatalog;
let inventory: LoadedInventory;

beforeAll(async () => {
  const source = new FolderCatalogSource(DEMO_DATA);
  catalog = await loadCatalog(source);
  inventory = await loadInventory(source, catalog);
});

describe('the demo inventory', () => {
  it('loads and passes checkInventory against the demo agencies and published entries', () => {
    expect(inventory.systems.length).toBeGreaterThanOrEqual(15);
    expect(inventory.systems.length).toBeLessThanOrEqual(25);
  });

  it('lets systems feed only entries their own agency provides', () => {
    const providers = new Map(catalog.entries.map(({ entry }) => [entry.code, entry.provider]));
    for (const system of inventory.systems)
      for (const code of system.feeds)
        expect(providers.get(code), `${system.id} ${code}`).toBe(system.owner);
  });

  it('has systems of every level and network, connected and not, and at least one 数据断头路', () => {
    const { overall, deadEnds } = inventoryReport(inventory.systems);
    for (const level of SYSTEM_LEVELS) expect(overall.byLevel[level], level).toBeGreaterThan(0);
    for (const network of SYSTEM_NETWORKS)
      expect(overall.byNetwork[network], network).toBeGreaterThan(0);
    expect(overall.connected).toBeGreaterThan(0);
    expect(overall.connected).toBeLessThan(overall.systems);
    expect(deadEnds.length).toBeGreaterThan(0);
  });

  it('says in its header which parts are the demo’s illustration', async () => {
    const text = await readFile(join(DEMO_DATA, INVENTORY_FILE), 'utf8');
    expect(text.split('\nsystems:')[0]).toMatch(/illustration/);
  });
});
