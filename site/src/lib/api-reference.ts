import * as z from 'zod';

// The API reference is rendered from the OpenAPI document the API serves, never from a list
// written by hand: a route added to the API appears on the developers page at the next build.
// This module turns the document into what the page shows; it reads only the parts of
// OpenAPI 3.1 the page needs and ignores the rest.

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'] as const;
type Method = (typeof METHODS)[number];

/** A JSON Schema object as OpenAPI 3.1 embeds it (draft 2020-12); read loosely. */
export type JsonSchema = Record<string, unknown>;
const JsonSchemaSchema = z.record(z.string(), z.unknown());

const ParameterSchema = z.looseObject({
  name: z.string(),
  in: z.enum(['query', 'path', 'header', 'cookie']),
  required: z.boolean().optional(),
  description: z.string().optional(),
  schema: JsonSchemaSchema.optional(),
  example: z.unknown().optional(),
});

const MediaTypesSchema = z.record(
  z.string(),
  z.looseObject({ schema: JsonSchemaSchema.optional() }),
);

const OperationSchema = z.looseObject({
  operationId: z.string(),
  summary: z.string().optional(),
  description: z.string().optional(),
  tags: z.array(z.string()).optional(),
  parameters: z.array(ParameterSchema).optional(),
  requestBody: z
    .looseObject({
      required: z.boolean().optional(),
      description: z.string().optional(),
      content: MediaTypesSchema.optional(),
    })
    .optional(),
  responses: z.record(
    z.string(),
    z.looseObject({ description: z.string(), content: MediaTypesSchema.optional() }),
  ),
});

/** The parts of an OpenAPI 3.1 document the reference reads. */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({
    title: z.string(),
    version: z.string(),
    description: z.string().optional(),
  }),
  paths: z.record(
    z.string(),
    z.looseObject(Object.fromEntries(METHODS.map((m) => [m, OperationSchema.optional()]))),
  ),
  components: z
    .looseObject({
      schemas: z.record(z.string(), JsonSchemaSchema).optional(),
      securitySchemes: z
        .record(
          z.string(),
          z.looseObject({
            type: z.string(),
            in: z.string().optional(),
            name: z.string().optional(),
          }),
        )
        .optional(),
    })
    .optional(),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;

/** One property (or the whole value) of a schema, as a collapsible tree shows it. */
export type SchemaNode = {
  /** The property name; empty for the value itself and for the alternatives of a union. */
  name: string;
  /** A short type: `string`, `integer`, `DatasetSummary[]`, `string | null`. */
  type: string;
  required: boolean;
  description?: string;
  /** Allowed values (enum or const), as text. */
  values?: string[];
  /** The default value as JSON. */
  defaultValue?: string;
  /**
   * Where the named schema this part refers to is shown, for a link: its own section, or the
   * answer of the operation that showed it first.
   */
  href?: string;
  children: SchemaNode[];
};

/** A named schema of the document (`components.schemas`), shown once on the page. */
export type ReferenceSchema = { name: string; anchor: string; tree: SchemaNode };

/** A parameter as the reference table shows it. */
export type ReferenceParameter = {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required: boolean;
  type: string;
  description?: string;
  values?: string[];
  defaultValue?: string;
  /** Whether the parameter takes several values (repeated, or comma-separated). */
  list: boolean;
  /**
   * Whether the parameter is an object whose properties are sent as parameters of their own
   * (OpenAPI's default for a query object, `style: form, explode: true`): column filters.
   */
  exploded: boolean;
  /** A value to fill in an example call with, when the document or the catalog gives one. */
  sample?: string;
};

export type ReferenceResponse = {
  status: string;
  description: string;
  mediaTypes: string[];
  /** The shape of a successful answer; errors share the envelope explained above them. */
  schema?: SchemaNode;
  /** The fragment of the shape, for operations whose answer has the same shape to link to. */
  anchor: string;
};

/** One operation of the API, ready to render. */
export type ReferenceOperation = {
  /** The fragment the operation's section has: `op-dataset_list`. */
  anchor: string;
  operationId: string;
  method: Method;
  path: string;
  summary?: string;
  description?: string;
  tags: string[];
  parameters: ReferenceParameter[];
  requestBody?: { required: boolean; mediaTypes: string[]; schema?: SchemaNode };
  responses: ReferenceResponse[];
  /** A call that works as it is (path and query filled in), when every required value is known. */
  example?: string;
};

/** Operations grouped by their first tag, or by the path prefix (`/api/v1`) when untagged. */
export type ReferenceGroup = { id: string; title: string; operations: ReferenceOperation[] };

/** An API key the document says a caller may send in a header. */
export type ApiKeyHeader = { scheme: string; header: string };

