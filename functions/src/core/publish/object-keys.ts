import type { Zone } from '../schemas/vocabulary.ts';
import type { DistributionFormat } from '../schemas/distribution.ts';

/** An entry code as it appears in keys and URLs: `101/000001` becomes `101-000001`. */
export function codeSlug(code: string): string {
  return code.replace('/', '-');
}

/** The key of one distribution of one version: `{zone}/datasets/{code}/{version}/data.{format}`. */
export function distributionKey(
  zone: Zone,
  code: string,
  version: number,
  format: DistributionFormat,
): string {
  return `${zone}/datasets/${codeSlug(code)}/${version}/data.${format}`;
}

/** The key of the Table Schema published beside each version. */
export function schemaKey(zone: Zone, code: string, version: number): string {
  return `${zone}/datasets/${codeSlug(code)}/${version}/schema.json`;
}

/** The public catalog snapshot, in the open bucket. */
export const PUBLIC_SNAPSHOT_KEY = 'catalog/snapshot.json';

/** The share catalog snapshot (every entry), in the shared bucket. */
export const SHARE_SNAPSHOT_KEY = 'catalog/share-catalog.json';
