import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { FolderCatalogSource } from '../../functions/src/adapters/fs/folder-catalog-source.ts';
import { createLocalApp, siteRebuilder } from '../../functions/src/local/commands/start.ts';
import { buildSite } from '../../functions/src/services/site/build-site.ts';
import { publishCatalog } from '../../functions/src/services/publish/publish-catalog.ts';
import { DEMO_DATA } from '../support/catalog-folder.ts';
import { startTestStorage } from '../support/storage.ts';
import type { TestStorage } from '../support/storage.ts';

/** The whole local portal, as `npm start` serves it, on a free port. */
export type Portal = {
  storage: TestStorage;
  /** `http://127.0.0.1:<port>`, also the site URL the pages were built with. */
  base: string;
  siteDir: string;
  stop(): Promise<void>;
};

/**
 * The demo catalog published into fresh embedded servers, the site built for the server's
 * address, and the one local server (site, API, open data) listening. `beforeBuild` may add to
 * storage what the site should be built from (a harvested catalog, say).
 */
export async function startPortal(
  name: string,
  options: { beforeBuild?: (storage: TestStorage) => Promise<void> } = {},
): Promise<Portal> {
  const storage = await startTestStorage();
  await publishCatalog({
    source: new FolderCatalogSource(DEMO_DATA),
    stores: storage.stores,
    tmpDir: tmpdir(),
  });
  await options.beforeBuild?.(storage);
  const work = await mkdtemp(join(tmpdir(), `datarun-${name}-`));
  const siteDir = join(work, 'dist');
  let base = '';
  const build = () =>
    buildSite(storage.stores.objects, {
      siteUrl: base,
      outDir: siteDir,
      workDir: join(work, 'state'),
    });
  // As under `npm start`: a correction rebuilds the site.
  const rebuild = siteRebuilder(build);
  const app = await createLocalApp({
    stores: storage.stores,
    siteDir,
    dataDir: DEMO_DATA,
    stateDir: join(work, 'issuer-state'),
    onDataChanged: () => void rebuild(),
  });
  const server = serve({
    fetch: app.fetch,
    port: 0,
    hostname: '127.0.0.1',
  });
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await build();
  return {
    storage,
    base,
    siteDir,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await storage.stop();
      await rm(work, { recursive: true, force: true });
    },
  };
}
