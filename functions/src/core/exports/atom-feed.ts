import { CATEGORY_SCHEME_IRI } from '../interop/dcat-vocabulary.ts';
import { siteIris } from '../interop/site-iris.ts';
import { EXPORT_KEYS } from '../publish/object-keys.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import { PLATFORM_TEXT } from './dcat-graph.ts';

/**
 * Characters XML 1.0 cannot carry at all, not even as references: C0 controls other than tab,
 * line feed and carriage return, U+FFFE/U+FFFF and unpaired surrogates.
 */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // A literal CR would be read back as a line feed.
  '\r': '&#13;',
};

/**
 * Text as XML character data or an attribute value: markup characters escaped, and characters
 * XML cannot hold replaced by U+FFFD, so a title can never break the feed.
 */
export function xmlEscape(text: string): string {
  return text.replace(NOT_XML, '\uFFFD').replace(/[&<>"\r]/g, (c) => ESCAPES[c]!);
}

/** The newest first: by the platform's last change, then the entry's 更新日期, then code. */
function newestFirst(a: SnapshotEntry, b: SnapshotEntry): number {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt < b.updatedAt ? 1 : -1;
  if (a.modified !== b.modified) return a.modified < b.modified ? 1 : -1;
  return a.code < b.code ? -1 : 1;
}

/**
 * An Atom 1.0 (RFC 4287) feed of the `limit` most recently added or updated datasets of the
 * public catalog, newest first; each entry links to the dataset's page, and the feed's own
 * `updated` is the snapshot's, so an unchanged catalog gives the same bytes.
 */
export function atomFeed(snapshot: CatalogSnapshot, base: string, limit = 50): string {
  const iris = siteIris(base);
  const agencies = new Map(snapshot.agencies.map((a) => [a.code, a]));
  const self = iris.exportFile(EXPORT_KEYS.atomFeed);
  const newest = [...snapshot.entries].sort(newestFirst).slice(0, Math.max(0, limit));
  const element = (name: string, text: string) => `<${name}>${xmlEscape(text)}</${name}>`;
  const link = (rel: string, type: string, href: string) =>
    `<link rel="${rel}" type="${type}" href="${xmlEscape(href)}"/>`;

  const entries = newest.map((entry) => {
    const page = iris.dataset(entry.code);
    const agency = agencies.get(entry.provider);
    return [
      '<entry>',
      element('id', page),
      element('title', entry.title.zh),
      link('alternate', 'text/html', page),
      element('summary', entry.abstract.zh),
      `<author>${element('name', agency?.name.zh ?? entry.provider)}${element('uri', iris.agency(entry.provider))}</author>`,
      `<category term="${xmlEscape(entry.category)}" scheme="${xmlEscape(CATEGORY_SCHEME_IRI)}"/>`,
      element('published', `${entry.issued}T00:00:00Z`),
      element('updated', entry.updatedAt),
      '</entry>',
    ].join('\n');
  });
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    element('id', self),
    element('title', `${PLATFORM_TEXT.name.zh}：新增和更新的数据集`),
    element('subtitle', PLATFORM_TEXT.title.zh),
    element('updated', snapshot.generatedAt),
    link('self', 'application/atom+xml', self),
    link('alternate', 'text/html', `${iris.origin}/`),
    `<author>${element('name', PLATFORM_TEXT.name.zh)}</author>`,
    element('generator', 'datarun'),
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
