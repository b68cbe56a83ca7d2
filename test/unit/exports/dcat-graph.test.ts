import { beforeAll, describe, expect, it } from 'vitest';
import type { Quad, Store } from 'n3';
import {
  DATA_THEME_LABELS,
  bareMediaType,
  dcatQuads,
  telIri,
  webIri,
} from '../../../functions/src/core/exports/dcat-graph.ts';
import { toJsonLd, toTurtle } from '../../../functions/src/core/exports/dcat-serialize.ts';
import {
  DATA_THEME_IRIS,
  DR,
  NS,
  categoryIri,
} from '../../../functions/src/core/interop/dcat-vocabulary.ts';
import { siteIris } from '../../../functions/src/core/interop/site-iris.ts';
import type { CatalogSnapshot } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import {
  BASE,
  SHAPES,
  awkwardSnapshot,
  demoSnapshot,
  graphKeys,
  parseJsonLd,
  parseTurtle,
  shaclFindings,
} from './export-fixtures.ts';

let demo: CatalogSnapshot;
let awkward: CatalogSnapshot;
let single: Store;
let split: Store;
const iris = siteIris(BASE);

beforeAll(async () => {
  [demo, awkward] = await Promise.all([demoSnapshot(), awkwardSnapshot()]);
  single = SHAPES.single();
  split = SHAPES.split();
});

const violations = (findings: { severity: string }[]) =>
  findings.filter((f) => f.severity === 'Violation');

/** The objects of one subject's property, as strings. */
function objects(quads: readonly Quad[], subject: string, predicate: string): string[] {
  return quads
    .filter((q) => q.subject.value === subject && q.predicate.value === predicate)
    .map((q) => q.object.value);
}

