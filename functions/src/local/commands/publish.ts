import { tmpdir } from 'node:os';
import { FolderCatalogSource } from '../../adapters/fs/folder-catalog-source.ts';
import { createStores } from '../../adapters/index.ts';
import { publishCatalog } from '../../services/publish/publish-catalog.ts';
import type { PublishSummary } from '../../services/publish/publish-catalog.ts';
import { describeEvent } from '../progress.ts';
import type { StorageSession } from '../storage-session.ts';

/** Publishes the catalog in `dataDir` to the given storage, printing progress. */
export async function runPublish(
  session: StorageSession,
  dataDir: string,
): Promise<PublishSummary> {
  const started = Date.now();
  const summary = await publishCatalog({
    site: session.config,
    source: new FolderCatalogSource(dataDir),
    stores: createStores(session.config, session.clients),
    tmpDir: process.env.DATARUN_TMP_DIR ?? tmpdir(),
    onEvent: (event) => {
      const line = describeEvent(event);
      if (line) console.log(line);
    },
  });
  console.log(
    `Published ${summary.published.length} new version(s), ${summary.unchanged.length} unchanged, ` +
      `${summary.recorded.length} catalog record(s) updated in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return summary;
}
