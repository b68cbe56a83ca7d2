import { DatarunError, problem } from '../errors.ts';
import { AgencyCodeSchema } from '../schemas/agency.ts';
import { IdentitySchema, ROLES } from './identity.ts';
import type { Identity, Role } from './identity.ts';

/**
 * The claims of an identity token, exactly as a Cognito user pool writes its ID tokens. The
 * local issuer writes the same ones, so that one verification path serves both.
 */
export type IdTokenClaims = {
  sub: string;
  name: string;
  /** A custom user-pool attribute: the agency code the person works for. */
  'custom:agency': string;
  /** The user-pool groups the person is in; the ones named like a role grant it. */
  'cognito:groups': string[];
  token_use: 'id';
  jti: string;
  /** Epoch seconds. */
  exp: number;
  iat: number;
  iss: string;
  aud: string;
};

/** Who a token is for: an Identity without the token's own id and expiry. */
export type Person = Pick<Identity, 'user' | 'name' | 'agency' | 'roles'>;

/** The claims of an ID token for this person, issued and expiring at these epoch seconds. */
export function idTokenClaims(
  person: Person,
  token: { issuer: string; audience: string; tokenId: string; issuedAt: number; expiresAt: number },
): IdTokenClaims {
  return {
    sub: person.user,
    name: person.name,
    'custom:agency': person.agency,
    'cognito:groups': [...person.roles],
    token_use: 'id',
    jti: token.tokenId,
    exp: token.expiresAt,
    iat: token.issuedAt,
    iss: token.issuer,
    aud: token.audience,
  };
}

/**
 * The identity a verified token's claims describe. A missing or malformed claim, or a token
 * that is not an ID token, throws `unauthorized` naming the claim. Groups that are not roles
 * (a user pool may have others) are ignored; a token with no role at all is refused.
 */
export function identityFromClaims(claims: Record<string, unknown>): Identity {
  if (claims.token_use !== 'id')
    throw refused(
      'token_use',
      claims.token_use === undefined
        ? 'the token has no token_use claim: it is not a user-pool ID token'
        : `the token is a ${JSON.stringify(claims.token_use)} token, not an ID token; send the ID token`,
    );
  const user = text(claims, 'sub', 128);
  const name = text(claims, 'name', 200);
  const agency = text(claims, 'custom:agency', 63);
  if (!AgencyCodeSchema.safeParse(agency).success)
    throw refused(
      'custom:agency',
      `the token's custom:agency claim ${JSON.stringify(agency)} is not an agency code`,
    );
  const groups = claims['cognito:groups'];
  if (groups !== undefined && !(Array.isArray(groups) && groups.every(isString)))
    throw refused('cognito:groups', "the token's cognito:groups claim is not a list of names");
  const roles = ROLES.filter((role: Role) => (groups ?? []).includes(role));
  if (roles.length === 0)
    throw refused(
      'cognito:groups',
      `the token carries no datarun role: its user must be in one of the groups ${ROLES.join(', ')}`,
    );
  const tokenId = text(claims, 'jti', 128);
  const expiresAt = claims.exp;
  if (expiresAt === undefined) throw refused('exp', 'the token has no exp claim');
  if (typeof expiresAt !== 'number' || !Number.isSafeInteger(expiresAt))
    throw refused('exp', "the token's exp claim is not a time in whole seconds");
  return IdentitySchema.parse({ user, name, agency, roles, tokenId, expiresAt });
}

function text(claims: Record<string, unknown>, claim: string, max: number): string {
  const value = claims[claim];
  if (value === undefined) throw refused(claim, `the token has no ${claim} claim`);
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw refused(claim, `the token's ${claim} claim is not a text of 1 to ${max} characters`);
  return value;
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function refused(claim: string, message: string): DatarunError {
  return new DatarunError(problem('unauthorized', message, { field: claim }));
}
