import { FolderCatalogSource } from '../../adapters/fs/folder-catalog-source.ts';
import { createStores } from '../../adapters/index.ts';
import type { Stores } from '../../adapters/index.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { FederationSourceSchema } from '../../core/federation/federated-catalog.ts';
import type { FederationSource, HarvestReport } from '../../core/federation/federated-catalog.ts';
import {
  FEDERATION_FILE,
  harvestDue,
  readFederationFile,
} from '../../services/federation/harvest-due.ts';
import { harvestSource } from '../../services/federation/harvest-source.ts';
import type { StorageSession } from '../storage-session.ts';
import { runBuildSite } from './build-site.ts';

export type HarvestOptions = {
  dataDir: string;
  /** Only this source of federation.yaml. */
  sourceId?: string;
  /** A source given on the command line instead of federation.yaml. */
  adHoc?: { id?: string; url?: string; kind?: string; name?: string };
};

/** How many skipped records a run's summary names; the rest are counted. */
const SKIPPED_SHOWN = 5;

/** The command-line flag of each source field, for messages about a wrong one. */
const FLAGS: Record<string, string> = { id: '--id', url: '--url', kind: '--kind', name: '--name' };

/**
 * The sources `datarun harvest` was asked for: every source of DIR/federation.yaml, one of
 * them, or one given by --url, --kind and --id. Read before any storage is opened, so a bad
 * flag or file changes nothing.
 */
export async function chosenSources(options: HarvestOptions): Promise<FederationSource[]> {
  if (options.adHoc) return [adHocSource(options.adHoc)];
  const sources = await readFederationFile(new FolderCatalogSource(options.dataDir));
  if (options.sourceId === undefined) {
    if (sources.length === 0)
      console.log(
        `No sources: ${describeFile(options.dataDir)} lists none (docs/interop.md explains the file).`,
      );
    return sources;
  }
  const source = sources.find((s) => s.id === options.sourceId);
  if (!source)
    throw new DatarunError(
      problem(
        'not-found',
        `${describeFile(options.dataDir)} has no source "${options.sourceId}"${sources.length > 0 ? `; it lists ${sources.map((s) => s.id).join(', ')}` : ''}`,
        { field: '--source' },
      ),
    );
  return [source];
}

/**
 * Harvests the given sources now, whether due or not, one after the other. Prints what each
 * run did; exit code 1 when a run failed. When a `datarun start` is running and a run changed
 * something, its site is rebuilt so the federated section shows the change.
 */
