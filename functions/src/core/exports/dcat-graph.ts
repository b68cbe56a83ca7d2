import { DataFactory } from 'n3';
import type { BlankNode, Literal, NamedNode, Quad } from 'n3';
import {
  ACCESS_RIGHT_IRIS,
  CATEGORY_SCHEME_IRI,
  DATA_THEME_IRIS,
  DR,
  FILE_TYPE_IRIS,
  FREQUENCY_IRIS,
  IANA_MEDIA_TYPE,
  LANGUAGE_ZH,
  NS,
  categoryIri,
} from '../interop/dcat-vocabulary.ts';
import { siteIris } from '../interop/site-iris.ts';
import type { SiteIris } from '../interop/site-iris.ts';
import { codeSlug, schemaKey } from '../publish/object-keys.ts';
import type { Agency } from '../schemas/agency.ts';
import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import type { Distribution } from '../schemas/distribution.ts';
import type { LocalizedText } from '../schemas/common.ts';

const { namedNode, blankNode, literal, quad } = DataFactory;

/** The SPDX terms of a distribution's checksum (not in NS: only the export writes them). */
export const SPDX = 'http://spdx.org/rdf/terms#';

/** How the platform names itself and its catalog in the exports. */
export const PLATFORM_TEXT = {
  name: { zh: '公共数据开放平台', en: 'Public Data Portal' },
  title: { zh: '政务信息资源目录', en: 'Government information-resource catalog' },
  description: {
    zh: '政府部门向社会开放的政务信息资源目录：数据集的元数据、信息项和下载地址。',
    en: 'The government information-resource catalog that agencies open to the public: dataset metadata, data items and downloads.',
  },
  scheme: { zh: '信息资源分类', en: 'Information-resource categories' },
} as const;

/**
 * The English labels of the EU data themes our categories map to, from the EU data-theme
 * authority table: DCAT-AP wants a skos:prefLabel on every concept the export names.
 */
export const DATA_THEME_LABELS: Record<string, string> = {
  SOCI: 'Population and society',
  ECON: 'Economy and finance',
  REGI: 'Regions and cities',
  GOVE: 'Government and public sector',
  HEAL: 'Health',
  JUST: 'Justice, legal system and public safety',
  ENER: 'Energy',
  ENVI: 'Environment',
};

const rdf = (local: string) => `${NS.rdf}${local}`;
const rdfs = (local: string) => `${NS.rdfs}${local}`;
const xsd = (local: string) => `${NS.xsd}${local}`;
const dcat = (local: string) => `${NS.dcat}${local}`;
const dct = (local: string) => `${NS.dct}${local}`;
const foaf = (local: string) => `${NS.foaf}${local}`;
const vcard = (local: string) => `${NS.vcard}${local}`;
const skos = (local: string) => `${NS.skos}${local}`;
const spdx = (local: string) => `${SPDX}${local}`;

type Subject = NamedNode | BlankNode;
type Value = NamedNode | BlankNode | Literal;

/**
 * Collects quads grouped by subject, subjects in the order they first appear, and describes
 * each shared node only once. Grouping keeps one Turtle block and one JSON-LD node per subject.
 */
class Graph {
  private readonly bySubject = new Map<string, Quad[]>();
  private readonly declared = new Set<string>();
  // A catalog of 15,000 entries has a million quads but only a few dozen predicates, classes
  // and datatypes: one term each saves most of the allocations.
  private readonly terms = new Map<string, NamedNode>();

  private term(iri: string): NamedNode {
    let node = this.terms.get(iri);
    if (!node) {
      node = namedNode(iri);
      this.terms.set(iri, node);
    }
    return node;
  }

  add(subject: Subject, predicate: string, object: Value): void {
    const key = subject.termType === 'BlankNode' ? `_:${subject.value}` : subject.value;
    const statement = quad(subject, this.term(predicate), object);
    const group = this.bySubject.get(key);
    if (group) group.push(statement);
    else this.bySubject.set(key, [statement]);
  }

  get quads(): Quad[] {
    const all: Quad[] = [];
    for (const group of this.bySubject.values()) for (const q of group) all.push(q);
    return all;
  }

  type(subject: Subject, ...classes: string[]): void {
    for (const cls of classes) this.add(subject, rdf('type'), this.term(cls));
  }

  text(subject: Subject, predicate: string, value: LocalizedText): void {
    this.add(subject, predicate, literal(value.zh, 'zh'));
    if (value.en) this.add(subject, predicate, literal(value.en, 'en'));
  }

