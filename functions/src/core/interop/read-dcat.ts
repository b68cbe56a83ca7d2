import { DatarunError, problem } from '../errors.ts';
import { DR, LANGUAGE_ZH, NS } from './dcat-vocabulary.ts';
import type {
  ForeignAgency,
  ForeignDataset,
  ReadResult,
  SkippedRecord,
} from './foreign-dataset.ts';
import { DR_DATASET_TERMS, hasDrTerms, nativeAgency, nativeEntry } from './read-dcat-native.ts';
import type { SharedFields } from './read-dcat-native.ts';
import { RdfGraph, compactIri, isResource, pickText, pickTexts } from './rdf-graph.ts';
import type { RdfTerm, Resource } from './rdf-graph.ts';
import { readRdf, sniffRdfSyntax } from './rdf-syntax.ts';
import type { RdfSyntax } from './rdf-syntax.ts';

const rdf = (local: string) => `${NS.rdf}${local}`;
const rdfs = (local: string) => `${NS.rdfs}${local}`;
const dcat = (local: string) => `${NS.dcat}${local}`;
const dct = (local: string) => `${NS.dct}${local}`;
const foaf = (local: string) => `${NS.foaf}${local}`;
const vcard = (local: string) => `${NS.vcard}${local}`;
const skos = (local: string) => `${NS.skos}${local}`;
const locn = (local: string) => `${NS.locn}${local}`;
const SCHEMA_ORG = ['http://schema.org/', 'https://schema.org/'];
const WKT = 'http://www.opengis.net/ont/geosparql#wktLiteral';

/** Dataset properties that become fields of a foreign dataset whenever they are present. */
const READ = new Set([
  ...[rdf('type'), dct('identifier'), dct('title'), dct('description'), dcat('keyword')],
  ...[dcat('theme'), dct('issued'), dct('modified'), dct('accrualPeriodicity')],
  ...[dct('accessRights'), dct('license'), dct('spatial'), dct('temporal'), dcat('landingPage')],
]);

/** Names of a thing, best first: an agent, a concept, a licence or a place. */
const NAMES = [
  foaf('name'),
  skos('prefLabel'),
  vcard('fn'),
  vcard('organization-name'),
  rdfs('label'),
];
const LABELS = [skos('prefLabel'), rdfs('label'), dct('title'), locn('geographicName')];

/**
 * Reads a DCAT or DCAT-AP catalog (JSON-LD, Turtle or RDF/XML; `syntax` from the file name or
 * content when not given) into foreign datasets, one per dcat:Dataset in document order. A
 * datarun export's own dr: terms come back as `native` fields. A dataset without a title is
 * skipped; a syntax error or a refused remote context throws a DatarunError.
 */
export async function readDcat(
  text: string,
  file: string,
  options?: { syntax?: RdfSyntax; baseIri?: string },
): Promise<ReadResult> {
  const syntax = options?.syntax ?? sniffRdfSyntax(file, text);
  if (!syntax)
    throw new DatarunError(
      problem(
        'rdf-syntax',
        'cannot tell whether this is JSON-LD, Turtle or RDF/XML: name the file .jsonld, .ttl or .rdf',
        { file },
      ),
    );
  const baseIri = options?.baseIri;
  const g = new RdfGraph();
  await readRdf(text, { file, syntax, ...(baseIri && { baseIri }) }, g);
  const datasets = g.ofType(dcat('Dataset'));
  const records: ForeignDataset[] = [];
  const skipped: SkippedRecord[] = [];
  datasets.forEach((node, index) => {
    const read = readDataset(g, node, index);
    if ('reason' in read) skipped.push(read);
    else records.push(read);
  });
  return { platform: platformOf(g, file), total: datasets.length, records, skipped };
}

