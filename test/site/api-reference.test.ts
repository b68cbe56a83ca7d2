import { describe, expect, it } from 'vitest';
import {
  OpenApiDocumentSchema,
  apiKeyHeaders,
  codeSpans,
  exampleCall,
  referenceGroups,
  referenceOperations,
  referenceSchemas,
  resolvePointer,
  schemaTree,
  schemaType,
  schemaValues,
  textLang,
} from '../../site/src/lib/api-reference.ts';
import type { OpenApiDocument, SchemaNode } from '../../site/src/lib/api-reference.ts';
import { apiDocument } from '../../site/src/lib/api-document.ts';

/** A small document with what real ones hold: refs, a cycle, a union, a tag, a POST. */
const DOCUMENT: OpenApiDocument = OpenApiDocumentSchema.parse({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  paths: {
    '/api/v1/things/{code}/rows': {
      get: {
        operationId: 'row_list',
        parameters: [
          { name: 'code', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'limit', in: 'query', schema: { type: 'integer', default: 100 } },
          { name: 'format', in: 'query', schema: { type: 'string', enum: ['json', 'csv'] } },
          {
            name: 'filters',
            in: 'query',
            schema: { type: 'object', additionalProperties: { type: 'string' } },
          },
        ],
        responses: {
          '200': {
            description: 'rows',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } },
          },
          '404': { description: 'none' },
        },
      },
    },
    '/api/v1/things/{code}/rows/all': {
      get: {
        operationId: 'row_list_all',
        parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'rows',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Page' } } },
          },
        },
      },
    },
    '/api/3/action/package_show': {
      get: {
        operationId: 'package_show',
        tags: ['CKAN'],
        parameters: [{ name: 'id', in: 'query', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok' } },
      },
    },
    '/api/v1/keys': {
      post: {
        operationId: 'key_create',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { email: { type: 'string', format: 'email' } },
              },
            },
          },
        },
        responses: { '201': { description: 'created' } },
      },
    },
  },
  components: {
    schemas: {
      Page: {
        type: 'object',
        properties: {
          items: { type: 'array', items: { $ref: '#/components/schemas/Node' } },
          next: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'cursor' },
        },
        required: ['items'],
      },
      Node: {
        type: 'object',
        properties: { name: { type: 'string' }, parent: { $ref: '#/components/schemas/Node' } },
      },
    },
    securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-API-Key' } },
  },
});

const names = (node: SchemaNode) => node.children.map((child) => child.name);

describe('schemaType', () => {
  it('writes references, arrays, unions, maps and formats the way developers read them', () => {
    expect(schemaType({ $ref: '#/components/schemas/Page' })).toBe('Page');
    expect(schemaType({ type: 'array', items: { $ref: '#/x/Node' } })).toBe('Node[]');
    expect(schemaType({ anyOf: [{ type: 'string' }, { type: 'null' }] })).toBe('string | null');
    expect(schemaType({ type: 'array', items: { type: ['string', 'null'] } })).toBe(
      '(string | null)[]',
    );
    expect(schemaType({ type: 'object', additionalProperties: { type: 'integer' } })).toBe(
      'Record<string, integer>',
    );
    expect(schemaType({ type: 'string', format: 'date-time' })).toBe('string (date-time)');
    expect(
      schemaType({
        anyOf: [
          { type: 'number', const: 1 },
          { type: 'number', const: 2 },
        ],
      }),
    ).toBe('number');
    expect(schemaType({})).toBe('any');
  });
});

describe('schemaValues', () => {
  it('lists enums, constants and the enum of array items', () => {
    expect(schemaValues({ type: 'string', enum: ['a', 'b'] })).toEqual(['a', 'b']);
    expect(schemaValues({ anyOf: [{ const: 1 }, { const: 2 }] })).toEqual(['1', '2']);
    expect(schemaValues({ type: 'array', items: { enum: ['每年', '每月'] } })).toEqual([
      '每年',
      '每月',
    ]);
    expect(schemaValues({ type: 'string' })).toBeUndefined();
  });
});

describe('resolvePointer', () => {
  it('follows JSON pointers, escapes included, and answers undefined for the rest', () => {
    expect(resolvePointer({ a: { 'b/c': 1 } }, '#/a/b~1c')).toBe(1);
    expect(resolvePointer({ a: {} }, '#/a/missing')).toBeUndefined();
    expect(resolvePointer({}, 'https://example.com/schema')).toBeUndefined();
  });
});

describe('schemaTree', () => {
  it('unfolds the reference at the root and links the named schemas inside it', () => {
    const tree = schemaTree(DOCUMENT, { $ref: '#/components/schemas/Page' });
    expect(tree.type).toBe('Page');
    expect(names(tree)).toEqual(['items', 'next']);
    const [items, next] = tree.children;
    expect(items).toMatchObject({ type: 'Node[]', required: true, href: '#schema-Node' });
    expect(items!.children).toEqual([]);
    expect(next).toMatchObject({ type: 'string | null', required: false, description: 'cursor' });
  });

  it('unfolds inline objects, and the objects in arrays', () => {
    const tree = schemaTree(DOCUMENT, {
      type: 'object',
      properties: {
        rows: {
          type: 'array',
          items: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
        },
      },
    });
    expect(tree.children[0]).toMatchObject({ name: 'rows', type: 'object[]', required: false });
    expect(tree.children[0]!.children).toMatchObject([
      { name: 'a', type: 'string', required: true },
    ]);
  });

  it('links a schema that contains itself to its own section', () => {
    const tree = schemaTree(DOCUMENT, { $ref: '#/components/schemas/Node' });
    const parent = tree.children.find((child) => child.name === 'parent')!;
    expect(parent).toMatchObject({ type: 'Node', href: '#schema-Node', children: [] });
  });

  it('keeps an unresolvable reference as a name, without a link', () => {
    const tree = schemaTree(DOCUMENT, { $ref: '#/components/schemas/Gone' });
    expect(tree).toEqual({ name: '', type: 'Gone', required: true, children: [] });
  });
});

