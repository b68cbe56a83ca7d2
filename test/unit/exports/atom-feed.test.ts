import { beforeAll, describe, expect, it } from 'vitest';
import { SaxesParser } from '@rubensworks/saxes';
import { atomFeed, xmlEscape } from '../../../functions/src/core/exports/atom-feed.ts';
import { siteIris } from '../../../functions/src/core/interop/site-iris.ts';
import type { CatalogSnapshot } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { BASE, awkwardSnapshot, demoSnapshot } from './export-fixtures.ts';

const ATOM = 'http://www.w3.org/2005/Atom';

type Element = {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: Element[];
};

/**
 * Parses the feed with a strict, namespace-aware XML parser (any well-formedness error
 * throws) into a small tree of Atom elements.
 */
function parseFeed(xml: string): Element {
  const parser = new SaxesParser({ xmlns: true });
  const root: Element = { name: '#document', attributes: {}, text: '', children: [] };
  const stack = [root];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('opentag', (tag) => {
    expect(tag.uri).toBe(ATOM);
    const element: Element = {
      name: tag.local,
      attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])),
      text: '',
      children: [],
    };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  });
  parser.on('text', (text) => {
    stack.at(-1)!.text += text;
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.write(xml).close();
  return root.children[0]!;
}

const child = (element: Element, name: string) => element.children.find((c) => c.name === name)!;
const entriesOf = (feed: Element) => feed.children.filter((c) => c.name === 'entry');

let demo: CatalogSnapshot;
let awkward: CatalogSnapshot;

beforeAll(async () => {
  [demo, awkward] = await Promise.all([demoSnapshot(), awkwardSnapshot()]);
});

describe('atomFeed', () => {
  it('is well-formed Atom with the feed’s id, title, updated and self link', () => {
    const feed = parseFeed(atomFeed(demo, BASE));
    expect(feed.name).toBe('feed');
    expect(child(feed, 'id').text).toBe(`${BASE}/catalog/feed.atom`);
    expect(child(feed, 'title').text).not.toBe('');
    expect(child(feed, 'updated').text).toBe(demo.generatedAt);
    const links = feed.children.filter((c) => c.name === 'link').map((l) => l.attributes);
    expect(links).toContainEqual({
      rel: 'self',
      type: 'application/atom+xml',
      href: `${BASE}/catalog/feed.atom`,
    });
  });

  it('lists the newest entries first, at most `limit` of them', () => {
    const feed = parseFeed(atomFeed(awkward, BASE, 5));
    const entries = entriesOf(feed);
    expect(entries).toHaveLength(5);
    const iris = siteIris(BASE);
    // The two entries changed last on the platform come first, then by 更新日期.
    expect(entries.slice(0, 2).map((e) => child(e, 'id').text)).toEqual([
      iris.dataset(awkward.entries[0]!.code),
      iris.dataset(awkward.entries[1]!.code),
    ]);
    const rest = entries.slice(2).map((e) => {
      const code = child(e, 'id').text.split('/').at(-2)!.replace('-', '/');
      return awkward.entries.find((x) => x.code === code)!.modified;
    });
    expect(rest).toEqual([...rest].sort().reverse());
  });

  it('gives each entry its page, summary, author, category, published and updated', () => {
    const entry = awkward.entries[1]!;
    const feed = parseFeed(atomFeed(awkward, BASE));
    const page = siteIris(BASE).dataset(entry.code);
    const element = entriesOf(feed).find((e) => child(e, 'id').text === page)!;
    const agency = awkward.agencies.find((a) => a.code === entry.provider)!;
    expect(child(element, 'link').attributes).toEqual({
      rel: 'alternate',
      type: 'text/html',
      href: page,
    });
    expect(child(element, 'summary').text).toBe(entry.abstract.zh);
    expect(child(child(element, 'author'), 'name').text).toBe(agency.name.zh);
    expect(child(element, 'category').attributes.term).toBe(entry.category);
    expect(child(element, 'published').text).toBe(`${entry.issued}T00:00:00Z`);
    expect(child(element, 'updated').text).toBe(entry.updatedAt);
  });

  it('escapes &, <, quotes and line breaks, and replaces characters XML cannot hold', () => {
    const entry = awkward.entries[0]!;
    const feed = parseFeed(atomFeed(awkward, BASE));
    const element = entriesOf(feed).find(
      (e) => child(e, 'id').text === siteIris(BASE).dataset(entry.code),
    )!;
    expect(child(element, 'title').text).toBe(entry.title.zh.replace('\u0001', '\uFFFD'));
    expect(child(element, 'summary').text).toBe(entry.abstract.zh);
  });

  it('gives the same bytes for the same snapshot', () => {
    expect(atomFeed(awkward, BASE)).toBe(
      atomFeed({ ...awkward, entries: [...awkward.entries].reverse() }, BASE),
    );
  });
});

describe('xmlEscape', () => {
  it('escapes markup characters and keeps Chinese text as it is', () => {
    expect(xmlEscape('a & b < c > "d"')).toBe('a &amp; b &lt; c &gt; &quot;d&quot;');
    expect(xmlEscape('人口基础信息')).toBe('人口基础信息');
  });

  it('replaces control characters and unpaired surrogates, keeping pairs', () => {
    expect(xmlEscape('a\u0000b\u001Fc\tn\n')).toBe('a\uFFFDb\uFFFDc\tn\n');
    expect(xmlEscape('\uD800x\uDC00')).toBe('\uFFFDx\uFFFD');
    expect(xmlEscape('😀')).toBe('😀');
  });

  it('keeps a carriage return as a character reference, which XML would otherwise turn into a line feed', () => {
    expect(xmlEscape('a\r\nb')).toBe('a&#13;\nb');
  });
});