export async function runHarvest(
  session: StorageSession,
  sources: readonly FederationSource[],
): Promise<void> {
  const stores = createStores(session.config, session.clients);
  let changed = false;
  for (const source of sources) {
    const started = Date.now();
    const report = await harvestSource(harvestDeps(stores), source);
    for (const line of describeRun(source, report)) console.log(line);
    changed ||= changedSomething(report);
    if (report.error) process.exitCode = 1;
    else
      console.log(
        `  ${report.records.toLocaleString('en')} record(s) read in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
  }
  if (changed && session.kind === 'running')
    await runBuildSite(session, { siteUrl: session.config.publicUrl });
}

function changedSomething(report: HarvestReport): boolean {
  return report.added.length + report.changed.length + report.removed.length > 0;
}

/** Lists the sources of federation.yaml and those harvested ad hoc, each with its last run. */
export async function runHarvestList(session: StorageSession, dataDir: string): Promise<void> {
  const stores = createStores(session.config, session.clients);
  const listed = await readFederationFile(new FolderCatalogSource(dataDir));
  const listedIds = new Set(listed.map((source) => source.id));
  const harvestedOnly: FederationSource[] = [];
  for (const id of await stores.federation.listSources())
    if (!listedIds.has(id)) {
      const catalog = await stores.federation.read(id);
      if (catalog) harvestedOnly.push(catalog.source);
    }
  const sources = [...listed, ...harvestedOnly];
  if (sources.length === 0) {
    console.log(`No sources: ${describeFile(dataDir)} lists none and nothing was harvested.`);
    return;
  }
  for (const source of sources) {
    const [lastRun] = await stores.federation.listRuns(source.id, 1);
    const where = listedIds.has(source.id) ? `every ${source.everyMinutes} min` : 'ad hoc';
    console.log(`${source.id}  ${source.kind}  ${source.url}  ${where}`);
    console.log(
      `  ${lastRun ? `last run ${when(lastRun.startedAt)}: ${outcome(lastRun)}` : 'never harvested'}`,
    );
  }
}

/**
 * The local harvest scheduler of `datarun start`: checks the catalog folder's federation.yaml
 * now and every `everyMs`, runs the sources that are due, and prints a line for each run that
 * changed something or failed, then calls `onChanged` (the site rebuild). A broken
 * federation.yaml is reported once, not every minute.
 */
export function startHarvester(
  stores: Stores,
  dataDir: string,
  onChanged: () => Promise<unknown> = async () => {},
  everyMs = 60_000,
): NodeJS.Timeout {
  const catalog = new FolderCatalogSource(dataDir);
  let harvesting = false;
  let lastProblem = '';
  const check = () => {
    if (harvesting) return;
    harvesting = true;
    harvestDue({ ...harvestDeps(stores), catalog })
      .then(async (runs) => {
        lastProblem = '';
        for (const { source, report } of runs)
          if (report.error || changedSomething(report))
            for (const line of describeRun(source, report, { scheduled: true })) console.log(line);
        if (runs.some(({ report }) => changedSomething(report))) await onChanged();
      })
      .catch((error: Error) => {
        if (error.message !== lastProblem) console.warn(`harvest: ${error.message}`);
        lastProblem = error.message;
      })
      .finally(() => {
        harvesting = false;
      });
  };
  check();
  const timer = setInterval(check, everyMs);
  timer.unref();
  return timer;
}

/**
 * What a run did, for a person: one line of counts or of the error, then the first records
 * skipped with their reasons. Scheduled runs say when a failed source is tried again.
 */
export function describeRun(
  source: FederationSource,
  report: HarvestReport,
  options: { scheduled?: boolean } = {},
): string[] {
  if (report.error)
    return [
      `${source.id}: ${report.error}; nothing changed${options.scheduled ? `, retried in ${source.everyMinutes} min` : ''}`,
    ];
  const lines = [`${source.id}: ${outcome(report)}`];
  for (const skip of report.skipped.slice(0, SKIPPED_SHOWN)) {
    const at = skip.line !== undefined ? `line ${skip.line}` : `record ${skip.index + 1}`;
    lines.push(`  skipped ${at}${skip.id ? ` (${skip.id})` : ''}: ${skip.reason}`);
  }
  if (report.skipped.length > SKIPPED_SHOWN)
    lines.push(`  … and ${report.skipped.length - SKIPPED_SHOWN} more skipped`);
  return lines;
}

function outcome(report: HarvestReport): string {
  if (report.error) return `failed: ${report.error}`;
  return [
    `added ${report.added.length}`,
    `changed ${report.changed.length}`,
    `removed ${report.removed.length}`,
    `unchanged ${report.unchanged}`,
    `skipped ${report.skipped.length}`,
  ].join(', ');
}

function harvestDeps(stores: Stores) {
  return { federation: stores.federation, audit: stores.audit };
}

function adHocSource(given: NonNullable<HarvestOptions['adHoc']>): FederationSource {
  const parsed = FederationSourceSchema.safeParse({
    id: given.id,
    url: given.url,
    kind: given.kind,
    name: { zh: given.name ?? given.id ?? 'ad hoc' },
  });
  if (parsed.success) return parsed.data;
  throw new DatarunError(
    parsed.error.issues.map((issue) => {
      const field = FLAGS[String(issue.path[0])] ?? String(issue.path[0]);
      const message =
        issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
      return problem('invalid-value', message, { field });
    }),
  );
}

function describeFile(dataDir: string): string {
  return new FolderCatalogSource(dataDir).describe(FEDERATION_FILE);
}

function when(timestamp: string): string {
  return `${timestamp.slice(0, 19).replace('T', ' ')} UTC`;
}
