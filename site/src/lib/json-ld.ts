import type { Agency, SnapshotEntry } from './site-data.ts';
import { codeSlug } from './site-data.ts';

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

/** The schema.org Dataset of an entry, with its downloads as DataDownload objects. */
export function datasetJsonLd(
  entry: SnapshotEntry,
  agency: Agency | undefined,
  siteUrl: string,
): Record<string, unknown> {
  const url = new URL(`/datasets/${codeSlug(entry.code)}/`, siteUrl).href;
  const publisher = agency && {
    '@type': 'GovernmentOrganization',
    name: agency.name.zh,
    ...(agency.name.en && { alternateName: agency.name.en }),
    ...(agency.website && { url: agency.website }),
  };
  const temporal =
    entry.temporal && `${entry.temporal.start ?? '..'}/${entry.temporal.end ?? '..'}`;
  return {
    '@context': 'https://schema.org',
    '@type': 'Dataset',
    '@id': url,
    url,
    identifier: entry.code,
    name: entry.title.zh,
    ...(entry.title.en && { alternateName: entry.title.en }),
    description: entry.abstract.zh,
    inLanguage: 'zh-CN',
    keywords: entry.keywords,
    ...(publisher && { publisher, creator: publisher }),
    datePublished: entry.issued,
    dateModified: entry.modified,
    isAccessibleForFree: true,
    ...(entry.licence && { license: entry.licence }),
    ...(entry.spatial && { spatialCoverage: entry.spatial }),
    ...(temporal && { temporalCoverage: temporal }),
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
