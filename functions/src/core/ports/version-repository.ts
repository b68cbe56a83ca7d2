import type { DatasetVersion } from '../schemas/dataset-version.ts';

/** Immutable dataset versions, claimed by number before their objects are written. */
export interface VersionRepository {
  /** Records a new version number for this run; throws a `conflict` DatarunError if taken. */
  claim(version: DatasetVersion): Promise<void>;
  /** Replaces a claim made by a run that did not finish, if it still holds `previousToken`. */
  takeOver(version: DatasetVersion, previousToken: string): Promise<void>;
  /** Rewrites a stored version (its zone and keys, when its data moves between zones). */
  replace(version: DatasetVersion): Promise<void>;
  get(code: string, version: number): Promise<DatasetVersion | undefined>;
  /** Every version of one entry, oldest first. */
  list(code: string): Promise<DatasetVersion[]>;
  /** Every version of every entry. */
  listAll(): Promise<DatasetVersion[]>;
}
