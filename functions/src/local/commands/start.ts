import { tmpdir } from 'node:os';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import {
  createDemandDeps,
  createDisputeDeps,
  createInventoryDeps,
  createSharingDeps,
  createStores,
  createVerifyDeps,
} from '../../adapters/index.ts';
import { loadDemoDirectory } from '../../adapters/identity/demo-directory.ts';
import { createLocalIssuer } from '../../adapters/identity/local-issuer.ts';
import { SnapshotCache, shareCatalogReader } from '../../api/snapshot-cache.ts';
import { sweepDeadlines } from '../../services/sharing/sweep-deadlines.ts';
import { sweepDisputes } from '../../services/disputes/sweep-disputes.ts';
import { correctionPublisher } from '../../services/disputes/publish-correction.ts';
import type { Stores } from '../../adapters/index.ts';
import { createApi } from '../../api/app.ts';
import { rateLimitsFromEnv } from '../../config.ts';
import { serveSite } from '../../services/site/serve-site.ts';
import { startEmbeddedStorage } from '../embedded-storage.ts';
import { announceServers, stateDir } from '../storage-session.ts';
import { runPublish } from './publish.ts';
import { describeReport, readCrossCheckFile } from './cross-check.ts';
import { runCrossChecks } from '../../services/quality/run-cross-checks.ts';
import { publishQualityReport } from '../../services/quality/publish-quality-report.ts';
import type { StorageSession } from '../storage-session.ts';
import { startHarvester } from './harvest.ts';
import { runBuildSite, siteDist } from './build-site.ts';
import { openZoneRoute } from '../open-zone-route.ts';
import type { PublicSite } from '../../config.ts';

export type StartOptions = { dataDir: string; port: number; publish: boolean };

/** The routes that change demands or the system inventory, whose figures the quality page shows. */
const LISTS = /^\/api\/v1\/(demands|systems)(\/|$)/;

/**
 * The one local web server: API v1 under `/api/`, open data under `/open/`, and the built site
 * for every other path, as CloudFront routes them on AWS.
 */
export async function createLocalApp(options: {
  stores: Stores;
  siteDir: string;
  /** The catalog folder: its users.yaml lists the demo users of the sign-in page. */
  dataDir: string;
  /** Where the local issuer keeps its key. */
  stateDir: string;
  /** The public origin and contact the exports name after a correction; by default the environment's. */
  site?: PublicSite;
  /** Told after a correction is published and recorded, so the site can be rebuilt. */
  onDataChanged?: () => void;
  /**
   * Told after a demand or a system of the inventory changed, so the quality figures the
   * static quality page shows can be rewritten (the API computes them live anyway).
   */
  onListsChanged?: () => void;
}): Promise<Hono> {
  const { users } = await loadDemoDirectory(options.dataDir);
  const issuer = createLocalIssuer({ stateDir: options.stateDir });
  const api = createApi({
    stores: options.stores,
    access: { stores: options.stores, limits: rateLimitsFromEnv(process.env) },
    sharing: createSharingDeps(options.stores),
    disputes: createDisputeDeps(options.stores),
    verify: createVerifyDeps(options.stores),
    demands: createDemandDeps(options.stores),
    inventory: createInventoryDeps(options.stores),
    corrections: correctionPublisher({
      stores: options.stores,
      tmpDir: tmpdir(),
      ...(options.site && { site: options.site }),
      ...(options.onDataChanged && { onRecorded: options.onDataChanged }),
    }),
    auth: {
      verifier: issuer.verifier(),
      revoked: options.stores.revokedTokens,
      signIn: { mode: 'local', issuer, users },
    },
  });
  const app = new Hono();
  // The node server's bindings travel along, so the API can see the client's address.
  app.all('/api/*', async (c) => {
    const response = await api.fetch(c.req.raw, c.env);
    if (c.req.method === 'POST' && response.ok && LISTS.test(c.req.path))
      options.onListsChanged?.();
    return response;
  });
  app.get('/open/*', (c) => openZoneRoute(c, options.stores));
  app.get('/catalog/*', (c) =>
    decodeURIComponent(c.req.path).startsWith('/catalog/')
      ? openZoneRoute(c, options.stores)
      : c.text('Not found', 404),
  );
  app.on(['GET', 'HEAD'], '*', serveSite(options.siteDir));
  return app;
}

/**
 * Runs datarun on one machine: embedded S3 and DynamoDB with state kept in .datarun/, the
 * catalog published, the site built (skipped when nothing changed), and the site and the API
 * served, until Ctrl-C.
 */