/** How deep inline objects are unfolded; API answers nest far less. */
const MAX_DEPTH = 8;

/** The schema a `#/…` reference points to, or undefined when it does not resolve. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = document;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

const asSchema = (value: unknown): JsonSchema | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonSchema)
    : undefined;

const refName = (ref: string) => ref.slice(ref.lastIndexOf('/') + 1);

function variantsOf(schema: JsonSchema): JsonSchema[] | undefined {
  const list = schema.anyOf ?? schema.oneOf;
  return Array.isArray(list) ? list.map((v) => asSchema(v) ?? {}) : undefined;
}

const isNull = (schema: JsonSchema) => schema.type === 'null';

/** A one-line type for a schema, in the notation developers read in TypeScript and OpenAPI. */
export function schemaType(schema: JsonSchema): string {
  if (typeof schema.$ref === 'string') return refName(schema.$ref);
  if ('const' in schema) return JSON.stringify(schema.const);
  const variants = variantsOf(schema);
  if (variants) {
    if (variants.every((v) => 'const' in v))
      return [
        ...new Set(variants.map((v) => (typeof v.type === 'string' ? v.type : typeof v.const))),
      ].join(' | ');
    return variants.map(schemaType).join(' | ');
  }
  if (Array.isArray(schema.allOf))
    return schema.allOf.map((v) => schemaType(asSchema(v) ?? {})).join(' & ');
  if (Array.isArray(schema.type)) return schema.type.join(' | ');
  switch (schema.type) {
    case 'array': {
      const items = asSchema(schema.items);
      if (!items) return 'array';
      const inner = schemaType(items);
      return inner.includes(' ') ? `(${inner})[]` : `${inner}[]`;
    }
    case 'object': {
      const extra = asSchema(schema.additionalProperties);
      return extra && !schema.properties ? `Record<string, ${schemaType(extra)}>` : 'object';
    }
    case undefined:
      return 'any';
    default:
      return typeof schema.format === 'string'
        ? `${String(schema.type)} (${schema.format})`
        : String(schema.type);
  }
}

/** The values a schema allows, when it lists them (enum, const, or a union of consts). */
export function schemaValues(schema: JsonSchema): string[] | undefined {
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  if (Array.isArray(schema.enum)) return schema.enum.map(text);
  if ('const' in schema) return [text(schema.const)];
  const variants = variantsOf(schema);
  if (variants?.every((v) => 'const' in v)) return variants.map((v) => text(v.const));
  const items = schema.type === 'array' ? asSchema(schema.items) : undefined;
  return items ? schemaValues(items) : undefined;
}

function optionalFields(schema: JsonSchema) {
  // A constant is its own type (`true`); listing it again as the one allowed value says nothing.
  const values = 'const' in schema ? undefined : schemaValues(schema);
  return {
    ...(typeof schema.description === 'string' && { description: schema.description }),
    ...(values && { values }),
    ...(schema.default !== undefined && { defaultValue: JSON.stringify(schema.default) }),
  };
}

/** The fragment of the section that shows a named schema. */
export function schemaAnchor(name: string): string {
  return `schema-${name}`;
}

const COMPONENT = '#/components/schemas/';

/** The named schema a part stands for: itself, its array items, or the one non-null variant. */
function linkTarget(schema: JsonSchema): string | undefined {
  if (typeof schema.$ref === 'string') return schema.$ref;
  const items = schema.type === 'array' ? asSchema(schema.items) : undefined;
  if (typeof items?.$ref === 'string') return items.$ref;
  const variants = variantsOf(schema)?.filter((v) => !isNull(v));
  return variants?.length === 1 && typeof variants[0]!.$ref === 'string'
    ? variants[0]!.$ref
    : undefined;
}

/**
 * A schema as a tree of named parts: the properties of objects, the properties of the items of
 * arrays, the alternatives of unions. A reference at the root is unfolded; a named schema
 * further in is a leaf that links to the schema's own section (`href`), so each named schema
 * is shown once on a page however many answers hold it, and a schema that contains itself
 * needs no special case.
 */
export function schemaTree(
  document: unknown,
  schema: JsonSchema,
  name = '',
  required = true,
): SchemaNode {
  if (typeof schema.$ref !== 'string') return node(document, schema, name, required, 0);
  const resolved = asSchema(resolvePointer(document, schema.$ref));
  const type = refName(schema.$ref);
  if (!resolved) return { name, type, required, children: [] };
  return {
    name,
    type,
    required,
    ...optionalFields(resolved),
    children: children(document, resolved, 1),
  };
}