describe('referenceSchemas', () => {
  it('shows each named schema the trees link to once, following links from schema to schema', () => {
    const schemas = referenceSchemas(DOCUMENT, referenceOperations(DOCUMENT));
    expect(schemas.map((s) => [s.name, s.anchor])).toEqual([['Node', 'schema-Node']]);
    expect(names(schemas[0]!.tree)).toEqual(['name', 'parent']);
  });

  it('lists every schema the API’s own reference links to, each resolving', () => {
    const document = apiDocument();
    const schemas = referenceSchemas(document, referenceOperations(document));
    expect(schemas.map((s) => s.name)).toEqual(expect.arrayContaining(['DatasetSummary']));
    for (const schema of schemas) expect(document.components?.schemas).toHaveProperty(schema.name);
  });
});

describe('exampleCall', () => {
  it('fills path parameters and leaves optional ones out', () => {
    const [rows] = referenceOperations(DOCUMENT, { code: '103-000004' });
    expect(rows!.example).toBe('/api/v1/things/103-000004/rows');
  });

  it('gives no example when a required value is unknown', () => {
    const [rows] = referenceOperations(DOCUMENT);
    expect(rows!.example).toBeUndefined();
    expect(
      exampleCall({
        path: '/x',
        parameters: [
          { name: 'id', in: 'query', required: true, type: 'string', list: false, exploded: false },
        ],
      }),
    ).toBeUndefined();
  });

  it('encodes what it fills in', () => {
    const [rows] = referenceOperations(DOCUMENT, { code: '103/000004' });
    expect(rows!.example).toBe('/api/v1/things/103%2F000004/rows');
  });
});

describe('referenceOperations', () => {
  it('reads every operation with its parameters, body and responses', () => {
    const operations = referenceOperations(DOCUMENT, { code: '103-000004' });
    expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual([
      'get /api/v1/things/{code}/rows',
      'get /api/v1/things/{code}/rows/all',
      'get /api/3/action/package_show',
      'post /api/v1/keys',
    ]);
    const [rows, all, ckan, keys] = operations;
    expect(all!.responses[0]!.schema).toEqual({
      name: '',
      type: 'Page',
      required: true,
      href: '#op-row_list-200',
      children: [],
    });
    expect(rows!.responses[0]!.anchor).toBe('op-row_list-200');
    expect(rows!.anchor).toBe('op-row_list');
    expect(rows!.parameters.map((p) => [p.name, p.in, p.required, p.type])).toEqual([
      ['code', 'path', true, 'string'],
      ['limit', 'query', false, 'integer'],
      ['format', 'query', false, 'string'],
      ['filters', 'query', false, 'Record<string, string>'],
    ]);
    expect(rows!.parameters.map((p) => p.exploded)).toEqual([false, false, false, true]);
    expect(rows!.parameters[1]!.defaultValue).toBe('100');
    expect(rows!.parameters[2]!.values).toEqual(['json', 'csv']);
    expect(rows!.responses.map((r) => [r.status, r.schema?.type])).toEqual([
      ['200', 'Page'],
      ['404', undefined],
    ]);
    expect(ckan!.example).toBeUndefined();
    expect(keys!.example).toBeUndefined();
    expect(keys!.requestBody).toMatchObject({ required: true, mediaTypes: ['application/json'] });
    expect(names(keys!.requestBody!.schema!)).toEqual(['email']);
  });

  it('renders every operation of the API’s own document, with a call wherever its values are known', () => {
    const document = apiDocument();
    const operations = referenceOperations(document, { code: '103-000004' });
    const expected = Object.values(document.paths).reduce(
      (n, item) => n + Object.keys(item).length,
      0,
    );
    expect(operations).toHaveLength(expected);
    expect(new Set(operations.map((o) => o.anchor)).size).toBe(operations.length);
    for (const operation of operations.filter((o) => o.method === 'get')) {
      const unknown = operation.parameters.filter((p) => p.required && p.sample === undefined);
      if (unknown.length === 0)
        expect(operation.example, operation.operationId).toMatch(/^\/api\/[^{}]*$/);
      else expect(operation.example, operation.operationId).toBeUndefined();
    }
  });
});

describe('referenceGroups', () => {
  it('groups by first tag, else by the path prefix, in document order', () => {
    const groups = referenceGroups(referenceOperations(DOCUMENT));
    expect(groups.map((g) => [g.id, g.title, g.operations.length])).toEqual([
      ['group-api-v1', '/api/v1', 3],
      ['group-CKAN', 'CKAN', 1],
    ]);
  });
});

describe('apiKeyHeaders', () => {
  it('finds API keys sent in a header', () => {
    expect(apiKeyHeaders(DOCUMENT)).toEqual([{ scheme: 'key', header: 'X-API-Key' }]);
  });
});

describe('codeSpans', () => {
  it('splits text so that odd parts are code', () => {
    expect(codeSpans('pass `next` back as `cursor`.')).toEqual([
      'pass ',
      'next',
      ' back as ',
      'cursor',
      '.',
    ]);
  });
});

describe('textLang', () => {
  it('tells English descriptions with Chinese terms from Chinese text', () => {
    expect(textLang('信息资源分类 (category). Repeat the parameter; any value matches.')).toBe(
      'en',
    );
    expect(textLang('基础/自然资源和空间地理')).toBe('zh-CN');
    expect(textLang('relevance')).toBe('en');
    expect(textLang('20')).toBe('en');
  });
});
