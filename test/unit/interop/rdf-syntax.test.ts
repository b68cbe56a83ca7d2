import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { JsonLdParser } from 'jsonld-streaming-parser';
import type { Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import { parseRdf, sniffRdfSyntax } from '../../../functions/src/core/interop/rdf-syntax.ts';
import type { RdfSyntax } from '../../../functions/src/core/interop/rdf-syntax.ts';

const REALDATA = '/work/shared/realdata';
const EXAMPLES = join(REALDATA, 'dcat-ap-3.0.1-official-examples');
const ROSTOCK = join(REALDATA, 'dcat-rdf-govdata-de-rostock', 'dataset_gov_de.rdf');
const DCAT = 'http://www.w3.org/ns/dcat#';
const DCT = 'http://purl.org/dc/terms/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

const read = (path: string) => readFileSync(path, 'utf8');

/** The problem a DatarunError carries, or a failure when the call does not throw one. */
async function problemOf(run: () => Promise<unknown>): Promise<Problem> {
  try {
    await run();
  } catch (error) {
    if (error instanceof DatarunError) return error.problems[0]!;
    throw error;
  }
  throw new Error('expected a DatarunError');
}

type Term = Quad['object'] | Quad['subject'];

/**
 * The graph as sorted lines in which a blank node is written as the statements about it, so
 * that two parsers' graphs compare equal whatever labels they chose. A blank node met again
 * inside its own description is written `^`.
 */
function canonical(quads: readonly Quad[]): string[] {
  const about = new Map<string, Quad[]>();
  for (const q of quads)
    if (q.subject.termType === 'BlankNode')
      about.set(q.subject.value, [...(about.get(q.subject.value) ?? []), q]);
  const term = (t: Term, open: ReadonlySet<string>): string => {
    if (t.termType === 'Literal')
      return `${JSON.stringify(t.value)}@${t.language}^^${t.datatype.value}`;
    if (t.termType !== 'BlankNode') return `<${t.value}>`;
    if (open.has(t.value)) return '^';
    const inside = new Set([...open, t.value]);
    const statements = (about.get(t.value) ?? []).map(
      (q) => `${q.predicate.value} ${term(q.object, inside)}`,
    );
    return `[${statements.sort().join('; ')}]`;
  };
  const none = new Set<string>();
  const lines = quads.map(
    (q) => `${term(q.subject, none)} <${q.predicate.value}> ${term(q.object, none)}`,
  );
  return [...new Set(lines)].sort();
}

/** A complete JSON-LD processor, with its own terms: the reference the direct path must match. */
function referenceJsonLd(text: string): Promise<Quad[]> {
  return new Promise((resolve, reject) => {
    const quads: Quad[] = [];
    const parser = new JsonLdParser();
    parser.on('data', (q: Quad) => quads.push(q));
    parser.on('error', reject);
    parser.on('end', () => resolve(quads));
    parser.end(text);
  });
}

const jsonld = (doc: unknown) =>
  parseRdf(JSON.stringify(doc), { file: 'doc.jsonld', syntax: 'jsonld' });

describe('sniffRdfSyntax', () => {
  it('goes by the extension of a file name or URL', () => {
    expect(sniffRdfSyntax('catalog/dcat.jsonld', '')).toBe('jsonld');
    expect(sniffRdfSyntax('export.json', '')).toBe('jsonld');
    expect(sniffRdfSyntax('catalog.TTL', '')).toBe('turtle');
    expect(sniffRdfSyntax('https://x.example/dataset_gov_de.rdf?page=2', '')).toBe('rdfxml');
    expect(sniffRdfSyntax('vocab.owl', '')).toBe('rdfxml');
    expect(sniffRdfSyntax('feed.xml', '')).toBe('rdfxml');
  });

  it('believes a declared RDF media type over the extension', () => {
    expect(sniffRdfSyntax('https://x.example/catalog.json', '', 'text/turtle; charset=utf-8')).toBe(
      'turtle',
    );
    expect(sniffRdfSyntax('https://x.example/catalog', '', 'application/rdf+xml')).toBe('rdfxml');
    expect(sniffRdfSyntax('https://x.example/catalog', '', 'application/ld+json')).toBe('jsonld');
  });

  it('falls back to the extension when the media type says nothing about RDF', () => {
    expect(sniffRdfSyntax('catalog.ttl', '{}', 'application/octet-stream')).toBe('turtle');
  });

  it('looks at how the text starts when neither name nor media type tells', () => {
    expect(sniffRdfSyntax('catalog', '\uFEFF  {"@context": {}}')).toBe('jsonld');
    expect(sniffRdfSyntax('catalog', '[{"@id": "x"}]')).toBe('jsonld');
    expect(sniffRdfSyntax('catalog', read(ROSTOCK))).toBe('rdfxml');
    expect(
      sniffRdfSyntax(
        'catalog',
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>',
      ),
    ).toBe('rdfxml');
    expect(
      sniffRdfSyntax('catalog', read(join(EXAMPLES, 'example-bee-population-2022-2023.ttl'))),
    ).toBe('turtle');
    expect(sniffRdfSyntax('catalog', 'PREFIX dct: <http://purl.org/dc/terms/>')).toBe('turtle');
    expect(sniffRdfSyntax('catalog', '<urn:a> <urn:p> <urn:o> .')).toBe('turtle');
    expect(sniffRdfSyntax('catalog', '<http://a.example/s> <http://a.example/p> "o" .')).toBe(
      'turtle',
    );
  });

  it('gives undefined for text that is none of the three', () => {
    expect(sniffRdfSyntax('catalog', '')).toBeUndefined();
    expect(sniffRdfSyntax('notes.txt', 'id,title\n1,x')).toBeUndefined();
  });
});

describe('parseRdf', () => {
  it('reads the official JSON-LD example offline through its DCAT-AP context, as the Turtle says', async () => {
    const name = 'example-bee-population-2022-2023';
    const fromJsonLd = await parseRdf(read(join(EXAMPLES, `${name}.jsonld`)), {
      file: `${name}.jsonld`,
      syntax: 'jsonld',
    });
    const fromTurtle = await parseRdf(read(join(EXAMPLES, `${name}.ttl`)), {
      file: `${name}.ttl`,
      syntax: 'turtle',
    });
    expect(canonical(fromJsonLd)).toEqual(canonical(fromTurtle));
    expect(fromTurtle.filter((q) => q.predicate.value === `${DCT}title`)).toHaveLength(2);
  });

  it('reads the combined series example through the context its type-scoped terms need', async () => {
    const file = 'example-bee-population-dataset-series-combined.jsonld';
    const quads = await parseRdf(read(join(EXAMPLES, file)), { file, syntax: 'jsonld' });
    const datasets = new Set(
      quads
        .filter((q) => q.predicate.value === RDF_TYPE && q.object.value === `${DCAT}Dataset`)
        .map((q) => q.subject.value),
    );
    expect(datasets.size).toBe(4);
    const previous = quads.find(
      (q) =>
        q.subject.value === 'https://data.gov.gr/id/dataset/BeePopulation2023' &&
        q.predicate.value === `${DCAT}prev`,
    );
    expect(previous?.object.value).toBe('https://data.gov.gr/id/dataset/BeePopulation2022');
  });

  it('reads the real DCAT-AP.de record in RDF/XML', async () => {
    const quads = await parseRdf(read(ROSTOCK), { file: 'dataset_gov_de.rdf', syntax: 'rdfxml' });
    const distributions = quads.filter((q) => q.predicate.value === `${DCAT}distribution`);
    expect(distributions).toHaveLength(9);
    const title = quads.find((q) => q.predicate.value === `${DCT}title`);
    expect(title?.object.value).toBe('Liefer- und Abholservices (Gastronomie)');
  });

  it('resolves relative IRIs in Turtle against the base it is given', async () => {
    const quads = await parseRdf('<ds/1> <http://purl.org/dc/terms/title> "t" .', {
      file: 'c.ttl',
      syntax: 'turtle',
      baseIri: 'https://city.example.gov.cn/datasets/',
    });
    expect(quads[0]!.subject.value).toBe('https://city.example.gov.cn/datasets/ds/1');
  });

  it('names the file, line and column of a Turtle syntax error', async () => {
    const text = [
      '@prefix dct: <http://purl.org/dc/terms/> .',
      '<http://a.example/d1> dct:title "one" .',
      '<http://a.example/d2> dct:title "two" ;',
      '    dct:description ] .',
    ].join('\n');
    const found = await problemOf(() => parseRdf(text, { file: 'broken.ttl', syntax: 'turtle' }));
    expect(found).toMatchObject({ code: 'rdf-syntax', file: 'broken.ttl', line: 4, column: 21 });
    expect(found.message).toMatch(/Turtle/);
  });

  it('finds the column of text the Turtle lexer cannot read', async () => {
    const text = '@prefix ex: <http://e.example/> .\nex:a ex:b ex:c .\nex:a ex:b "open\n';
    const found = await problemOf(() => parseRdf(text, { file: 'q.ttl', syntax: 'turtle' }));
    expect(found).toMatchObject({ file: 'q.ttl', line: 3, column: 11 });
  });

  it('refuses the official combined Turtle example, whose line 32 is not valid Turtle', async () => {
    // `example-dist:BeePopulation2023/biojson`: a `/` is not allowed unescaped in a prefixed name.
    const file = 'example-bee-population-dataset-series-combined.ttl';
    const found = await problemOf(() =>
      parseRdf(read(join(EXAMPLES, file)), { file, syntax: 'turtle' }),
    );
    expect(found).toMatchObject({ code: 'rdf-syntax', file, line: 32, column: 1 });
    expect(found.message).toContain('example-dist:BeePopulation2023/biojson');
  });

  it('refuses a remote JSON-LD context it does not know, naming the URL, and fetches nothing', async () => {
    const text =
      '{\n  "@context": "https://schema.example.org/ctx.jsonld",\n  "@id": "http://a.example/d"\n}';
    const found = await problemOf(() =>
      parseRdf(text, { file: 'remote.jsonld', syntax: 'jsonld' }),
    );
    expect(found).toMatchObject({ code: 'rdf-syntax', file: 'remote.jsonld', line: 2, column: 15 });
    expect(found.message).toContain('https://schema.example.org/ctx.jsonld');
    expect(found.message).toMatch(/does not fetch remote contexts/);
    expect(found.message).toMatch(/inline|Turtle/);
  });

  it('refuses an unknown remote context inside a node as well', async () => {
    const doc = {
      '@id': 'http://a.example/d',
      'http://p.example/x': { '@context': 'https://c.example/', a: 1 },
    };
    const found = await problemOf(() => jsonld(doc));
    expect(found.message).toContain('https://c.example/');
  });

  it('gives the line and column where a truncated JSON-LD document breaks off', async () => {
    const text =
      '{\n  "@context": {"dct": "http://purl.org/dc/terms/"},\n  "@graph": [\n    {"@id": "http://a.example/d", "dct:title": "x"';
    const found = await problemOf(() => parseRdf(text, { file: 'cut.jsonld', syntax: 'jsonld' }));
    expect(found).toMatchObject({ code: 'rdf-syntax', file: 'cut.jsonld', line: 4, column: 51 });
    expect(found.message).toMatch(/not valid JSON/);
  });

  it('says a truncated RDF/XML document ends before a tag is closed, and where', async () => {
    const whole = read(ROSTOCK);
    const cut = whole.slice(0, whole.indexOf('<dcat:distribution>', 5000));
    const found = await problemOf(() => parseRdf(cut, { file: 'cut.rdf', syntax: 'rdfxml' }));
    expect(found).toMatchObject({ code: 'rdf-syntax', file: 'cut.rdf' });
    expect(found.line).toBe(cut.split('\n').length);
    expect(found.message).toMatch(/ends before <dcat:Dataset> is closed/);
  });

  it('names the line and column of a mismatched RDF/XML tag', async () => {
    const text = read(ROSTOCK).replace('</dct:title>', '</dct:titel>');
    const found = await problemOf(() => parseRdf(text, { file: 'tag.rdf', syntax: 'rdfxml' }));
    expect(found).toMatchObject({ file: 'tag.rdf', line: 15, column: 66 });
  });

  it('gives the quads of JSON-LD that keeps to the export subset exactly as a complete processor does', async () => {
    const doc = {
      '@context': {
        '@language': 'zh',
        dct: 'http://purl.org/dc/terms/',
        dcat: 'http://www.w3.org/ns/dcat#',
        xsd: 'http://www.w3.org/2001/XMLSchema#',
        id: '@id',
        type: '@type',
        homepage: { '@id': 'http://xmlns.com/foaf/0.1/homepage', '@type': '@id' },
        issued: { '@id': 'dct:issued', '@type': 'xsd:date' },
        title: { '@id': 'dct:title', '@container': '@language' },
        plain: { '@id': 'http://ex.example/plain', '@language': null },
        dropped: null,
      },
      '@graph': [
        {
          id: 'http://ex.example/d/1',
          type: ['dcat:Dataset', 'http://ex.example/Extra'],
          title: { zh: '人口', en: ['Population', 'People'] },
          'dct:description': '说明',
          plain: 'no language',
          issued: '2024-01-02',
          homepage: 'http://ex.example/home',
          dropped: 'gone',
          unknownKey: 'gone too',
          'dcat:keyword': [['a', 'b'], { '@set': ['c'] }],
          'http://ex.example/n': [
            7,
            2.5,
            -1,
            1e22,
            true,
            { '@value': '9', '@type': 'xsd:integer' },
          ],
          'dcat:distribution': [{ 'dct:format': { '@id': '_:fmt' } }, { '@id': '_:fmt' }],
        },
        {
          '@id': '_:fmt',
          'http://www.w3.org/2000/01/rdf-schema#label': { '@value': 'CSV', '@language': 'EN' },
        },
      ],
    };
    const text = JSON.stringify(doc);
    const ours = await parseRdf(text, { file: 'd.jsonld', syntax: 'jsonld' });
    expect(canonical(ours)).toEqual(canonical(await referenceJsonLd(text)));
    expect(ours.length).toBeGreaterThan(15);
  });

  it('gives the same quads as a complete processor for any document in the export subset', async () => {
    const prefixes = {
      ex: 'http://ex.example/',
      dct: 'http://purl.org/dc/terms/',
      xsd: 'http://www.w3.org/2001/XMLSchema#',
    };
    const key = fc.constantFrom(
      'ex:p',
      'ex:q',
      'dct:title',
      'http://abs.example/r',
      'link',
      'day',
      'label',
      'nothing',
      'bare',
    );
    const text = fc.string({ maxLength: 6 });
    const leaf = fc.oneof(
      text,
      fc.integer({ min: -1000, max: 1000 }),
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
      fc.boolean(),
      fc.constant(null),
      fc.record({ '@value': text, '@language': fc.constantFrom('zh', 'en', 'de-AT') }),
      fc.record({
        '@value': text,
        '@type': fc.constantFrom('xsd:date', 'ex:custom', 'http://t.example/x'),
      }),
      fc.record({ '@id': fc.constantFrom('ex:o1', '_:b1', '_:b2', 'http://o.example/x') }),
    );
    const node = fc.letrec((tie) => ({
      node: fc.record(
        {
          '@id': fc.constantFrom('ex:s1', 'ex:s2', '_:b1', '_:b3'),
          '@type': fc.constantFrom('ex:T', ['ex:T', 'dct:Agent']),
          props: fc.dictionary(
            key,
            fc.oneof({ depthSize: 'small' }, leaf, fc.array(leaf, { maxLength: 3 }), tie('node')),
            { maxKeys: 4 },
          ),
        },
        { requiredKeys: ['props'] },
      ),
    })).node;
    // Every node gets a statement of its own: the reference processor (jsonld-streaming-parser
    // 5.0.1) gives an embedded node without any statement the blank node of the next node.
    let seq = 0;
    const flatten = (n: unknown): unknown => {
      if (!n || typeof n !== 'object' || Array.isArray(n) || !('props' in n)) return n;
      const { props, ...rest } = n as { props: Record<string, unknown> };
      const properties = Object.entries(props).map(([k, v]) => [k, flatten(v)]);
      return { ...rest, 'ex:seq': seq++, ...Object.fromEntries(properties) };
    };
    await fc.assert(
      fc.asyncProperty(fc.array(node, { minLength: 1, maxLength: 4 }), async (nodes) => {
        const doc = {
          '@context': {
            ...prefixes,
            link: { '@id': 'ex:link', '@type': '@id' },
            day: { '@id': 'ex:day', '@type': 'xsd:date' },
            label: { '@id': 'ex:label', '@language': 'zh' },
            nothing: null,
          },
          '@graph': nodes.map(flatten),
        };
        const source = JSON.stringify(doc);
        const ours = await parseRdf(source, { file: 'p.jsonld', syntax: 'jsonld' });
        expect(canonical(ours)).toEqual(canonical(await referenceJsonLd(source)));
      }),
      { numRuns: 60 },
    );
  });

  it('writes a JSON number typed xsd:double in the canonical double form the JSON-LD spec gives', async () => {
    const quads = await jsonld({
      '@id': 'http://a.example/s',
      'http://a.example/p': { '@value': 3, '@type': 'http://www.w3.org/2001/XMLSchema#double' },
    });
    expect(quads[0]!.object.value).toBe('3.0E0');
  });

  it('reads JSON-LD beyond the export subset (lists, nested contexts) through the complete processor', async () => {
    const quads = await jsonld({
      '@context': { ex: 'http://ex.example/' },
      '@id': 'ex:s',
      'ex:list': { '@list': ['a', 'b'] },
      'ex:inner': { '@context': { t: 'http://t.example/' }, 't:x': 'y' },
    });
    expect(quads.some((q) => q.predicate.value === 'http://t.example/x')).toBe(true);
    expect(quads.filter((q) => q.predicate.value.endsWith('#first'))).toHaveLength(2);
  });

  it('refuses invalid JSON-LD with a message naming the file', async () => {
    const found = await problemOf(() => jsonld({ '@context': { '@vocab': 5 }, '@id': 'http://a' }));
    expect(found).toMatchObject({ code: 'rdf-syntax', file: 'doc.jsonld' });
    expect(found.message).toMatch(/not valid JSON-LD/);
  });

  it.each<[RdfSyntax, string]>([
    ['turtle', ''],
    ['jsonld', '{"@graph": []}'],
  ])('gives no quads for an empty %s document', async (syntax, text) => {
    expect(await parseRdf(text, { file: 'empty', syntax })).toEqual([]);
  });
});