function readDataset(g: RdfGraph, node: Resource, index: number): ForeignDataset | SkippedRecord {
  const iri = node.termType === 'NamedNode' ? node.value : undefined;
  const title = pickText(g.objects(node, dct('title')));
  if (!title.main) return { index, ...(iri && { id: iri }), reason: 'no title (dct:title)' };
  const used = new Set(READ);
  const publisherNode = g.resource(node, dct('publisher'));
  const publisher = publisherNode && readAgency(g, publisherNode);
  if (publisher) used.add(dct('publisher'));
  const id =
    g.text(node, dct('identifier')) ?? iri ?? [publisher?.name.zh ?? '', title.main].join('/');
  const abstract = pickText(g.objects(node, dct('description')));
  const contact = readContact(g, node);
  if (contact) used.add(dcat('contactPoint'));
  const formats = readFormats(g, node);
  if (formats.length > 0) used.add(dcat('distribution'));
  const languages = g.objects(node, dct('language'));
  if (languages.length > 0 && languages.every((l) => l.value === LANGUAGE_ZH))
    used.add(dct('language'));
  const updateCycle = label(g, g.objects(node, dct('accrualPeriodicity')));
  const openType = label(g, g.objects(node, dct('accessRights')));
  const url = g.resource(node, dcat('landingPage'));
  const shared: SharedFields = {
    ...optional('issued', g.text(node, dct('issued'))),
    ...optional('modified', g.text(node, dct('modified'))),
    ...optional('contact', contact),
    ...optional('licence', readLicence(g, node)),
    ...optional('spatial', readSpatial(g, node)),
    ...optional('temporal', readTemporal(g, node)),
  };
  const dataset: ForeignDataset = {
    at: { index },
    id,
    ...(url?.termType === 'NamedNode' && { url: url.value }),
    title: { zh: title.main, ...(title.en !== undefined && { en: title.en }) },
    ...(abstract.main !== undefined && {
      abstract: { zh: abstract.main, ...(abstract.en !== undefined && { en: abstract.en }) },
    }),
    ...optional('publisher', publisher),
    keywords: pickTexts(g.objects(node, dcat('keyword'))),
    themes: readThemes(g, node),
    ...shared,
    ...optional('updateCycle', updateCycle),
    formats,
    ...optional('openType', openType),
    dropped: [],
  };
  const invalid: string[] = [];
  if (hasDrTerms(g, node)) {
    const read = nativeEntry(g, node, publisherNode, shared);
    dataset.native = read.native;
    invalid.push(...read.invalid);
    for (const term of DR_DATASET_TERMS) used.add(term);
    if (g.objects(node, DR.related).length > 0) used.add(dct('relation'));
  }
  dataset.dropped = [
    ...g
      .predicates(node)
      .filter((p) => !used.has(p))
      .map(compactIri),
    ...invalid,
  ];
  return dataset;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function readAgency(g: RdfGraph, node: Resource): ForeignAgency | undefined {
  let name: { main?: string; en?: string } = {};
  for (const predicate of NAMES) {
    name = pickText(g.objects(node, predicate));
    if (name.main) break;
  }
  if (!name.main) return undefined;
  const id =
    g.text(node, dct('identifier')) ?? (node.termType === 'NamedNode' ? node.value : undefined);
  const website = g.text(node, foaf('homepage'));
  const email = g.text(node, foaf('mbox'))?.replace(/^mailto:/i, '');
  const agency: ForeignAgency = {
    name: { zh: name.main, ...(name.en !== undefined && { en: name.en }) },
    ...optional('id', id),
    ...optional('website', website),
    ...optional('email', email),
  };
  if (hasDrTerms(g, node)) agency.native = nativeAgency(g, node);
  return agency;
}

/** A value given as a literal, an IRI, or a node with a label: its text, else undefined. */
function label(g: RdfGraph, terms: readonly RdfTerm[]): string | undefined {
  for (const term of terms) {
    if (term.termType !== 'BlankNode') {
      if (term.value.trim()) return term.value.trim();
      continue;
    }
    for (const predicate of [...LABELS, rdf('value'), dct('identifier')]) {
      const text = pickText(g.objects(term, predicate)).main ?? g.text(term, predicate);
      if (text) return text;
    }
  }
  return undefined;
}

function readThemes(g: RdfGraph, node: Resource): string[] {
  const themes: string[] = [];
  for (const theme of g.objects(node, dcat('theme'))) {
    if (theme.termType === 'NamedNode') themes.push(theme.value);
    else if (theme.termType === 'Literal' && theme.value.trim()) themes.push(theme.value.trim());
    if (isResource(theme)) {
      const name = pickText(g.objects(theme, skos('prefLabel'))).main;
      if (name) themes.push(name);
    }
  }
  return [...new Set(themes)];
}

function readFormats(g: RdfGraph, node: Resource): string[] {
  const formats: string[] = [];
  for (const distribution of g.objects(node, dcat('distribution')).filter(isResource)) {
    for (const predicate of [dct('format'), dcat('mediaType')]) {
      const format = label(g, g.objects(distribution, predicate));
      if (format) formats.push(format);
    }
  }
  return [...new Set(formats)];
}

function readContact(g: RdfGraph, node: Resource): ForeignDataset['contact'] {
  for (const point of g.objects(node, dcat('contactPoint')).filter(isResource)) {
    const name =
      pickText(g.objects(point, vcard('fn'))).main ??
      pickText(g.objects(point, vcard('organization-name'))).main;
    const email = address(g, g.objects(point, vcard('hasEmail')))?.replace(/^mailto:/i, '');
    const phone = address(g, g.objects(point, vcard('hasTelephone')));
    const tel = phone?.replace(/^tel:/i, '');
    const contact = {
      ...optional('name', name),
      ...optional('email', email),
      ...optional('phone', tel === undefined ? undefined : decode(tel)),
    };
    if (Object.keys(contact).length > 0) return contact;
  }
  return undefined;
}

/** vCard writes an address as an IRI (`mailto:`, `tel:`), a literal, or a node with vcard:value. */
function address(g: RdfGraph, terms: readonly RdfTerm[]): string | undefined {
  for (const term of terms) {
    const text = term.termType === 'BlankNode' ? g.text(term, vcard('value')) : term.value.trim();
    if (text) return text;
  }
  return undefined;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function readLicence(g: RdfGraph, node: Resource): string | undefined {
  const own = label(g, g.objects(node, dct('license')));
  if (own) return own;
  // DCAT-AP puts the licence on each distribution; a dataset without its own takes theirs.
  for (const distribution of g.objects(node, dcat('distribution')).filter(isResource)) {
    const licence = label(g, g.objects(distribution, dct('license')));
    if (licence) return licence;
  }
  return undefined;
}

/** A place's name, else its IRI, else its geometry (WKT first). */
function readSpatial(g: RdfGraph, node: Resource): string | undefined {
  const places = g.objects(node, dct('spatial'));
  for (const place of places) {
    if (place.termType === 'Literal' && place.value.trim()) return place.value.trim();
    if (!isResource(place)) continue;
    for (const predicate of LABELS) {
      const name = pickText(g.objects(place, predicate)).main;
      if (name) return name;
    }
  }
  const named = places.find((p) => p.termType === 'NamedNode');
  if (named) return named.value;
  const geometries = places
    .filter(isResource)
    .flatMap((p) => g.objects(p, locn('geometry')))
    .filter((t) => t.termType === 'Literal');
  const geometry = geometries.find((t) => t.datatype.value === WKT) ?? geometries[0];
  return geometry?.value.trim() || undefined;
}

function readTemporal(g: RdfGraph, node: Resource): ForeignDataset['temporal'] {
  for (const period of g.objects(node, dct('temporal'))) {
    if (period.termType === 'Literal') {
      const [start, end] = period.value.split('/').map((part) => part.trim());
      if (start || end)
        return { ...optional('start', start || undefined), ...optional('end', end || undefined) };
      continue;
    }
    if (!isResource(period)) continue;
    const start = g.text(period, dcat('startDate')) ?? schemaText(g, period, 'startDate');
    const end = g.text(period, dcat('endDate')) ?? schemaText(g, period, 'endDate');
    if (start !== undefined || end !== undefined)
      return { ...optional('start', start), ...optional('end', end) };
  }
  return undefined;
}

function schemaText(g: RdfGraph, node: Resource, local: string): string | undefined {
  for (const namespace of SCHEMA_ORG) {
    const text = g.text(node, `${namespace}${local}`);
    if (text) return text;
  }
  return undefined;
}

/**
 * The platform a catalog comes from: its homepage (an instance's origin when the homepage is
 * the site's root), else the origin of the catalog's IRI, else its title, else the file name.
 */
function platformOf(g: RdfGraph, file: string): string {
  const catalog = g.ofType(dcat('Catalog'))[0];
  const homepage = catalog && g.text(catalog, foaf('homepage'));
  if (homepage) {
    const url = URL.canParse(homepage) ? new URL(homepage) : undefined;
    const root = url && /^https?:$/.test(url.protocol) && url.pathname === '/' && !url.search;
    return root && !url.hash ? url.origin : homepage;
  }
  if (
    catalog?.termType === 'NamedNode' &&
    /^https?:/i.test(catalog.value) &&
    URL.canParse(catalog.value)
  )
    return new URL(catalog.value).origin;
  const title = catalog && pickText(g.objects(catalog, dct('title'))).main;
  return title ?? file.split(/[/\\]/).pop() ?? file;
}