function node(
  document: unknown,
  schema: JsonSchema,
  name: string,
  required: boolean,
  depth: number,
): SchemaNode {
  const type = schemaType(schema);
  const target = linkTarget(schema);
  if (target) {
    const resolved = asSchema(resolvePointer(document, target));
    return {
      name,
      type,
      required,
      ...optionalFields({ ...resolved, ...schema }),
      ...(resolved &&
        target.startsWith(COMPONENT) && { href: `#${schemaAnchor(refName(target))}` }),
      children: [],
    };
  }
  return {
    name,
    type,
    required,
    ...optionalFields(schema),
    children: depth >= MAX_DEPTH ? [] : children(document, schema, depth + 1),
  };
}

function children(document: unknown, schema: JsonSchema, depth: number): SchemaNode[] {
  const properties = asSchema(schema.properties);
  if (properties) {
    const required = new Set(Array.isArray(schema.required) ? schema.required : []);
    return Object.entries(properties).map(([name, value]) =>
      node(document, asSchema(value) ?? {}, name, required.has(name), depth),
    );
  }
  const items = schema.type === 'array' ? asSchema(schema.items) : undefined;
  if (items) return children(document, items, depth);
  const extra = asSchema(schema.additionalProperties);
  if (extra) return children(document, extra, depth);
  if (Array.isArray(schema.allOf))
    return schema.allOf.flatMap((v) => children(document, asSchema(v) ?? {}, depth));
  const variants = variantsOf(schema)?.filter((v) => !isNull(v) && !('const' in v));
  if (!variants || variants.length === 0) return [];
  if (variants.length === 1) return children(document, variants[0]!, depth);
  return variants.map((v) => node(document, v, '', true, depth));
}

/** Every link to a named schema in a tree. */
function linkedSchemas(tree: SchemaNode): string[] {
  const own = tree.href?.startsWith(`#${schemaAnchor('')}`)
    ? [tree.href.slice(schemaAnchor('').length + 1)]
    : [];
  return [...own, ...tree.children.flatMap(linkedSchemas)];
}

/**
 * The named schemas the operations' trees link to, and those they link to in turn, each with
 * its tree: the page's schema section, in the order a reader meets them.
 */
export function referenceSchemas(
  document: OpenApiDocument,
  operations: readonly ReferenceOperation[],
): ReferenceSchema[] {
  const trees = operations.flatMap((operation) => [
    ...(operation.requestBody?.schema ? [operation.requestBody.schema] : []),
    ...operation.responses.flatMap((response) => (response.schema ? [response.schema] : [])),
  ]);
  const queue = trees.flatMap(linkedSchemas);
  const shown = new Map<string, ReferenceSchema>();
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (shown.has(name)) continue;
    const tree = schemaTree(document, { $ref: `${COMPONENT}${name}` });
    shown.set(name, { name, anchor: schemaAnchor(name), tree });
    queue.push(...linkedSchemas(tree));
  }
  return [...shown.values()];
}

/**
 * The value an example call gives a parameter: the document's example, else (path parameters)
 * a value from the catalog, else (required parameters) the default or the first allowed value.
 */
function sampleOf(
  parameter: z.infer<typeof ParameterSchema>,
  samples: Readonly<Record<string, string>>,
): string | undefined {
  const schema = parameter.schema ?? {};
  const candidates = [
    parameter.example,
    Array.isArray(schema.examples) ? schema.examples[0] : undefined,
    parameter.in === 'path' ? samples[parameter.name] : undefined,
    ...(parameter.in === 'path' || parameter.required
      ? [schema.default, Array.isArray(schema.enum) ? schema.enum[0] : undefined]
      : []),
  ];
  const found = candidates.find((value) => value !== undefined && value !== null);
  if (found === undefined) return undefined;
  return Array.isArray(found) ? found.join(',') : String(found);
}

/**
 * A call that runs as it is: path parameters filled in, and the query parameters that are
 * required or that the document gives an example for. Undefined when a required value is
 * unknown.
 */
export function exampleCall(
  operation: Pick<ReferenceOperation, 'path' | 'parameters'>,
): string | undefined {
  let path = operation.path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters) {
    if (parameter.sample === undefined) {
      if (parameter.required) return undefined;
    } else if (parameter.in === 'path') {
      path = path.replace(`{${parameter.name}}`, encodeURIComponent(parameter.sample));
    } else if (parameter.in === 'query') {
      query.set(parameter.name, parameter.sample);
    }
  }
  const search = query.toString();
  return search ? `${path}?${search}` : path;
}

function mediaTypes(content: Record<string, { schema?: JsonSchema | undefined }> | undefined) {
  return Object.keys(content ?? {});
}

