import type { FederatedCatalog, HarvestReport } from '../federation/federated-catalog.ts';

/**
 * Harvested catalogs, one per source, and the report of every harvest run. Harvests of one
 * source run one at a time (the scheduler makes sure), so a catalog is read, diffed and
 * rewritten whole.
 */
export interface FederationStore {
  /** Ids of the sources harvested at least once. */
  listSources(): Promise<string[]>;
  read(sourceId: string): Promise<FederatedCatalog | undefined>;
  write(catalog: FederatedCatalog): Promise<void>;
  writeRun(report: HarvestReport): Promise<void>;
  /** The most recent runs of a source, newest first. */
  listRuns(sourceId: string, limit: number): Promise<HarvestReport[]>;
}
