import type { Agency, EntryFields, FederationSource, SnapshotEntry } from './site-data.ts';
import { codeSlug } from './site-data.ts';
import { federatedEntryPath } from '../../../functions/src/services/site/site-layout.ts';

/**
 * Serializes JSON for a `<script type="application/ld+json">` element. `<`, `>` and `&` are
 * written as \u escapes, so no title or abstract can close the element (`</script>`) or open
 * a comment; line and paragraph separators are escaped for old parsers. The JSON means the same.
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

const URL_LIKE = /^https?:\/\//;

/**
 * The schema.org Dataset of the fields every entry has, own or harvested. An entry imported or
 * harvested from another platform names its original identifier there (a PropertyValue beside
 * our code) and the original page it is based on.
 */
function describeEntry(
  entry: EntryFields,
  agency: Agency | undefined,
  url: string,
): Record<string, unknown> {
  const publisher = agency && {
    '@type': 'GovernmentOrganization',
    name: agency.name.zh,
    ...(agency.name.en && { alternateName: agency.name.en }),
    ...(agency.website && { url: agency.website }),
  };
  const temporal =
    entry.temporal && `${entry.temporal.start ?? '..'}/${entry.temporal.end ?? '..'}`;
  const { origin } = entry;
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': url,
    url,
    identifier: origin
      ? [entry.code, { '@type': 'PropertyValue', propertyID: origin.platform, value: origin.id }]
      : entry.code,
    name: entry.title.zh,
    ...(entry.title.en && { alternateName: entry.title.en }),
    description: entry.abstract.zh,
    inLanguage: 'zh-CN',
    keywords: entry.keywords,
    ...(publisher && { publisher, creator: publisher }),
    datePublished: entry.issued,
    dateModified: entry.modified,
    isAccessibleForFree: true,
    // schema.org's license is a URL or a CreativeWork; a licence named in words is the latter.
    ...(entry.licence && {
      license: URL_LIKE.test(entry.licence)
        ? entry.licence
        : { '@type': 'CreativeWork', name: entry.licence },
    }),
    ...(entry.spatial && { spatialCoverage: entry.spatial }),
    ...(temporal && { temporalCoverage: temporal }),
    ...(origin?.url && { isBasedOn: origin.url }),
  };
}

/** The schema.org Dataset of an own entry, with its downloads as DataDownload objects. */
export function datasetJsonLd(
  entry: SnapshotEntry,
  agency: Agency | undefined,
  siteUrl: string,
): Record<string, unknown> {
  return {
    ...describeEntry(entry, agency, new URL(`/datasets/${codeSlug(entry.code)}/`, siteUrl).href),
    ...(entry.latest && {
      version: String(entry.latest.version),
      distribution: entry.latest.distributions.map((d) => ({
        '@type': 'DataDownload',
        encodingFormat: d.mediaType,
        contentUrl: new URL(`/${d.key}`, siteUrl).href,
        contentSize: `${d.bytes} B`,
        sha256: d.sha256,
      })),
      variableMeasured: entry.latest.schema.fields.map((f) => f.title ?? f.name),
    }),
  };
}

/**
 * The schema.org Dataset of a harvested entry, described at its page in the federated section
 * and placed in the catalog of the platform it was harvested from.
 */
export function federatedDatasetJsonLd(
  source: FederationSource,
  entry: EntryFields,
  agency: Agency | undefined,
  siteUrl: string,
): Record<string, unknown> {
  return {
    ...describeEntry(
      entry,
      agency,
      new URL(federatedEntryPath(source.id, entry.code), siteUrl).href,
    ),
    includedInDataCatalog: {
      '@type': 'DataCatalog',
      name: source.name.zh,
      ...(source.name.en && { alternateName: source.name.en }),
      url: source.url,
    },
  };
}