function firstSchema(content: Record<string, { schema?: JsonSchema | undefined }> | undefined) {
  return Object.values(content ?? {}).find((media) => media.schema)?.schema;
}

/**
 * Every operation of the document in path order, ready to render. `samples` gives values for
 * path parameters the document has no example for (the slug of a real entry for `code`), so
 * each example call answers with real data.
 */
export function referenceOperations(
  document: OpenApiDocument,
  samples: Readonly<Record<string, string>> = {},
): ReferenceOperation[] {
  const operations: ReferenceOperation[] = [];
  // An answer shape several operations share (a CKAN action read by GET and by POST) is
  // unfolded under the first; the others link to it.
  const unfolded = new Map<string, string>();
  const answerTree = (schema: JsonSchema, anchor: string): SchemaNode => {
    const ref = typeof schema.$ref === 'string' ? schema.$ref : undefined;
    const first = ref && unfolded.get(ref);
    if (first)
      return { name: '', type: refName(ref), required: true, href: `#${first}`, children: [] };
    if (ref) unfolded.set(ref, anchor);
    return schemaTree(document, schema);
  };
  for (const [path, item] of Object.entries(document.paths))
    for (const method of METHODS) {
      const operation = item[method] as z.infer<typeof OperationSchema> | undefined;
      if (!operation) continue;
      const parameters = (operation.parameters ?? []).map((parameter): ReferenceParameter => {
        const schema = parameter.schema ?? {};
        const sample = sampleOf(parameter, samples);
        return {
          name: parameter.name,
          in: parameter.in,
          required: parameter.in === 'path' || parameter.required === true,
          type: schemaType(schema),
          ...optionalFields(schema),
          // The parameter's own description is the one written for callers.
          ...(parameter.description !== undefined && { description: parameter.description }),
          list: schema.type === 'array',
          exploded: schema.type === 'object' && parameter.in === 'query',
          ...(sample !== undefined && { sample }),
        };
      });
      const body = operation.requestBody;
      const bodySchema = firstSchema(body?.content);
      const reference: ReferenceOperation = {
        anchor: `op-${operation.operationId}`,
        operationId: operation.operationId,
        method,
        path,
        ...(operation.summary !== undefined && { summary: operation.summary }),
        ...(operation.description !== undefined && { description: operation.description }),
        tags: operation.tags ?? [],
        parameters,
        ...(body && {
          requestBody: {
            required: body.required === true,
            mediaTypes: mediaTypes(body.content),
            ...(bodySchema && { schema: schemaTree(document, bodySchema) }),
          },
        }),
        responses: Object.entries(operation.responses)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([status, response]) => {
            const schema = status.startsWith('2') ? firstSchema(response.content) : undefined;
            const anchor = `op-${operation.operationId}-${status}`;
            return {
              status,
              description: response.description,
              mediaTypes: mediaTypes(response.content),
              anchor,
              ...(schema && { schema: answerTree(schema, anchor) }),
            };
          }),
      };
      const example = method === 'get' ? exampleCall(reference) : undefined;
      operations.push(example === undefined ? reference : { ...reference, example });
    }
  return operations;
}

/** Operations grouped for the table of contents: by first tag, else by path prefix. */
export function referenceGroups(operations: readonly ReferenceOperation[]): ReferenceGroup[] {
  const groups = new Map<string, ReferenceOperation[]>();
  for (const operation of operations) {
    const key = operation.tags[0] ?? operation.path.split('/').slice(0, 3).join('/');
    groups.set(key, [...(groups.get(key) ?? []), operation]);
  }
  return [...groups].map(([title, list]) => ({
    id: `group-${title.replace(/[^\w-]+/g, '-').replace(/^-+|-+$/g, '') || 'api'}`,
    title,
    operations: list,
  }));
}

/** The headers the document says carry an API key, for the reference's key field. */
export function apiKeyHeaders(document: OpenApiDocument): ApiKeyHeader[] {
  return Object.entries(document.components?.securitySchemes ?? {})
    .filter(([, scheme]) => scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name)
    .map(([scheme, { name }]) => ({ scheme, header: name! }));
}

/**
 * Text with `code` spans, split so a template can render the spans as `<code>` without
 * writing HTML: even parts are text, odd parts code.
 */
export function codeSpans(text: string): string[] {
  return text.split('`');
}

/**
 * The language a text of the document is mostly written in: the API describes itself in
 * English with Chinese catalog terms, and a page marks whichever is not its own language.
 */
export function textLang(text: string): 'zh-CN' | 'en' {
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (text.match(/[A-Za-z]/g) ?? []).length;
  return han * 2 >= latin && han > 0 ? 'zh-CN' : 'en';
}
