import { DataFactory, Parser } from 'n3';
import type { Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { readJsonLd } from './rdf-jsonld.ts';

/** The RDF syntaxes datarun reads. `turtle` covers N-Triples and TriG too (the n3 parser). */
export type RdfSyntax = 'jsonld' | 'turtle' | 'rdfxml';

const BY_EXTENSION: Record<string, RdfSyntax> = {
  jsonld: 'jsonld',
  json: 'jsonld',
  ttl: 'turtle',
  nt: 'turtle',
  trig: 'turtle',
  rdf: 'rdfxml',
  xml: 'rdfxml',
  owl: 'rdfxml',
};

const BY_MEDIA_TYPE: Record<string, RdfSyntax> = {
  'application/ld+json': 'jsonld',
  'application/json': 'jsonld',
  'text/turtle': 'turtle',
  'application/x-turtle': 'turtle',
  'application/n-triples': 'turtle',
  'application/trig': 'turtle',
  'application/rdf+xml': 'rdfxml',
  'application/xml': 'rdfxml',
  'text/xml': 'rdfxml',
};

/**
 * Which RDF syntax a document is in: by the media type a server declared for it, else by the
 * extension of its file name or URL, else by how its text starts. Undefined when none tells.
 */
export function sniffRdfSyntax(
  file: string,
  text: string,
  contentType?: string,
): RdfSyntax | undefined {
  const mediaType = contentType?.split(';')[0]!.trim().toLowerCase();
  const declared = mediaType ? BY_MEDIA_TYPE[mediaType] : undefined;
  if (declared) return declared;
  const name = file.replace(/[?#].*$/, '');
  const extension = /\.([A-Za-z]+)$/.exec(name)?.[1]?.toLowerCase();
  const named = extension ? BY_EXTENSION[extension] : undefined;
  if (named) return named;
  return sniffText(text);
}

function sniffText(text: string): RdfSyntax | undefined {
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (/^[[{]/.test(head)) return 'jsonld';
  if (/^<(\?xml|!--|!DOCTYPE)/i.test(head)) return 'rdfxml';
  // An XML start tag is a name followed by a space, `>` or `/>`; an IRI in Turtle is not.
  if (/^<[A-Za-z_][\w.-]*(:[A-Za-z_][\w.-]*)?(\s|>|\/>)/.test(head)) {
    if (!/^<[^\s>]*>\s*(<|_:|[A-Za-z][\w-]*:)/.test(head) || /^<[\w.-]+:RDF[\s>]/.test(head))
      return 'rdfxml';
  }
  if (/^(@prefix|@base|prefix\s|base\s|#|<|_:|[A-Za-z][\w.-]*:|:)/i.test(head)) return 'turtle';
  return undefined;
}

/** Where a reader puts the quads it reads. */
export type QuadSink = {
  add(quad: Quad): void;
  /** Forgets the quads given so far: the reader starts over on the same document. */
  clear(): void;
};

export type RdfOptions = { file: string; syntax: RdfSyntax; baseIri?: string };

/**
 * Parses an RDF document held in memory into quads (n3 terms). Syntax errors throw a
 * DatarunError (`rdf-syntax`) naming the file, with the line and column where the parser knows
 * them. JSON-LD is read offline: see readJsonLd.
 */
export async function parseRdf(text: string, options: RdfOptions): Promise<Quad[]> {
  const quads: Quad[] = [];
  await readRdf(text, options, {
    add: (quad) => quads.push(quad),
    clear: () => (quads.length = 0),
  });
  return quads;
}

/** Reads an RDF document into `sink` quad by quad, as parseRdf does without holding them all. */
export function readRdf(text: string, options: RdfOptions, sink: QuadSink): Promise<void> {
  const { file, syntax, baseIri } = options;
  if (syntax === 'jsonld') return readJsonLd(text, file, baseIri, sink);
  if (syntax === 'turtle') return readTurtle(text, file, baseIri, sink);
  return readRdfXml(text, file, baseIri, sink);
}

function readTurtle(
  text: string,
  file: string,
  baseIri: string | undefined,
  sink: QuadSink,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    new Parser({ ...(baseIri && { baseIRI: baseIri }) }).parse(text, (error, quad) => {
      if (failed) return;
      if (error) {
        failed = true;
        reject(new DatarunError(turtleProblem(error as N3Error, text, file)));
      } else if (quad) sink.add(quad);
      else resolve();
    });
  });
}

type N3Token = { line: number; start?: number; end?: number };
type N3Error = Error & { context?: { line?: number; token?: N3Token; previousToken?: N3Token } };

/**
 * n3 says the line in its message and, for a token it did not expect, where on the line the
 * token starts; for text it could not read at all, the column is where that text is found
 * after the last token it read.
 */
function turtleProblem(error: N3Error, text: string, file: string): Problem {
  const line = error.context?.line ?? Number(/on line (\d+)/.exec(error.message)?.[1] ?? NaN);
  const message = `not valid Turtle: ${error.message.replace(/ on line \d+\.?$/, '')}`;
  if (!Number.isInteger(line)) return problem('rdf-syntax', message, { file });
  const token = error.context?.token;
  let column: number | undefined;
  if (token?.start !== undefined && token.line === line) column = token.start + 1;
  else {
    const unexpected = /^Unexpected "(.*)"/.exec(error.message)?.[1];
    const previous = error.context?.previousToken;
    const from = previous?.line === line ? (previous.end ?? 0) : 0;
    const found = unexpected ? lineText(text, line).indexOf(unexpected, from) : -1;
    if (found >= 0) column = found + 1;
  }
  return problem('rdf-syntax', message, { file, line, ...(column !== undefined && { column }) });
}

function lineText(text: string, line: number): string {
  let start = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}

/**
 * The RDF/XML parser leaves its XML parser open at the end of the input, so a truncated
 * document would end quietly with the quads read so far; closing it reports the unclosed tags.
 */
class ClosingRdfXmlParser extends RdfXmlParser {
  override _flush(callback: (error?: Error | null) => void): void {
    try {
      (this as unknown as { saxParser: { close(): void } }).saxParser.close();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }
}

function readRdfXml(
  text: string,
  file: string,
  baseIri: string | undefined,
  sink: QuadSink,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const parser = new ClosingRdfXmlParser({
      dataFactory: DataFactory,
      trackPosition: true,
      ...(baseIri && { baseIRI: baseIri }),
    });
    let failed = false;
    parser.on('data', (quad: Quad) => sink.add(quad));
    parser.on('error', (error: Error) => {
      if (failed) return;
      failed = true;
      reject(new DatarunError(xmlProblem(error, file)));
    });
    parser.on('end', () => {
      if (!failed) resolve();
    });
    parser.end(text);
  });
}

/** The XML parser writes `line:column: message`; the RDF/XML parser `Line n column m: message`. */
function xmlProblem(error: Error, file: string): Problem {
  const at =
    /^(?:[^:\n]*:)?(\d+):(\d+): (.*)$/s.exec(error.message) ??
    /^Line (\d+) column (\d+): (.*)$/s.exec(error.message);
  if (!at) return problem('rdf-syntax', `not valid RDF/XML: ${error.message}`, { file });
  const unclosed = /^unclosed tag: (.*)$/.exec(at[3]!)?.[1];
  const message = unclosed
    ? `the document ends before <${unclosed}> is closed: is it truncated?`
    : `not valid RDF/XML: ${at[3]}`;
  return problem('rdf-syntax', message, {
    file,
    line: Number(at[1]),
    column: Math.max(1, Number(at[2])),
  });
}
