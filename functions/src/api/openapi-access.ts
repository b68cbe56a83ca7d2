import type { ApiRoute } from './route.ts';

/** How a request presents an API key, for `components.securitySchemes`. */
export const SECURITY_SCHEMES = {
  apiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'X-API-Key',
    description:
      'An API key from POST /api/v1/keys. Optional on every route but /api/v1/keys/me: without one, requests are limited per address; a malformed, unknown or revoked key is a 401.',
  },
  bearer: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description:
      'An identity token of agency staff (a Cognito ID token on AWS; locally from the sign-in page or `npx datarun token --agency CODE --role ROLE`). The agency routes need it; an expired, forged or signed-out token is a 401, a role or agency that may not act a 403.',
  },
};

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': {
    schema: { type: 'integer' },
    description: 'Requests allowed in the current window (per minute; sign-ups: per hour)',
  },
  'X-RateLimit-Remaining': {
    schema: { type: 'integer' },
    description: 'Requests left in the current window',
  },
  'X-RateLimit-Reset': {
    schema: { type: 'integer' },
    description: 'Seconds until the window ends and the count starts again (not a timestamp)',
  },
};

/**
 * Documents access control on one operation: the key it takes (required only where the route
 * cannot answer without one, which is where it may answer 401 without being about a key it
 * was sent), the rate-limit headers on every answer, and `Retry-After` on the 429.
 */
export function documentAccess(
  route: ApiRoute,
  responses: Record<string, unknown>,
): { security: Record<string, string[]>[]; responses: Record<string, unknown> } {
  const withHeaders = Object.fromEntries(
    Object.entries(responses).map(([status, response]) => {
      const { headers, ...rest } = response as { headers?: Record<string, unknown> };
      const retry = status === '429' && {
        'Retry-After': { schema: { type: 'integer' }, description: 'Seconds to wait' },
      };
      return [status, { ...rest, headers: { ...headers, ...RATE_LIMIT_HEADERS, ...retry } }];
    }),
  );
  const keyRequired = route.operationId === 'key_show';
  return {
    security: route.signIn
      ? [{ bearer: [] }]
      : keyRequired
        ? [{ apiKey: [] }]
        : [{}, { apiKey: [] }],
    responses: withHeaders,
  };
}