  string(subject: Subject, predicate: string, value: string | undefined): void {
    if (value !== undefined) this.add(subject, predicate, literal(value));
  }

  typed(
    subject: Subject,
    predicate: string,
    value: string | number | boolean,
    datatype: string,
  ): void {
    this.add(subject, predicate, literal(String(value), this.term(xsd(datatype))));
  }

  /** Describes a node the first time it is referenced; later references only link to it. */
  once(iri: string, describe: (node: NamedNode) => void): NamedNode {
    const node = namedNode(iri);
    if (!this.declared.has(iri)) {
      this.declared.add(iri);
      describe(node);
    }
    return node;
  }
}

/**
 * An IRI a person typed (a website, a licence) as an absolute http(s) IRI that Turtle and
 * JSON-LD can carry, or undefined when it is not one. It stays as written unless it holds
 * characters an IRI may not, which are then percent-encoded.
 */
export function webIri(value: string): string | undefined {
  const text = value.trim();
  if (!/^https?:\/\//i.test(text) || !URL.canParse(text)) return undefined;
  if (!/[<>"{}|^`\\\s]/.test(text)) return text;
  return new URL(text).href.replace(
    /[<>"{}|^`\\\s]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
  );
}

/** A telephone number as a `tel:` IRI; characters an IRI cannot hold are percent-encoded. */
export function telIri(phone: string): string {
  return `tel:${encodeURIComponent(phone.trim()).replace(/%2B/g, '+').replace(/%2F/g, '/')}`;
}

/** A media type without its parameters, as IANA registers it: `text/csv; charset=utf-8` → `text/csv`. */
export function bareMediaType(mediaType: string): string {
  return mediaType.split(';')[0]!.trim().toLowerCase();
}

/** Blank-node labels derived from what they describe, so the same catalog gives the same labels. */
const bnode = (entry: SnapshotEntry, part: string) => blankNode(`d${codeSlug(entry.code)}-${part}`);

/**
 * The public catalog as a DCAT-AP 3 graph: the catalog, its publisher, every agency and every
 * dataset with its distributions, and datarun's own `dr:` terms for the catalog fields DCAT has
 * no property for, so that the DCAT importer reads it back into the same catalog. Quads come
 * in a fixed order (entries and agencies by code) with labels derived from codes: the same
 * snapshot always gives the same graph, byte for byte once serialized.
 */
export function dcatQuads(snapshot: CatalogSnapshot, base: string): Quad[] {
  const iris = siteIris(base);
  const g = new Graph();
  const entries = [...snapshot.entries].sort((a, b) => compare(a.code, b.code));
  const agencies = [...snapshot.agencies].sort((a, b) => compare(a.code, b.code));
  const listed = new Set(entries.map((e) => e.code));

  const catalog = namedNode(iris.catalog);
  g.type(catalog, dcat('Catalog'));
  g.text(catalog, dct('title'), PLATFORM_TEXT.title);
  g.text(catalog, dct('description'), PLATFORM_TEXT.description);
  const platform = namedNode(`${iris.origin}/#platform`);
  g.add(catalog, dct('publisher'), platform);
  g.add(catalog, foaf('homepage'), document(g, `${iris.origin}/`));
  g.add(catalog, dct('language'), language(g));
  g.typed(catalog, dct('modified'), snapshot.generatedAt, 'dateTime');
  g.add(catalog, dcat('themeTaxonomy'), categoryScheme(g));
  for (const entry of entries) g.add(catalog, dcat('dataset'), namedNode(iris.dataset(entry.code)));

  g.type(platform, foaf('Agent'));
  g.text(platform, foaf('name'), PLATFORM_TEXT.name);

  for (const agency of agencies) describeAgency(g, iris, agency);
  const known = new Set(agencies.map((a) => a.code));
  for (const entry of entries) {
    // A snapshot names every provider among its agencies; an agency missing there still
    // gets the name DCAT-AP requires of a publisher, its code.
    if (!known.has(entry.provider)) {
      known.add(entry.provider);
      const node = namedNode(iris.agency(entry.provider));
      g.type(node, foaf('Agent'));
      g.string(node, foaf('name'), entry.provider);
      g.string(node, dct('identifier'), entry.provider);
      g.string(node, DR.agencyCode, entry.provider);
    }
    describeDataset(g, iris, entry, listed);
  }
  return g.quads;
}

function describeAgency(g: Graph, iris: SiteIris, agency: Agency): void {
  const node = namedNode(iris.agency(agency.code));
  g.type(node, foaf('Agent'));
  g.text(node, foaf('name'), agency.name);
  g.string(node, dct('identifier'), agency.code);
  g.string(node, DR.agencyCode, agency.code);
  g.string(node, DR.agencyLevel, agency.level);
  g.string(node, DR.region, agency.region);
  g.string(node, DR.parent, agency.parent);
  const website = agency.website && webIri(agency.website);
  if (website) g.add(node, foaf('homepage'), document(g, website));
  if (agency.email) g.add(node, foaf('mbox'), namedNode(`mailto:${agency.email}`));
  if (agency.shareDecisionDays !== undefined)
    g.typed(node, DR.shareDecisionDays, agency.shareDecisionDays, 'integer');
}

function describeDataset(
  g: Graph,
  iris: SiteIris,
  entry: SnapshotEntry,
  listed: ReadonlySet<string>,
): void {
  const page = iris.dataset(entry.code);
  const node = namedNode(page);
  // The dataset's IRI is its landing page (site-iris.ts), so the node is that page as well.
  g.type(node, dcat('Dataset'), foaf('Document'));
  g.string(node, dct('identifier'), entry.code);
  g.text(node, dct('title'), entry.title);
  g.text(node, dct('description'), entry.abstract);
  g.add(node, dct('publisher'), namedNode(iris.agency(entry.provider)));
  for (const keyword of new Set(entry.keywords))
    g.add(node, dcat('keyword'), literal(keyword, 'zh'));
  g.add(node, dcat('theme'), categoryConcept(g, entry));
  g.add(node, dcat('theme'), dataTheme(g, DATA_THEME_IRIS[entry.category]));
  g.typed(node, dct('issued'), entry.issued, 'date');
  g.typed(node, dct('modified'), entry.modified, 'date');
  g.add(
    node,
    dct('accrualPeriodicity'),
    g.once(FREQUENCY_IRIS[entry.updateCycle], (n) => g.type(n, dct('Frequency'))),
  );
  g.add(
    node,
    dct('accessRights'),
    g.once(ACCESS_RIGHT_IRIS[entry.openType], (n) => g.type(n, dct('RightsStatement'))),
  );
  if (entry.contact) describeContact(g, node, entry);
  if (entry.licence) describeLicence(g, node, entry, entry.licence);
  if (entry.spatial) {
    const place = bnode(entry, 'spatial');
    g.add(node, dct('spatial'), place);
    g.type(place, dct('Location'));
    g.add(place, skos('prefLabel'), literal(entry.spatial, 'zh'));
  }
  if (entry.temporal && (entry.temporal.start || entry.temporal.end)) {
    const period = bnode(entry, 'temporal');
    g.add(node, dct('temporal'), period);
    g.type(period, dct('PeriodOfTime'));
    if (entry.temporal.start) g.typed(period, dcat('startDate'), entry.temporal.start, 'date');
    if (entry.temporal.end) g.typed(period, dcat('endDate'), entry.temporal.end, 'date');
  }
  g.add(node, dcat('landingPage'), node);
  g.add(node, dct('language'), language(g));
  const related = [...new Set(entry.related)];
  for (const code of related)
    if (listed.has(code)) g.add(node, dct('relation'), namedNode(iris.dataset(code)));
  if (entry.latest) {
    const schema = g.once(iris.object(schemaKey('open', entry.code, entry.latest.version)), (n) =>
      g.type(n, dct('Standard')),
    );
    for (const distribution of entry.latest.distributions)
      describeDistribution(g, iris, entry, node, distribution, schema);
  }

  g.string(node, DR.shareType, entry.shareType);
  g.string(node, DR.shareCondition, entry.shareCondition);
  g.string(node, DR.shareBasis, entry.shareBasis);
  for (const method of new Set(entry.shareMethod)) g.string(node, DR.shareMethod, method);
  g.string(node, DR.openType, entry.openType);
  g.string(node, DR.openCondition, entry.openCondition);
  g.typed(node, DR.level, entry.level, 'integer');
  g.string(node, DR.category, entry.category);
  g.string(node, DR.resourceFormat, entry.format);
  g.string(node, DR.updateCycle, entry.updateCycle);
  for (const code of related) g.string(node, DR.related, code);
  entry.items.forEach((item, order) => {
    const itemNode = bnode(entry, `item-${order}`);
    g.add(node, DR.item, itemNode);
    g.string(itemNode, DR.itemName, item.name);
    g.string(itemNode, DR.itemNameEn, item.nameEn);
    g.string(itemNode, DR.itemType, item.type);
    if (item.length !== undefined) g.typed(itemNode, DR.itemLength, item.length, 'integer');
    g.string(itemNode, DR.itemDescription, item.description);
    g.typed(itemNode, DR.itemRequired, item.required, 'boolean');
    g.typed(itemNode, DR.itemKey, item.key, 'boolean');
    if (item.authoritative !== undefined)
      g.typed(itemNode, DR.itemAuthoritative, item.authoritative, 'boolean');
    g.typed(itemNode, DR.itemOrder, order, 'integer');
  });
  if (entry.origin) {
    g.string(node, DR.originPlatform, entry.origin.platform);
    g.string(node, DR.originId, entry.origin.id);
    g.string(node, DR.originUrl, entry.origin.url);
  }
}

function describeContact(g: Graph, dataset: NamedNode, entry: SnapshotEntry): void {
  const contact = entry.contact!;
  const node = bnode(entry, 'contact');
  g.add(dataset, dcat('contactPoint'), node);
  g.type(node, vcard('Kind'));
  g.string(node, vcard('fn'), contact.name);
  if (contact.email) g.add(node, vcard('hasEmail'), namedNode(`mailto:${contact.email}`));
  if (contact.phone) g.add(node, vcard('hasTelephone'), namedNode(telIri(contact.phone)));
}

function describeLicence(g: Graph, dataset: NamedNode, entry: SnapshotEntry, licence: string) {
  const iri = webIri(licence);
  if (iri) {
    g.add(
      dataset,
      dct('license'),
      g.once(iri, (n) => g.type(n, dct('LicenseDocument'))),
    );
    return;
  }
  // A licence named rather than linked (`ODC-PDDL-1.0`) keeps its name as the document's label.
  const node = bnode(entry, 'licence');
  g.add(dataset, dct('license'), node);
  g.type(node, dct('LicenseDocument'));
  g.add(node, rdfs('label'), literal(licence));
}

function describeDistribution(
  g: Graph,
  iris: SiteIris,
  entry: SnapshotEntry,
  dataset: NamedNode,
  distribution: Distribution,
  schema: NamedNode,
): void {
  const url = iris.object(distribution.key);
  const node = namedNode(url);
  g.add(dataset, dcat('distribution'), node);
  g.type(node, dcat('Distribution'));
  g.add(node, dcat('accessURL'), node);
  g.add(node, dcat('downloadURL'), node);
  g.add(
    node,
    dct('format'),
    g.once(FILE_TYPE_IRIS[distribution.format], (n) => g.type(n, dct('MediaTypeOrExtent'))),
  );
  g.add(
    node,
    dcat('mediaType'),
    g.once(`${IANA_MEDIA_TYPE}${bareMediaType(distribution.mediaType)}`, (n) =>
      g.type(n, dct('MediaType')),
    ),
  );
  g.typed(node, dcat('byteSize'), distribution.bytes, 'nonNegativeInteger');
  const checksum = bnode(entry, `${distribution.format}-checksum`);
  g.add(node, spdx('checksum'), checksum);
  g.type(checksum, spdx('Checksum'));
  g.add(
    checksum,
    spdx('algorithm'),
    g.once(spdx('checksumAlgorithm_sha256'), (n) => g.type(n, spdx('ChecksumAlgorithm'))),
  );
  g.typed(checksum, spdx('checksumValue'), distribution.sha256, 'hexBinary');
  g.add(node, dct('conformsTo'), schema);
}

function document(g: Graph, iri: string): NamedNode {
  return g.once(iri, (n) => g.type(n, foaf('Document')));
}

function language(g: Graph): NamedNode {
  return g.once(LANGUAGE_ZH, (n) => g.type(n, dct('LinguisticSystem')));
}

function categoryScheme(g: Graph): NamedNode {
  return g.once(CATEGORY_SCHEME_IRI, (n) => {
    g.type(n, skos('ConceptScheme'));
    g.text(n, dct('title'), PLATFORM_TEXT.scheme);
  });
}

function categoryConcept(g: Graph, entry: SnapshotEntry): NamedNode {
  return g.once(categoryIri(entry.category), (n) => {
    g.type(n, skos('Concept'));
    g.add(n, skos('prefLabel'), literal(entry.category, 'zh'));
    g.add(n, skos('inScheme'), categoryScheme(g));
  });
}

function dataTheme(g: Graph, iri: string): NamedNode {
  return g.once(iri, (n) => {
    g.type(n, skos('Concept'));
    const code = iri.slice(iri.lastIndexOf('/') + 1);
    g.add(n, skos('prefLabel'), literal(DATA_THEME_LABELS[code] ?? code, 'en'));
  });
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
