import type { BlankNode, Literal, NamedNode, Quad } from 'n3';
import { NS } from './dcat-vocabulary.ts';

/** A subject of the graph: an IRI or a blank node. */
export type Resource = NamedNode | BlankNode;
export type RdfTerm = Quad['object'];

const RDF_TYPE = `${NS.rdf}type`;

/** A subject's statements: predicate IRIs and objects, alternating, in document order. */
type Statements = (string | RdfTerm)[];

/** Subjects with more statements than this (a catalog listing its datasets) index their objects. */
const LONG = 32;

/**
 * A graph indexed once by subject, so that reading a node costs only its own statements,
 * whatever the size of the document. Named graphs are merged into one; repeated statements
 * count once. Subjects keep the order in which they first appear in the document. Each
 * subject's statements are one flat list: a catalog of 15,000 datasets has some 150,000
 * subjects, and a map per subject would cost several times the memory.
 */
export class RdfGraph {
  private readonly index = new Map<string, { node: Resource; statements: Statements }>();
  private readonly seen = new Map<Statements, Set<string>>();
  /** One copy of each predicate, IRI and short literal: parsers make a new one per statement. */
  private readonly shared = new Map<string, RdfTerm>();
  private readonly predicateNames = new Map<string, string>();

  constructor(quads: Iterable<Quad> = []) {
    for (const quad of quads) this.add(quad);
  }

  /** Forgets every statement. */
  clear(): void {
    this.index.clear();
    this.seen.clear();
    this.shared.clear();
    this.predicateNames.clear();
  }

  /** Adds a statement; one whose subject is not an IRI or blank node is left out. */
  add(quad: Quad): void {
    const { subject } = quad;
    if (subject.termType !== 'NamedNode' && subject.termType !== 'BlankNode') return;
    let entry = this.index.get(subject.id);
    if (!entry) {
      entry = { node: subject, statements: [] };
      this.index.set(subject.id, entry);
    }
    const { statements } = entry;
    const predicate = this.predicateName(quad.predicate.value);
    const object = this.share(quad.object);
    if (statements.length < LONG * 2) {
      for (let i = 0; i < statements.length; i += 2)
        if (statements[i] === predicate && (statements[i + 1] as RdfTerm).equals(object)) return;
    } else {
      let ids = this.seen.get(statements);
      if (!ids) {
        ids = new Set();
        for (let i = 0; i < statements.length; i += 2)
          ids.add(`${statements[i] as string} ${(statements[i + 1] as RdfTerm).id}`);
        this.seen.set(statements, ids);
      }
      const id = `${predicate} ${object.id}`;
      if (ids.has(id)) return;
      ids.add(id);
    }
    statements.push(predicate, object);
  }

  private predicateName(iri: string): string {
    const known = this.predicateNames.get(iri);
    if (known !== undefined) return known;
    this.predicateNames.set(iri, iri);
    return iri;
  }

  private share(term: RdfTerm): RdfTerm {
    if (term.termType === 'BlankNode' || (term.termType === 'Literal' && term.id.length > 80))
      return term;
    const known = this.shared.get(term.id);
    if (known) return known;
    this.shared.set(term.id, term);
    return term;
  }

  /** Subjects with rdf:type `type`, in document order. */
  ofType(type: string): Resource[] {
    const found: Resource[] = [];
    for (const { node, statements } of this.index.values())
      for (let i = 0; i < statements.length; i += 2) {
        const object = statements[i + 1] as RdfTerm;
        if (
          statements[i] === RDF_TYPE &&
          object.termType === 'NamedNode' &&
          object.value === type
        ) {
          found.push(node);
          break;
        }
      }
    return found;
  }

  /** The objects of a subject's property, each once, in document order. */
  objects(subject: Resource, predicate: string): RdfTerm[] {
    const statements = this.index.get(subject.id)?.statements;
    const found: RdfTerm[] = [];
    if (statements)
      for (let i = 0; i < statements.length; i += 2)
        if (statements[i] === predicate) found.push(statements[i + 1] as RdfTerm);
    return found;
  }

  /** The first object of a subject's property that is an IRI or blank node. */
  resource(subject: Resource, predicate: string): Resource | undefined {
    return this.objects(subject, predicate).find(isResource);
  }

  /** The first value of a property as text: a literal's value or an IRI, trimmed. */
  text(subject: Resource, predicate: string): string | undefined {
    for (const term of this.objects(subject, predicate)) {
      const text = term.termType === 'BlankNode' ? '' : term.value.trim();
      if (text) return text;
    }
    return undefined;
  }

  /** Every literal value of a property, trimmed, blanks left out. */
  literals(subject: Resource, predicate: string): string[] {
    return this.objects(subject, predicate)
      .filter(isLiteral)
      .map((l) => l.value.trim())
      .filter(Boolean);
  }

  /** The properties a subject has, each once. */
  predicates(subject: Resource): string[] {
    const statements = this.index.get(subject.id)?.statements ?? [];
    return [...new Set(statements.filter((_, i) => i % 2 === 0) as string[])];
  }
}

export function isResource(term: RdfTerm): term is Resource {
  return term.termType === 'NamedNode' || term.termType === 'BlankNode';
}

export function isLiteral(term: RdfTerm): term is Literal {
  return term.termType === 'Literal';
}

/** Languages in the order a Chinese catalog prefers them: Chinese, untagged, English, then any. */
function rank(language: string): number {
  const lang = language.toLowerCase();
  if (lang === 'zh' || lang.startsWith('zh-')) return 0;
  if (lang === '') return 1;
  if (lang === 'en' || lang.startsWith('en-')) return 2;
  return 3;
}

function texts(terms: readonly RdfTerm[]): Literal[] {
  return terms.filter((t): t is Literal => isLiteral(t) && t.value.trim() !== '');
}

/**
 * The text to show from a multilingual property: Chinese, else untagged, else English, else
 * the first other language; and the English text alongside when there is one.
 */
export function pickText(terms: readonly RdfTerm[]): { main?: string; en?: string } {
  const literals = texts(terms);
  let best: Literal | undefined;
  for (const literal of literals)
    if (!best || rank(literal.language) < rank(best.language)) best = literal;
  const en = literals.find((l) => rank(l.language) === 2);
  return {
    ...(best && { main: best.value.trim() }),
    ...(en && { en: en.value.trim() }),
  };
}

/** Every text of the best-ranked language present (keywords listed in several languages). */
export function pickTexts(terms: readonly RdfTerm[]): string[] {
  const literals = texts(terms);
  if (literals.length === 0) return [];
  const best = Math.min(...literals.map((l) => rank(l.language)));
  const language = literals.find((l) => rank(l.language) === best)!.language.toLowerCase();
  const chosen = literals.filter((l) =>
    best === 3 ? l.language.toLowerCase() === language : rank(l.language) === best,
  );
  return [...new Set(chosen.map((l) => l.value.trim()))];
}

/** Texts in exactly one language tag (`zh`, `en`), for values datarun wrote itself. */
export function textsIn(terms: readonly RdfTerm[], language: string): string[] {
  return texts(terms)
    .filter((l) => l.language.toLowerCase() === language)
    .map((l) => l.value.trim());
}

const COMPACT = Object.entries(NS).sort((a, b) => b[1].length - a[1].length);

/** An IRI written with the vocabulary's prefixes (`adms:identifier`), else whole. */
export function compactIri(iri: string): string {
  for (const [prefix, namespace] of COMPACT)
    if (iri.startsWith(namespace) && iri.length > namespace.length)
      return `${prefix}:${iri.slice(namespace.length)}`;
  return iri;
}
