import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
} from 'jose';
import type { JSONWebKeySet, JWTPayload, JWTVerifyGetKey } from 'jose';
import { DatarunError, problem } from '../../core/errors.ts';
import { identityFromClaims } from '../../core/identity/claims.ts';
import type { Identity } from '../../core/identity/identity.ts';

/** Checks an identity token and says who it is for. */
export type TokenVerifier = {
  /** The identity of a valid token; an `unauthorized` DatarunError saying what is wrong otherwise. */
  verify(token: string): Promise<Identity>;
};

export type TokenVerifierOptions = {
  /** The `iss` every token must carry: the user pool's URL, or `datarun-local`. */
  issuer: string;
  /** The `aud` every token must carry: the app client id. */
  audience: string;
  /** The issuer's public keys: the URL of its JWKS (fetched and cached), or the set itself. */
  keys: string | JSONWebKeySet;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
};

/** Clocks of the issuer and of the API may differ by this much. */
export const CLOCK_TOLERANCE_SECONDS = 30;

/** The only signature algorithm accepted: what Cognito and the local issuer sign with. */
const ALGORITHM = 'RS256';

// The signature may be empty so that an unsigned (`alg: none`) token is refused for its algorithm.
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * A verifier of RS256 ID tokens from one issuer for one audience: signature, issuer,
 * audience, `token_use`, expiry and issue time, then the claims that make an Identity.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const now = options.now ?? Date.now;
  const keys = keySet(options);
  return {
    async verify(token) {
      if (!COMPACT_JWS.test(token))
        throw refused(
          'the token is malformed: expected three base64url parts separated by dots (a signed JWT)',
        );
      let alg: unknown;
      try {
        alg = decodeProtectedHeader(token).alg;
      } catch {
        throw refused('the token is malformed: its header is not base64url-encoded JSON');
      }
      if (alg !== ALGORITHM)
        throw refused(
          `the token is signed with ${JSON.stringify(alg ?? 'no algorithm')}; only ${ALGORITHM} is accepted`,
        );
      const nowMs = now();
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [ALGORITHM],
          clockTolerance: CLOCK_TOLERANCE_SECONDS,
          requiredClaims: ['exp', 'iat'],
          currentDate: new Date(nowMs),
        }));
      } catch (error) {
        throw explain(error, options);
      }
      if (payload.iat! > Math.floor(nowMs / 1000) + CLOCK_TOLERANCE_SECONDS)
        throw refused(
          `the token claims to be issued in the future (${isoSeconds(payload.iat!)}); check the issuer's clock`,
        );
      return identityFromClaims(payload);
    },
  };
}

/**
 * The verifier of Cognito ID tokens for the API on AWS, from `DATARUN_AUTH_ISSUER` (the user
 * pool's issuer URL) and `DATARUN_AUTH_AUDIENCE` (its app client id). The keys are the pool's
 * published JWKS.
 */
export function verifierFromEnv(env: Record<string, string | undefined>): TokenVerifier {
  const issuer = env.DATARUN_AUTH_ISSUER?.trim();
  const audience = env.DATARUN_AUTH_AUDIENCE?.trim();
  const missing = [
    !issuer &&
      'DATARUN_AUTH_ISSUER (the user pool issuer: https://cognito-idp.{region}.amazonaws.com/{poolId})',
    !audience && 'DATARUN_AUTH_AUDIENCE (the user pool app client id)',
  ].filter(Boolean);
  if (missing.length > 0 || !issuer || !audience)
    throw configError(`missing environment variables: ${missing.join(', ')}`);
  const poolId = /^([a-z]{2}(?:-[a-z]+)+-\d+)_[A-Za-z0-9]+$/.exec(issuer);
  if (poolId)
    throw configError(
      `DATARUN_AUTH_ISSUER is a bare pool id; give the issuer URL https://cognito-idp.${poolId[1]}.amazonaws.com/${issuer}`,
    );
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw configError(
      `DATARUN_AUTH_ISSUER ${JSON.stringify(issuer)} is not a URL; expected https://cognito-idp.{region}.amazonaws.com/{poolId}`,
    );
  }
  if (url.protocol !== 'https:')
    throw configError(`DATARUN_AUTH_ISSUER must be an https URL, got ${JSON.stringify(issuer)}`);
  if (issuer.endsWith('/'))
    throw configError(
      `DATARUN_AUTH_ISSUER must not end with "/": tokens carry the issuer without it (${issuer.replace(/\/+$/, '')})`,
    );
  return createTokenVerifier({ issuer, audience, keys: `${issuer}/.well-known/jwks.json` });
}

function keySet(options: TokenVerifierOptions): JWTVerifyGetKey {
  if (typeof options.keys !== 'string') return createLocalJWKSet(options.keys);
  let url: URL;
  try {
    url = new URL(options.keys);
  } catch {
    throw configError(`the JWKS address ${JSON.stringify(options.keys)} is not a URL`);
  }
  const remote = createRemoteJWKSet(url);
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      // The token's fault: its key is not among the issuer's. Anything else is the fetch's.
      if (error instanceof errors.JWKSNoMatchingKey) throw error;
      throw new DatarunError(
        problem(
          'storage',
          `the signing keys of ${options.issuer} could not be fetched from ${url.href} (${(error as Error).message}); try again shortly`,
        ),
      );
    }
  };
}

/** The sentence for a failed verification; errors that are not the token's pass through. */
function explain(error: unknown, options: TokenVerifierOptions): unknown {
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    return refused(
      `the token expired${typeof exp === 'number' ? ` at ${isoSeconds(exp)}` : ''}; sign in again`,
    );
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    const value = error.payload[error.claim];
    if (error.reason === 'missing') return refused(`the token has no ${error.claim} claim`);
    if (error.claim === 'iss')
      return refused(
        `the token was issued by ${JSON.stringify(value)}, not by ${options.issuer}: wrong issuer`,
      );
    if (error.claim === 'aud')
      return refused(
        `the token is meant for ${JSON.stringify(value)}, not for this platform (${options.audience}): wrong audience`,
      );
    if (error.claim === 'nbf') return refused('the token is not valid yet (nbf is in the future)');
    return refused(`the token's ${error.claim} claim is invalid`);
  }
  if (error instanceof errors.JWSSignatureVerificationFailed)
    return refused(
      'the token signature is invalid: it was changed after signing or not signed by the issuer',
    );
  if (error instanceof errors.JWKSNoMatchingKey)
    return refused(
      `the token signature is invalid: it was signed with a key ${options.issuer} does not publish`,
    );
  if (error instanceof errors.JOSEAlgNotAllowed)
    return refused(`the token's algorithm is not accepted; only ${ALGORITHM} is`);
  if (
    error instanceof errors.JWSInvalid ||
    error instanceof errors.JWTInvalid ||
    error instanceof errors.JOSENotSupported
  )
    return refused(`the token is malformed: ${error.message}`);
  return error;
}

/** An epoch second as ISO 8601, or as the number where no date can hold it. */
function isoSeconds(epochSeconds: number): string {
  const date = new Date(epochSeconds * 1000);
  return Number.isNaN(date.getTime())
    ? `epoch second ${epochSeconds}`
    : date.toISOString().replace('.000Z', 'Z');
}

function refused(message: string): DatarunError {
  return new DatarunError(problem('unauthorized', message, { field: 'Authorization' }));
}

function configError(message: string): DatarunError {
  return new DatarunError(problem('config', message));
}
