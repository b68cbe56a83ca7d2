import { DataFactory } from 'n3';
import type { NamedNode, Quad } from 'n3';
import { JsonLdParser } from 'jsonld-streaming-parser';
import type { IJsonLdParserOptions } from 'jsonld-streaming-parser';
import { DatarunError, problem } from '../errors.ts';
import { knownContext } from './contexts/known-contexts.ts';
import { jsonLdSubsetQuads } from './jsonld-subset.ts';
import type { QuadSink } from './rdf-syntax.ts';

type DocumentLoader = NonNullable<IJsonLdParserOptions['documentLoader']>;
type ParserFactory = NonNullable<IJsonLdParserOptions['dataFactory']>;

/**
 * n3's terms, as the JSON-LD parser wants a factory: it passes `null` for "no language", which
 * n3's `literal` takes for a datatype and fails on.
 */
const FACTORY = {
  ...DataFactory,
  literal: (value: string, languageOrDatatype?: string | NamedNode | null) =>
    DataFactory.literal(value, languageOrDatatype ?? undefined),
} as unknown as ParserFactory;

/** Keys a streaming JSON-LD parser must meet first; the order of the others carries no meaning. */
const FIRST: Record<string, number> = { '@context': 0, '@type': 1, '@id': 2 };

/**
 * Reads a JSON-LD document into `sink`, offline: a remote context is served from the
 * repository when datarun knows it (the DCAT-AP 3 context) and refused otherwise. Documents in
 * the subset catalog exports use are converted directly; others go through a complete JSON-LD
 * processor. Invalid JSON, a refused context or invalid JSON-LD throw a DatarunError
 * (`rdf-syntax`) naming the file, with the line and column of a JSON error.
 */
export async function readJsonLd(
  text: string,
  file: string,
  baseIri: string | undefined,
  sink: QuadSink,
): Promise<void> {
  const resolve = (url: string) => structuredClone(remoteContext(url, text, file));
  const options = { resolve, ...(baseIri && { baseIri }) };
  if (jsonLdSubsetQuads(parseJson(text, file), options, (quad) => sink.add(quad))) return;
  sink.clear();
  // The subset reader consumed the document it was given: the processor reads it afresh.
  const document = parseJson(text, file);
  const add = (quad: Quad) => sink.add(quad);
  try {
    await processJsonLd(JSON.stringify(reorder(document)), file, resolve, baseIri, true, add);
  } catch (error) {
    // A keyword alias (`"type": "@type"`) can still break the streaming key order.
    if (!(error instanceof OutOfOrder)) throw error;
    sink.clear();
    await processJsonLd(JSON.stringify(document), file, resolve, baseIri, false, add);
  }
}

class OutOfOrder extends Error {}

function parseJson(text: string, file: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    const position = /at position (\d+)/.exec(message)?.[1];
    const offset = position !== undefined ? Number(position) : body.length;
    const reason = message.replace(/ in JSON at position \d+.*$/, '').replace(/ \(line.*$/, '');
    throw new DatarunError(
      problem('rdf-syntax', `not valid JSON: ${reason}`, { file, ...lineColumn(body, offset) }),
    );
  }
}

function remoteContext(url: string, text: string, file: string): object {
  const context = knownContext(url);
  if (context) return context;
  const at = text.indexOf(JSON.stringify(url));
  throw new DatarunError(
    problem(
      'rdf-syntax',
      `the JSON-LD names the remote context ${url}, and datarun does not fetch remote contexts: ` +
        'put the context inline in the document, or export the catalog as Turtle',
      { file, ...(at >= 0 && lineColumn(text, at)) },
    ),
  );
}

/** The 1-based line and column of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/** The document with `@context`, `@type` and `@id` first in every object, as streaming needs. */
function reorder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reorder);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).sort(([a], [b]) => (FIRST[a] ?? 3) - (FIRST[b] ?? 3));
  return Object.fromEntries(entries.map(([k, v]) => [k, k === '@context' ? v : reorder(v)]));
}

function processJsonLd(
  text: string,
  file: string,
  resolve: (url: string) => unknown,
  baseIri: string | undefined,
  streamingProfile: boolean,
  add: (quad: Quad) => void,
): Promise<void> {
  let refusal: unknown;
  const documentLoader: DocumentLoader = {
    load: async (url) => {
      try {
        return resolve(url) as Awaited<ReturnType<DocumentLoader['load']>>;
      } catch (error) {
        refusal = error;
        throw error;
      }
    },
  };
  return new Promise((done, fail) => {
    const parser = new JsonLdParser({
      dataFactory: FACTORY,
      documentLoader,
      streamingProfile,
      ...(baseIri && { baseIRI: baseIri }),
    });
    parser.on('data', add);
    parser.on('error', (error: Error & { code?: string }) =>
      fail(
        refusal ??
          (error.code === 'invalid streaming key order'
            ? new OutOfOrder(error.message)
            : new DatarunError(
                problem('rdf-syntax', `not valid JSON-LD: ${error.message}`, { file }),
              )),
      ),
    );
    parser.on('end', () => done());
    parser.end(text);
  });
}
