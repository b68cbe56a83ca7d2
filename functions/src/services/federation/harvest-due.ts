import { parseYaml } from '../../core/catalog/parse-source.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { FederationFileSchema } from '../../core/federation/federated-catalog.ts';
import type { FederationSource, HarvestReport } from '../../core/federation/federated-catalog.ts';
import type { CatalogSource } from '../../core/ports/catalog-source.ts';
import { harvestSource } from './harvest-source.ts';
import type { HarvestDeps } from './harvest-source.ts';

/** The file of a catalog folder that lists the platforms this instance harvests. */
export const FEDERATION_FILE = 'federation.yaml';

/**
 * The sources `federation.yaml` of a catalog lists; none when there is no such file. A file
 * that does not parse, or lists an id twice, throws with file, line and field.
 */
export async function readFederationFile(catalog: CatalogSource): Promise<FederationSource[]> {
  const text = await catalog.readText(FEDERATION_FILE);
  if (text === undefined) return [];
  const parsed = parseYaml({ path: catalog.describe(FEDERATION_FILE), text }, FederationFileSchema);
  if (!parsed.value) throw new DatarunError(parsed.problems);
  const seen = new Set<string>();
  const repeats = parsed.value.sources.flatMap((source, i) => {
    if (!seen.has(source.id)) {
      seen.add(source.id);
      return [];
    }
    return [
      problem('duplicate', `source id "${source.id}" is listed twice`, {
        ...parsed.where(['sources', i, 'id']),
      }),
    ];
  });
  if (repeats.length > 0) throw new DatarunError(repeats);
  return parsed.value.sources;
}

/** Whether a source is due: never harvested, or its last run started `everyMinutes` ago or more. */
export function isDue(
  source: FederationSource,
  lastRun: HarvestReport | undefined,
  now: Date,
): boolean {
  return (
    lastRun === undefined ||
    now.getTime() - Date.parse(lastRun.startedAt) >= source.everyMinutes * 60_000
  );
}

/**
 * Harvests, one after the other, every source of the catalog's `federation.yaml` that is due
 * (a failed run counts as a run: the source is tried again `everyMinutes` later), and returns
 * the reports of the runs made.
 */
export async function harvestDue(
  deps: HarvestDeps & { catalog: CatalogSource },
): Promise<{ source: FederationSource; report: HarvestReport }[]> {
  const now = deps.now ?? (() => new Date());
  const runs: { source: FederationSource; report: HarvestReport }[] = [];
  for (const source of await readFederationFile(deps.catalog)) {
    const [lastRun] = await deps.federation.listRuns(source.id, 1);
    if (isDue(source, lastRun, now()))
      runs.push({ source, report: await harvestSource(deps, source) });
  }
  return runs;
}
