import { Writer } from 'n3';
import type { Quad, Quad_Object } from 'n3';
import { NS } from '../interop/dcat-vocabulary.ts';
import { SPDX } from './dcat-graph.ts';

const EU = 'http://publications.europa.eu/resource/authority/';

/** The prefixes both serializations use: the vocabulary's namespaces, SPDX and the EU tables. */
export const EXPORT_PREFIXES: Record<string, string> = {
  ...NS,
  spdx: SPDX,
  eufreq: `${EU}frequency/`,
  euaccess: `${EU}access-right/`,
  eufiletype: `${EU}file-type/`,
  eulang: `${EU}language/`,
  eutheme: `${EU}data-theme/`,
};

const RDF_TYPE = `${NS.rdf}type`;
const XSD_STRING = `${NS.xsd}string`;

/** The graph as Turtle, with the export's prefixes and one block per subject. */
export function toTurtle(quads: readonly Quad[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const writer = new Writer({ prefixes: EXPORT_PREFIXES, format: 'text/turtle' });
    writer.addQuads([...quads]);
    writer.end((error: Error | null, result: string) => (error ? reject(error) : resolve(result)));
  });
}

// Longest namespace first, so `dr:category/…` is not written with a shorter prefix.
const BY_LENGTH = Object.entries(EXPORT_PREFIXES).sort((a, b) => b[1].length - a[1].length);

/**
 * An IRI as a compact IRI when one of the prefixes fits. A suffix starting with `//` would be
 * read back as an absolute IRI, so such an IRI stays whole.
 */
function compactIri(iri: string): string {
  for (const [prefix, namespace] of BY_LENGTH) {
    if (iri.length > namespace.length && iri.startsWith(namespace)) {
      const suffix = iri.slice(namespace.length);
      if (!suffix.startsWith('//')) return `${prefix}:${suffix}`;
    }
  }
  return iri;
}

type JsonLdValue = string | Record<string, string>;
type JsonLdNode = Record<string, JsonLdValue | JsonLdValue[]>;

/**
 * The graph as a flattened JSON-LD document: an inline `@context` of prefixes and one node
 * object per subject in the order subjects first appear, properties as compact IRIs, one value
 * bare and several as an array. Needs no remote context, so any JSON-LD processor reads it
 * offline, and the same quads always give the same bytes.
 */
export function toJsonLd(quads: readonly Quad[]): string {
  // Predicates, classes and vocabulary IRIs repeat on every dataset: compact each once.
  const compacted = new Map<string, string>();
  const compact = (iri: string): string => {
    let short = compacted.get(iri);
    if (short === undefined) {
      short = compactIri(iri);
      if (compacted.size < 10_000) compacted.set(iri, short);
    }
    return short;
  };
  const term = (node: Quad['subject'] | Quad_Object): string =>
    node.termType === 'BlankNode' ? `_:${node.value}` : compact(node.value);
  const value = (object: Quad_Object): JsonLdValue => {
    if (object.termType !== 'Literal') return { '@id': term(object) };
    const text = object.value;
    if (object.language) return { '@value': text, '@language': object.language };
    const datatype = object.datatype.value;
    return datatype === XSD_STRING ? text : { '@value': text, '@type': compact(datatype) };
  };

  const bySubject = new Map<string, Quad[]>();
  for (const q of quads) {
    const id = term(q.subject);
    const group = bySubject.get(id);
    if (group) group.push(q);
    else bySubject.set(id, [q]);
  }
  // Each node is serialized on its own, so no tree of the whole catalog is ever built.
  const nodes: string[] = [];
  for (const [id, group] of bySubject) {
    const node: JsonLdNode = { '@id': id };
    for (const { predicate, object } of group) {
      const isType = predicate.value === RDF_TYPE;
      const key = isType ? '@type' : compact(predicate.value);
      const entry = isType ? compact(object.value) : value(object);
      const existing = node[key];
      if (existing === undefined) node[key] = entry;
      else if (Array.isArray(existing)) existing.push(entry);
      else node[key] = [existing, entry];
    }
    nodes.push(JSON.stringify(node));
  }
  return `{"@context":${JSON.stringify(EXPORT_PREFIXES)},"@graph":[${nodes.join(',')}]}`;
}