describe('dcatQuads', () => {
  it('gives the demo catalog as Turtle that the single-file DCAT-AP 3.0.1 shapes accept without a result', async () => {
    const quads = parseTurtle(await toTurtle(dcatQuads(demo, BASE)));
    expect(await shaclFindings(single, quads)).toEqual([]);
  });

  it('gives the demo catalog as JSON-LD that the mandatory and range shapes accept without a violation', async () => {
    const quads = await parseJsonLd(toJsonLd(dcatQuads(demo, BASE)));
    expect(violations(await shaclFindings(split, quads))).toEqual([]);
  });

  it('still conforms with quotes, line breaks, markup, no keywords, no contact, imported entries and data', async () => {
    const graph = dcatQuads(awkward, BASE);
    for (const quads of [parseTurtle(await toTurtle(graph)), await parseJsonLd(toJsonLd(graph))]) {
      expect(await shaclFindings(single, quads)).toEqual([]);
      expect(violations(await shaclFindings(split, quads))).toEqual([]);
    }
  });

  it('is caught by the shapes when a dataset has no title', async () => {
    const dataset = iris.dataset(demo.entries[0]!.code);
    const quads = dcatQuads(demo, BASE).filter(
      (q) => !(q.subject.value === dataset && q.predicate.value === `${NS.dct}title`),
    );
    const findings = await shaclFindings(single, quads);
    expect(findings.map((f) => [f.focus, f.path])).toContainEqual([dataset, `${NS.dct}title`]);
  });

  it('gives the same quads whatever order the snapshot lists its entries and agencies in', async () => {
    const reversed = {
      ...awkward,
      entries: [...awkward.entries].reverse(),
      agencies: [...awkward.agencies].reverse(),
    };
    expect(await toTurtle(dcatQuads(reversed, BASE))).toBe(
      await toTurtle(dcatQuads(awkward, BASE)),
    );
  });

  it('lists every dataset of the snapshot in the catalog, at its landing page', () => {
    const quads = dcatQuads(demo, BASE);
    expect(objects(quads, iris.catalog, `${NS.dcat}dataset`).sort()).toEqual(
      demo.entries.map((e) => iris.dataset(e.code)).sort(),
    );
    const first = iris.dataset(demo.entries[0]!.code);
    expect(objects(quads, first, `${NS.dcat}landingPage`)).toEqual([first]);
  });

  it('writes the catalog fields DCAT has no property for as dr: terms, 信息项 in order', () => {
    const entry = awkward.entries[1]!;
    const quads = dcatQuads(awkward, BASE);
    const node = iris.dataset(entry.code);
    expect(objects(quads, node, DR.shareType)).toEqual([entry.shareType]);
    expect(objects(quads, node, DR.shareMethod)).toEqual(entry.shareMethod);
    expect(objects(quads, node, DR.level)).toEqual([String(entry.level)]);
    expect(objects(quads, node, DR.category)).toEqual([entry.category]);
    expect(objects(quads, node, DR.resourceFormat)).toEqual([entry.format]);
    expect(objects(quads, node, DR.updateCycle)).toEqual([entry.updateCycle]);
    expect(objects(quads, node, `${NS.dcat}keyword`)).toEqual(['-负号开头', '重复']);
    const items = objects(quads, node, DR.item);
    expect(items).toHaveLength(2);
    expect(objects(quads, items[0]!, DR.itemName)).toEqual(['-名称']);
    expect(objects(quads, items[0]!, DR.itemLength)).toEqual(['20']);
    expect(objects(quads, items[0]!, DR.itemDescription)).toEqual(['第一行\n第二行']);
    expect(objects(quads, items[0]!, DR.itemKey)).toEqual(['true']);
    expect(objects(quads, items[1]!, DR.itemOrder)).toEqual(['1']);
    expect(objects(quads, items[1]!, DR.itemLength)).toEqual([]);
  });

  it('links related entries that are in the catalog and keeps every related code', () => {
    const [entry, other] = awkward.entries as [
      CatalogSnapshot['entries'][0],
      CatalogSnapshot['entries'][0],
    ];
    const quads = dcatQuads(awkward, BASE);
    const node = iris.dataset(entry.code);
    expect(objects(quads, node, `${NS.dct}relation`)).toEqual([iris.dataset(other.code)]);
    expect(objects(quads, node, DR.related)).toEqual([other.code, '999/000001']);
  });

  it('keeps where an imported entry came from', () => {
    const entry = awkward.entries[0]!;
    const node = iris.dataset(entry.code);
    const quads = dcatQuads(awkward, BASE);
    expect(objects(quads, node, DR.originPlatform)).toEqual([entry.origin!.platform]);
    expect(objects(quads, node, DR.originId)).toEqual([entry.origin!.id]);
    expect(objects(quads, node, DR.originUrl)).toEqual([entry.origin!.url]);
  });

  it('describes each distribution with its download URL, formats, size, checksum and Table Schema', () => {
    const entry = awkward.entries[0]!;
    const quads = dcatQuads(awkward, BASE);
    const distributions = objects(quads, iris.dataset(entry.code), `${NS.dcat}distribution`);
    const csv = entry.latest!.distributions[0]!;
    expect(distributions).toEqual(entry.latest!.distributions.map((d) => iris.object(d.key)));
    const url = iris.object(csv.key);
    expect(objects(quads, url, `${NS.dcat}downloadURL`)).toEqual([url]);
    expect(objects(quads, url, `${NS.dcat}mediaType`)).toEqual([
      'https://www.iana.org/assignments/media-types/text/csv',
    ]);
    expect(objects(quads, url, `${NS.dcat}byteSize`)).toEqual([String(csv.bytes)]);
    const checksum = objects(quads, url, 'http://spdx.org/rdf/terms#checksum')[0]!;
    expect(objects(quads, checksum, 'http://spdx.org/rdf/terms#checksumValue')).toEqual([
      csv.sha256,
    ]);
    expect(objects(quads, url, `${NS.dct}conformsTo`)).toEqual([
      `${BASE}/open/datasets/${entry.code.replace('/', '-')}/1/schema.json`,
    ]);
  });

  it('writes a telephone number as a tel: IRI and a named licence as a labelled document', () => {
    const entry = awkward.entries[1]!;
    const quads = dcatQuads(awkward, BASE);
    const node = iris.dataset(entry.code);
    const contact = objects(quads, node, `${NS.dcat}contactPoint`)[0]!;
    expect(objects(quads, contact, `${NS.vcard}hasTelephone`)).toEqual([
      'tel:0571%208838%203388%20%E8%BD%AC%20123',
    ]);
    expect(objects(quads, contact, `${NS.vcard}fn`)).toEqual(['@数据处 "张"']);
    const licence = objects(quads, node, `${NS.dct}license`)[0]!;
    expect(objects(quads, licence, `${NS.rdfs}label`)).toEqual(['CC BY 4.0 "国际"']);
  });

  it('gives each dataset its category concept and the EU data theme, each with a label', () => {
    const entry = demo.entries[0]!;
    const quads = dcatQuads(demo, BASE);
    const themes = objects(quads, iris.dataset(entry.code), `${NS.dcat}theme`);
    expect(themes).toEqual([categoryIri(entry.category), DATA_THEME_IRIS[entry.category]]);
    for (const theme of themes)
      expect(objects(quads, theme, `${NS.skos}prefLabel`)).toHaveLength(1);
  });

  it('has an English label for every EU data theme a category maps to', () => {
    for (const iri of Object.values(DATA_THEME_IRIS))
      expect(DATA_THEME_LABELS[iri.slice(iri.lastIndexOf('/') + 1)], iri).toBeDefined();
  });

  it('describes every agency with its code, level, region and parent', () => {
    const quads = dcatQuads(awkward, BASE);
    const child = awkward.agencies.find((a) => a.parent)!;
    const node = iris.agency(child.code);
    expect(objects(quads, node, DR.agencyCode)).toEqual([child.code]);
    expect(objects(quads, node, DR.agencyLevel)).toEqual([child.level]);
    expect(objects(quads, node, DR.region)).toEqual([child.region]);
    expect(objects(quads, node, DR.parent)).toEqual([child.parent]);
    const first = awkward.agencies[0]!;
    expect(objects(quads, iris.agency(first.code), DR.shareDecisionDays)).toEqual(['15']);
  });
});