export async function runStart(options: StartOptions): Promise<void> {
  const s3Port = Number(process.env.DATARUN_S3_PORT ?? 4568);
  const dynamodbPort = Number(process.env.DATARUN_DYNAMODB_PORT ?? 4567);
  console.log(`Starting embedded storage (state in ${stateDir()})…`);
  const storage = await startEmbeddedStorage({ stateDir: stateDir(), s3Port, dynamodbPort }).catch(
    (error: Error) => {
      throw new Error(
        `${error.message}. Is another datarun running? DATARUN_S3_PORT and DATARUN_DYNAMODB_PORT choose other ports.`,
        { cause: error },
      );
    },
  );
  const forget = await announceServers({
    s3: storage.config.s3Endpoint!,
    dynamodb: storage.config.dynamodbEndpoint!,
  });
  console.log(`  S3 ${storage.config.s3Endpoint} · DynamoDB ${storage.config.dynamodbEndpoint}`);

  const running: {
    server?: ReturnType<typeof serve>;
    sweeper?: NodeJS.Timeout;
    harvester?: NodeJS.Timeout;
  } = {};
  const stop = async () => {
    console.log('\nStopping…');
    clearInterval(running.sweeper);
    clearInterval(running.harvester);
    await new Promise<void>((resolve) =>
      running.server ? running.server.close(() => resolve()) : resolve(),
    );
    await storage.stop();
    await forget();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  const session = {
    // The exports name the port this server really listens on, unless an origin is configured.
    config: process.env.DATARUN_PUBLIC_URL
      ? storage.config
      : { ...storage.config, publicUrl: `http://localhost:${options.port}` },
    clients: storage.clients,
    kind: 'embedded' as const,
    close: storage.stop,
  };
  if (options.publish) {
    await runPublish(session, options.dataDir);
    await crossCheck(session, options.dataDir);
  }
  await runBuildSite(session, { siteUrl: session.config.publicUrl });

  const stores = createStores(storage.config, storage.clients);
  const rebuild = siteRebuilder(() => runBuildSite(session, { siteUrl: session.config.publicUrl }));
  const app = await createLocalApp({
    stores,
    siteDir: siteDist(),
    dataDir: options.dataDir,
    stateDir: stateDir(),
    site: session.config,
    // A correction is a new version: the entry page, its corrections log and the quality page change.
    onDataChanged: () => void rebuild(),
    // A demand step or an inventory edit changes the quality figures: rewrite them, then the site.
    onListsChanged: () =>
      void publishQualityReport(stores)
        .then(rebuild)
        .catch((error: Error) => console.warn(`quality figures not rewritten: ${error.message}`)),
  });
  running.sweeper = startSweeper(stores);
  // A harvest that changed something rebuilds the site, so the federated section shows it.
  running.harvester = startHarvester(stores, options.dataDir, rebuild);
  const server = serve({ fetch: app.fetch, port: options.port, hostname: '127.0.0.1' });
  running.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once('listening', () => resolve());
    server.once('error', (error: Error) =>
      reject(new Error(`port ${options.port} is in use; PORT=… chooses another`, { cause: error })),
    );
  });
  console.log(`\ndatarun is running on http://localhost:${options.port}  (Ctrl-C stops it)`);
}

/** How often the local deadline sweeper runs (EventBridge runs it every 15 minutes on AWS). */
const SWEEP_EVERY_MS = 60_000;

/** The deadline sweeper on one machine: a timer, one sweep at a time, each reported when it did something. */
function startSweeper(stores: Stores): NodeJS.Timeout {
  const sharing = {
    ...createSharingDeps(stores),
    shareCatalog: shareCatalogReader(new SnapshotCache(stores.objects, {}, 'share')),
  };
  const disputes = createDisputeDeps(stores);
  let sweeping = false;
  const timer = setInterval(() => {
    if (sweeping) return;
    sweeping = true;
    sweepDeadlines(sharing)
      .then(async (report) => {
        if (report.overdue + report.expired + report.lapsed > 0)
          console.log(
            `deadline sweep: ${report.overdue} overdue and escalated, ${report.expired} grants expired, ${report.lapsed} returns lapsed`,
          );
        const disputed = await sweepDisputes(disputes);
        if (disputed.overdue > 0)
          console.log(`dispute sweep: ${disputed.overdue} overdue and escalated`);
      })
      .catch((error: Error) => console.warn(`deadline sweep failed: ${error.message}`))
      .finally(() => {
        sweeping = false;
      });
  }, SWEEP_EVERY_MS);
  timer.unref();
  return timer;
}

/**
 * Site rebuilds one at a time: a request while one runs makes exactly one more run after it,
 * so the last change is always built and two builds never write the same folder.
 */
export function siteRebuilder(build: () => Promise<unknown>): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  const run = async (): Promise<void> => {
    do {
      again = false;
      await build().catch((error: Error) => console.warn(`site rebuild failed: ${error.message}`));
    } while (again);
    running = undefined;
  };
  return () => {
    if (running) again = true;
    else running = run();
    return running;
  };
}

/**
 * The cross-checks of data/cross-checks.yaml after each start's publish, so their findings wait
 * in the providers' dispute inboxes; a broken file or check is reported and start goes on.
 */
async function crossCheck(session: StorageSession, dataDir: string): Promise<void> {
  try {
    const config = await readCrossCheckFile(dataDir);
    if (config.checks.length === 0) return;
    console.log(`Cross-checking ${config.checks.length} 信息项 against their sources…`);
    const stores = createStores(session.config, session.clients);
    const report = await runCrossChecks({ stores, config, nowMs: Date.now() });
    const lines = describeReport(report);
    for (const problem of report.problems) console.warn(`  ✗ ${problem.message}`);
    console.log(`  ${lines.at(-1)} (npx datarun cross-check lists them)`);
  } catch (error) {
    console.warn(`cross-checks not run: ${(error as Error).message}`);
  }
}
