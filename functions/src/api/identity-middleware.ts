import type { Context, MiddlewareHandler } from 'hono';
import { DatarunError, problem } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';
import type { Identity } from '../core/identity/identity.ts';
import type { RevokedTokens } from '../core/ports/revoked-tokens.ts';
import type { TokenVerifier } from '../adapters/identity/token-verifier.ts';
import { fail } from './envelope.ts';

export type IdentityMiddlewareDeps = {
  /** Cognito's verifier on AWS, the local issuer's on one machine. */
  verifier: TokenVerifier;
  /** The ids of signed-out tokens. */
  revoked: RevokedTokens;
  /** Where a failure of the signed-out list is logged. @default console.error */
  warn?: (message: string) => void;
};

const BEARER = /^Bearer +([^\s]+) *$/i;

/**
 * Knows who is signed in, for every request under `/api/`:
 * - no `Authorization` header: no identity; routes that need one answer 401 through the policy;
 * - a valid Bearer token that was not signed out: the identity, for routes to read (`identityOf`);
 * - anything else (not Bearer, malformed, forged, expired, for another issuer or audience,
 *   signed out): 401 at once, saying why, with `WWW-Authenticate: Bearer error="invalid_token"`.
 * When the signing keys or the signed-out list cannot be read, 503: a token that might have been
 * signed out is not let through.
 */
export function identityMiddleware(deps: IdentityMiddlewareDeps): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header === undefined) return next();
    const token = BEARER.exec(header)?.[1];
    if (!token)
      return refuse(
        c,
        'the Authorization header must be "Bearer <token>", with the ID token the sign-in gave you',
      );
    let identity: Identity;
    try {
      identity = await deps.verifier.verify(token);
    } catch (error) {
      if (error instanceof DatarunError && error.code === 'unauthorized')
        return refuse(c, error.problems[0]!.message);
      if (error instanceof DatarunError && error.code === 'storage')
        return unavailable(c, error.problems[0]!);
      throw error;
    }
    let signedOut: boolean;
    try {
      signedOut = await deps.revoked.isRevoked(identity.tokenId);
    } catch (error) {
      (deps.warn ?? console.error)(
        `signed-out tokens cannot be checked: ${(error as Error).message}`,
      );
      return unavailable(
        c,
        problem('storage', 'signed-out tokens cannot be checked right now; try again shortly'),
      );
    }
    if (signedOut) return refuse(c, 'this token was signed out; sign in again for a new one');
    c.set('identity', identity);
    return next();
  };
}

/** The signed-in person of this request, if the identity middleware verified a token. */
export function identityOf(c: Context): Identity | undefined {
  return c.get('identity');
}

function refuse(c: Context, message: string) {
  c.header(
    'WWW-Authenticate',
    `Bearer error="invalid_token", error_description="${quoted(message)}"`,
  );
  return fail(c, 401, message, [problem('unauthorized', message, { field: 'Authorization' })]);
}

function unavailable(c: Context, cause: Problem) {
  return fail(c, 503, cause.message, [problem('storage', cause.message)]);
}

/** A header's quoted string holds printable ASCII without quotes or backslashes (RFC 6750 §3). */
function quoted(message: string): string {
  return message
    .replace(/["\\]/g, "'")
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 300);
}