describe('toJsonLd', () => {
  it('gives the same graph as the Turtle, quad for quad', async () => {
    const graph = dcatQuads(awkward, BASE);
    const fromJsonLd = await parseJsonLd(toJsonLd(graph));
    const fromTurtle = parseTurtle(await toTurtle(graph));
    expect(fromJsonLd).toHaveLength(graph.length);
    expect(fromTurtle).toHaveLength(graph.length);
    expect(graphKeys(fromJsonLd)).toEqual(graphKeys(graph));
    expect(graphKeys(fromTurtle)).toEqual(graphKeys(graph));
  });

  it('carries its context inline, so no processor needs the network to read it', () => {
    const document = JSON.parse(toJsonLd(dcatQuads(demo, BASE))) as Record<string, unknown>;
    expect(document['@context']).toMatchObject({ dcat: NS.dcat, dr: NS.dr });
    expect(Array.isArray(document['@graph'])).toBe(true);
  });

  it('writes one node object per subject', () => {
    const graph = dcatQuads(demo, BASE);
    const document = JSON.parse(toJsonLd(graph)) as { '@graph': { '@id': string }[] };
    const ids = document['@graph'].map((n) => n['@id']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(new Set(graph.map((q) => q.subject.value)).size);
  });
});

describe('toTurtle', () => {
  it('escapes quotes, line breaks and control characters in literals', async () => {
    const entry = awkward.entries[0]!;
    const quads = parseTurtle(await toTurtle(dcatQuads(awkward, BASE)));
    expect(objects(quads, iris.dataset(entry.code), `${NS.dct}title`)).toEqual([
      entry.title.zh,
      entry.title.en,
    ]);
    expect(objects(quads, iris.dataset(entry.code), `${NS.dct}description`)).toEqual([
      entry.abstract.zh,
    ]);
  });
});

describe('webIri', () => {
  it('keeps a web address as written', () => {
    expect(webIri(' https://creativecommons.org/licenses/by/4.0/ ')).toBe(
      'https://creativecommons.org/licenses/by/4.0/',
    );
    expect(webIri('https://data.sh.gov.cn/数据')).toBe('https://data.sh.gov.cn/数据');
  });

  it('percent-encodes characters Turtle cannot hold in an IRI', () => {
    expect(webIri('https://example.org/a b/"c"|{d}')).toBe(
      'https://example.org/a%20b/%22c%22%7C%7Bd%7D',
    );
  });

  it('is undefined for names and other schemes', () => {
    expect(webIri('ODC-PDDL-1.0')).toBeUndefined();
    expect(webIri('CC BY 4.0')).toBeUndefined();
    expect(webIri('ftp://example.org/licence')).toBeUndefined();
    expect(webIri('https://')).toBeUndefined();
  });
});

describe('telIri', () => {
  it('percent-encodes what a tel: IRI cannot hold, keeping + and digits', () => {
    expect(telIri('+86-571-88383388')).toBe('tel:+86-571-88383388');
    expect(decodeURIComponent(telIri('0571 8838 3388 转 123').slice(4))).toBe(
      '0571 8838 3388 转 123',
    );
  });
});

describe('bareMediaType', () => {
  it('drops the parameters of a media type', () => {
    expect(bareMediaType('text/csv; charset=utf-8')).toBe('text/csv');
    expect(bareMediaType('application/vnd.apache.parquet')).toBe('application/vnd.apache.parquet');
  });
});
