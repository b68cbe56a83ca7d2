import { EXPORT_KEYS } from '../publish/object-keys.ts';
import type { CatalogSnapshot } from '../schemas/catalog-snapshot.ts';
import { atomFeed } from './atom-feed.ts';
import { catalogCsv } from './catalog-csv.ts';
import { dataJson } from './data-json.ts';
import type { DataJsonOptions } from './data-json.ts';
import { dcatQuads } from './dcat-graph.ts';
import { toJsonLd, toTurtle } from './dcat-serialize.ts';

/** One export file: its key in the open bucket, its text and its content type. */
export type ExportFile = { key: string; text: string; contentType: string };

export type CatalogExportOptions = DataJsonOptions;

/**
 * Every export of the public catalog, built from its snapshot: DCAT-AP 3 as JSON-LD and as
 * Turtle (one graph, two serializations), Project Open Data v1.1 data.json, the catalog as CSV
 * in the 政务信息资源目录 template's columns, and the Atom feed of new and updated datasets.
 * `base` is the public origin every IRI and link is made from.
 */
export async function catalogExports(
  snapshot: CatalogSnapshot,
  base: string,
  options: CatalogExportOptions = {},
): Promise<ExportFile[]> {
  const quads = dcatQuads(snapshot, base);
  return [
    { key: EXPORT_KEYS.dcatJsonLd, text: toJsonLd(quads), contentType: 'application/ld+json' },
    {
      key: EXPORT_KEYS.dcatTurtle,
      text: await toTurtle(quads),
      contentType: 'text/turtle; charset=utf-8',
    },
    {
      key: EXPORT_KEYS.dataJson,
      text: JSON.stringify(dataJson(snapshot, base, options)),
      contentType: 'application/json',
    },
    {
      key: EXPORT_KEYS.catalogCsv,
      text: catalogCsv(snapshot),
      contentType: 'text/csv; charset=utf-8',
    },
    {
      key: EXPORT_KEYS.atomFeed,
      text: atomFeed(snapshot, base),
      contentType: 'application/atom+xml',
    },
  ];
}
