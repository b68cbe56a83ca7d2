import type { CatalogRecord } from '../schemas/catalog-entry.ts';

/** Reads and writes catalog records; every write is conditional on the revision last read. */
export interface CatalogRepository {
  get(code: string): Promise<CatalogRecord | undefined>;
  /**
   * Writes `record` if the stored record still has revision `expectedRevision`
   * (`undefined`: no record yet). Throws a `conflict` DatarunError otherwise.
   */
  save(record: CatalogRecord, expectedRevision: number | undefined): Promise<void>;
  list(): Promise<CatalogRecord[]>;
}
