import * as z from 'zod';
import { CKAN_ACTIONS } from './ckan-actions.ts';
import type { ActionParam, CkanAction } from './ckan-actions.ts';
import { CKAN_ERROR_STATUS } from './ckan-errors.ts';
import {
  CkanOrganizationDetailSchema,
  CkanOrganizationSchema,
  CkanPackageSchema,
  CkanResourceSchema,
} from './ckan-package.ts';

/**
 * The CKAN-compatible actions in OpenAPI 3.1: a GET and a POST operation per action under
 * `/api/3/action/`, and `/api/3`. Generated from the action table that help_show and the app
 * use, so the document cannot describe another action or parameter than the ones served.
 * The unversioned alias `/api/action/{name}` (where ckanapi posts) is left out: it is the
 * same operations again.
 */

const CkanErrorEnvelopeSchema = z.object({
  help: z.string().describe('help_show of the action on this host'),
  success: z.literal(false),
  error: z
    .object({
      __type: z.enum(Object.keys(CKAN_ERROR_STATUS) as [string, ...string[]]),
      message: z.string(),
    })
    .catchall(z.array(z.string()))
    .describe('Problems per parameter are listed under the parameter name, as CKAN does'),
});

const SHARED: Record<string, z.ZodType> = {
  CkanPackage: CkanPackageSchema,
  CkanResource: CkanResourceSchema,
  CkanOrganization: CkanOrganizationSchema,
  CkanOrganizationDetail: CkanOrganizationDetailSchema,
  CkanError: CkanErrorEnvelopeSchema,
};

const pascal = (name: string) =>
  name.replace(/(^|_)(\w)/g, (_match, _sep, letter: string) => letter.toUpperCase());
const answerName = (action: CkanAction) => `Ckan${pascal(action.name)}Answer`;

type JsonSchema = Record<string, unknown>;

/** Objects stay open (answers may gain keys), and zod's integer bounds say nothing to readers. */
function tidy({ jsonSchema }: { jsonSchema: JsonSchema }): void {
  if (jsonSchema.additionalProperties === false) delete jsonSchema.additionalProperties;
  if (jsonSchema.minimum === Number.MIN_SAFE_INTEGER) delete jsonSchema.minimum;
  if (jsonSchema.maximum === Number.MAX_SAFE_INTEGER) delete jsonSchema.maximum;
}

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const json = (schema: object) => ({ content: { 'application/json': { schema } } });

const ERRORS: Record<number, string> = {
  400: 'Bad Request (an unreadable body) or Search Query Error (q, fq, sort or facet.field the search cannot run)',
  404: 'Not Found Error: no public dataset, organization or action of that name',
  405: 'Method Not Allowed: actions are read with GET or POST',
  409: 'Validation Error: a parameter is missing or malformed; it is listed under its name',
  500: 'Internal Server Error; details are logged, never sent',
  503: 'The public catalog has not been published yet',
};

function paramSchema(param: ActionParam): JsonSchema {
  return param.type === 'list'
    ? { type: 'array', items: { type: 'string' } }
    : { type: param.type };
}

function operation(action: CkanAction, method: 'get' | 'post') {
  const responses: Record<string, unknown> = {
    200: {
      description: 'The envelope `{ help, success: true, result }`',
      headers: {
        ...(method === 'get' && {
          ETag: { schema: { type: 'string' }, description: 'Weak validator for If-None-Match' },
        }),
        'Cache-Control': { schema: { type: 'string' } },
      },
      ...json(ref(answerName(action))),
    },
    ...(method === 'get' && {
      304: { description: 'Not modified: the ETag sent in If-None-Match is still current' },
    }),
  };
  for (const status of [400, 404, 405, 409, 500, 503])
    responses[status] = { description: ERRORS[status], ...json(ref('CkanError')) };
  const parameters = action.params.map((param) => ({
    name: param.name,
    in: 'query',
    required: param.required === true,
    description: param.description,
    schema: paramSchema(param),
    ...(param.type === 'list' && { style: 'form', explode: true }),
  }));
  const body = {
    type: 'object',
    properties: Object.fromEntries(
      action.params.map((param) => [
        param.name,
        { ...paramSchema(param), description: param.description },
      ]),
    ),
    ...(action.params.some((p) => p.required) && {
      required: action.params.filter((p) => p.required).map((p) => p.name),
    }),
  };
  return {
    operationId: method === 'get' ? action.name : `${action.name}_post`,
    summary: method === 'get' ? action.summary : `${action.summary}, parameters in a JSON body`,
    description:
      method === 'get'
        ? action.description
        : `${action.description} The parameters come as a JSON object, as ckanapi sends them; JSON numbers, booleans and lists are taken as they are.`,
    ...(method === 'get' && parameters.length > 0 && { parameters }),
    ...(method === 'post' && {
      requestBody: { required: false, ...json(body) },
    }),
    responses,
  };
}

/** The OpenAPI path items and component schemas of the CKAN-compatible API. */
export function ckanOpenApi(): {
  paths: Record<string, Record<string, unknown>>;
  schemas: Record<string, unknown>;
} {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(SHARED)) registry.add(schema, { id });
  for (const action of CKAN_ACTIONS)
    registry.add(z.object({ help: z.string(), success: z.literal(true), result: action.result }), {
      id: answerName(action),
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
  const paths: Record<string, Record<string, unknown>> = {
    '/api/3': {
      get: {
        operationId: 'ckan_api_version_show',
        summary: 'The CKAN API version (CKAN)',
        description:
          'Answers `{ "version": 3 }`, as CKAN does; clients call it to find the action API.',
        responses: {
          200: {
            description: 'The version, outside the envelope',
            ...json({ type: 'object', properties: { version: { const: 3 } } }),
          },
          405: { description: 'Only GET, HEAD and OPTIONS are allowed' },
        },
      },
    },
  };
  for (const action of CKAN_ACTIONS)
    paths[`/api/3/action/${action.name}`] = {
      get: operation(action, 'get'),
      post: operation(action, 'post'),
    };
  return { paths, schemas };
}
