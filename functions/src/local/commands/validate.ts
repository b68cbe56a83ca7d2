import { FolderCatalogSource } from '../../adapters/fs/folder-catalog-source.ts';
import { loadCatalog } from '../../services/load-catalog.ts';

/** Validates a catalog folder without touching storage. */
export async function runValidate(dataDir: string): Promise<void> {
  const catalog = await loadCatalog(new FolderCatalogSource(dataDir));
  const withData = catalog.entries.filter(({ entry }) => entry.data).length;
  console.log(
    `✓ ${dataDir}: ${catalog.agencies.length} agencies and ${catalog.entries.length} entries are valid (${withData} with data)`,
  );
}
