import * as z from 'zod';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/openapi.json`: the OpenAPI 3.1 description of this API. */
export const openapiShow = defineRoute({
  path: '/api/v1/openapi.json',
  operationId: 'openapi_show',
  summary: 'This API described in OpenAPI 3.1',
  description:
    'Generated from the schemas that check every request. Served as the bare document, without the envelope, so OpenAPI tools can read it.',
  answer: z.looseObject({ openapi: z.literal('3.1.0') }),
  answerName: 'OpenApiDocument',
  document: true,
  maxAge: 3600,
  errors: [],
  async handle(_input, { openapi }) {
    const { document, version } = openapi();
    return { data: document, version };
  },
});
