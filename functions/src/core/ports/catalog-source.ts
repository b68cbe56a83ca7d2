/**
 * Where a catalog comes from: a folder laid out like `data/` (agencies.yaml, entries/*.yaml,
 * data files), on disk or under a prefix in the staging bucket.
 */
export interface CatalogSource {
  /** How to name a file of this source in messages, e.g. `data/entries/101-000001.yaml`. */
  describe(path: string): string;
  readText(path: string): Promise<string | undefined>;
  /** The entry files, as paths relative to the source (`entries/101-000001.yaml`). */
  listEntryFiles(): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  /** A path on local disk holding the file, fetched first if the source is remote. */
  localFile(path: string): Promise<string | undefined>;
}
