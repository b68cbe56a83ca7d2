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

/**
 * The public catalog's exports, regenerated with the snapshot on every publish (open bucket,
 * served under `/catalog/`): DCAT-AP 3 as JSON-LD and Turtle, Project Open Data v1.1
 * data.json, the catalog as CSV in the columns of the 政务信息资源目录 template, and an Atom
 * feed of new and updated datasets.
 */
export const EXPORT_KEYS = {
  dcatJsonLd: 'catalog/dcat.jsonld',
  dcatTurtle: 'catalog/dcat.ttl',
  dataJson: 'catalog/data.json',
  catalogCsv: 'catalog/catalog.csv',
  atomFeed: 'catalog/feed.atom',
} as const;

/**
 * The catalog's quality figures and public corrections log, in the open bucket next to the
 * exports: rewritten on every publish (and the log on every correction), read by the site.
 */
export const QUALITY_KEYS = {
  qualityJson: 'catalog/quality.json',
  qualityCsv: 'catalog/quality.csv',
  correctionsJson: 'catalog/corrections.json',
} as const;
