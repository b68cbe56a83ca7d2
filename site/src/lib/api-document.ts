import { buildOpenApi } from '../../../functions/src/api/openapi.ts';
import { API_ROUTES } from '../../../functions/src/api/app.ts';
import { OpenApiDocumentSchema } from './api-reference.ts';
import type { OpenApiDocument } from './api-reference.ts';

let built: OpenApiDocument | undefined;

/**
 * The OpenAPI document of the API, generated at build time by the function the API itself
 * uses for `/api/v1/openapi.json`, from the same route list: the reference can never describe
 * another API than the one served. Read once per build.
 */
export function apiDocument(): OpenApiDocument {
  if (built) return built;
  const parsed = OpenApiDocumentSchema.safeParse(buildOpenApi(API_ROUTES));
  if (!parsed.success)
    throw new Error(
      `the API reference cannot be rendered: the OpenAPI document does not have the expected shape (${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')})`,
      { cause: parsed.error },
    );
  built = parsed.data;
  return built;
}
