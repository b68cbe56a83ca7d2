import * as z from 'zod';
import { AgencySummarySchema, CatalogStatsSchema } from '../core/search/catalog-stats.ts';
import { DatasetDetailSchema, DatasetSummarySchema, DownloadSchema } from './dataset-views.ts';
import { ErrorEnvelopeSchema, okEnvelopeSchema } from './envelope.ts';
import { FacetCountSchema } from './routes/dataset-list.ts';
import { takesList } from './route.ts';
import type { ApiRoute } from './route.ts';
import { ckanOpenApi } from './ckan/ckan-openapi.ts';
import { SECURITY_SCHEMES, documentAccess } from './openapi-access.ts';

/** Schemas several answers share, named in `components.schemas`. */
const SHARED_SCHEMAS: Record<string, z.ZodType> = {
  DatasetSummary: DatasetSummarySchema,
  DatasetDetail: DatasetDetailSchema,
  Download: DownloadSchema,
  FacetCount: FacetCountSchema,
  AgencySummary: AgencySummarySchema,
  CatalogStats: CatalogStatsSchema,
  Error: ErrorEnvelopeSchema,
};

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'A parameter is unknown, malformed or out of range; `errors[].field` names it',
  401: 'The request needs a valid API key (X-API-Key) or identity',
  403: 'The caller may not do this',
  404: 'No public dataset with this code (also: no such route)',
  405: 'The method is not allowed on this path; `Allow` lists those that are',
  409: 'The request conflicts with the current state',
  429: 'Too many requests: a rate limit is used up; `Retry-After` says how many seconds to wait',
  500: 'Internal error; details are logged, never sent',
  503: 'The public catalog has not been published yet',
};

const DESCRIPTION = `Read-only API over the public catalog of datarun.

Every answer is JSON in one envelope: \`{ "ok": true, "data": …, "next": "<cursor>" }\` on success,
\`{ "ok": false, "status": 400, "error": "…", "errors": [{ "code", "message", "field" }] }\` on
failure. Clients should ignore keys they do not know. Lists page with opaque cursors: pass
\`next\` back as \`cursor\`. Answers carry a weak ETag (send it back in If-None-Match for a 304)
and Cache-Control; CORS allows any origin.`;

type JsonSchema = Record<string, unknown>;

/**
 * Answers may gain keys (clients ignore what they do not know), so objects are not closed, and
 * the bounds zod gives every integer say nothing a reader needs.
 */
function tidy({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

/** The JSON Schema of what a client sends, without the dialect marker. */
function inputSchema(schema: z.ZodType): JsonSchema {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, {
    io: 'input',
    target: 'draft-2020-12',
    override: tidy,
  }) as JsonSchema;
  return json;
}

function parameter(name: string, schema: z.ZodType, location: 'query' | 'path') {
  const { description, ...json } = inputSchema(schema);
  return {
    name,
    in: location,
    required: location === 'path' || !schema.safeParse(undefined).success,
    ...(typeof description === 'string' && { description }),
    schema: json,
    ...(takesList(schema) && { style: 'form', explode: true }),
  };
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

/** The OpenAPI 3.1 document of the API, generated from the schemas every request is checked with. */
export function buildOpenApi(routes: readonly ApiRoute[]): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SHARED_SCHEMAS)) registry.add(schema, { id });
  for (const route of routes.filter((r) => r.status !== 302))
    registry.add(route.document ? route.answer : okEnvelopeSchema(route.answer), {
      id: route.answerName,
    });
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    uri: (id) => `#/components/schemas/${id}`,
    override: tidy,
  }).schemas;
  const schemas = Object.fromEntries(
    Object.entries(generated).map(([id, { $schema: _dialect, $id: _id, ...schema }]) => [
      id,
      schema,
    ]),
  );

  const operations = routes.map((route) => {
    const cached = route.cache !== 'no-store';
    const content: Record<string, unknown> = {
      'application/json': { schema: ref(route.answerName) },
    };
    for (const type of route.produces ?? []) content[type] = { schema: { type: 'string' } };
    const responses: Record<string, unknown> =
      route.status === 302
        ? {
            302: {
              description: 'Found: `Location` is where the file is',
              headers: {
                Location: { schema: { type: 'string' } },
                'Cache-Control': { schema: { type: 'string' } },
              },
            },
          }
        : {
            [route.status ?? 200]: {
              description: route.document
                ? 'The document'
                : 'The envelope with the answer in `data`',
              headers: {
                ...(cached && {
                  ETag: {
                    schema: { type: 'string' },
                    description: 'Weak validator for If-None-Match',
                  },
                }),
                'Cache-Control': { schema: { type: 'string' } },
              },
              content,
            },
            ...(cached && {
              304: { description: 'Not modified: the ETag sent in If-None-Match is still current' },
            }),
          };
    for (const status of [400, ...route.errors, 405, 429, 500].sort((a, b) => a - b))
      responses[status] = { description: ERROR_DESCRIPTIONS[status], ...json(ref('Error')) };
    const parameters = [
      ...Object.entries(route.params.shape).map(([name, schema]) =>
        parameter(name, schema as z.ZodType, 'path'),
      ),
      ...Object.entries(route.query.shape).map(([name, schema]) =>
        parameter(name, schema as z.ZodType, 'query'),
      ),
    ];
    const operation = {
      operationId: route.operationId,
      summary: route.summary,
      description: route.description,
      ...(parameters.length > 0 && { parameters }),
      ...(route.body && { requestBody: { required: true, ...json(inputSchema(route.body)) } }),
      ...documentAccess(route, responses),
    };
    return [route.path, operation, route.method] as const;
  });
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [path, operation, method] of operations) (paths[path] ??= {})[method] = operation;

  const ckan = ckanOpenApi();
  return {
    openapi: '3.1.0',
    info: { title: 'datarun API', version: '1', description: DESCRIPTION },
    paths: { ...paths, ...ckan.paths },
    components: { schemas: { ...schemas, ...ckan.schemas }, securitySchemes: SECURITY_SCHEMES },
  };
}
