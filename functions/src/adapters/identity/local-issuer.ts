import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK } from 'jose';
import type { CryptoKey, JSONWebKeySet, JWK } from 'jose';
import { DatarunError, problem } from '../../core/errors.ts';
import { idTokenClaims } from '../../core/identity/claims.ts';
import type { Person } from '../../core/identity/claims.ts';
import { IdentitySchema } from '../../core/identity/identity.ts';
import { createTokenVerifier } from './token-verifier.ts';
import type { TokenVerifier } from './token-verifier.ts';

/** The `iss` of tokens the local issuer signs. */
export const LOCAL_ISSUER = 'datarun-local';
/** The `aud` of tokens the local issuer signs: what the local API accepts. */
export const LOCAL_AUDIENCE = 'datarun-local';
/** How long a local token lasts unless asked otherwise: a working day. */
export const DEFAULT_TOKEN_HOURS = 8;
/** The longest a local token may last: a week, so a forgotten token does not work forever. */
export const MAX_TOKEN_HOURS = 168;

/** A signed token and when it stops being accepted (epoch seconds). */
export type IssuedToken = { token: string; tokenId: string; expiresAt: number };

export type LocalIssuer = {
  /** Signs an ID token for this person, valid for `hours` (default 8, at most 168). */
  issue(person: Person, options?: { hours?: number }): Promise<IssuedToken>;
  /** The public key set, as Cognito publishes its own at `/.well-known/jwks.json`. */
  jwks(): Promise<JSONWebKeySet>;
  /** A verifier of this issuer's tokens: the same verification path as for Cognito's. */
  verifier(): TokenVerifier;
};

export type LocalIssuerOptions = {
  /** The state folder (`.datarun`); the key is kept in `issuer/private-key.json` under it. */
  stateDir: string;
  /** Milliseconds since the epoch. @default Date.now */
  now?: () => number;
};

type SigningKey = { kid: string; privateKey: CryptoKey; publicJwk: JWK };

/**
 * The issuer of identity tokens on one machine, standing in for the Cognito user pool. Its
 * RS256 key pair is made on first use and kept, readable by its owner only, in the state
 * folder, so tokens survive restarts. Tokens carry exactly the claims of a Cognito ID token.
 */
export function createLocalIssuer(options: LocalIssuerOptions): LocalIssuer {
  const now = options.now ?? Date.now;
  const file = join(options.stateDir, 'issuer', 'private-key.json');
  let key: Promise<SigningKey> | undefined;
  const signingKey = () => {
    key ??= loadOrCreateKey(file).catch((error: unknown) => {
      key = undefined;
      throw error;
    });
    return key;
  };
  const jwks = async (): Promise<JSONWebKeySet> => ({ keys: [(await signingKey()).publicJwk] });

  return {
    async issue(person, { hours = DEFAULT_TOKEN_HOURS } = {}) {
      if (!(hours > 0 && hours <= MAX_TOKEN_HOURS))
        throw new DatarunError(
          problem(
            'invalid-value',
            `a token lasts more than 0 and at most ${MAX_TOKEN_HOURS} hours, got ${hours}`,
            { field: 'hours' },
          ),
        );
      const checked = IdentitySchema.pick({ user: true, name: true, agency: true, roles: true })
        .strict()
        .safeParse(person);
      if (!checked.success)
        throw new DatarunError(
          checked.error.issues.map((issue) =>
            problem('invalid-value', issue.message, { field: issue.path.join('.') }),
          ),
        );
      const { kid, privateKey } = await signingKey();
      const issuedAt = Math.floor(now() / 1000);
      const expiresAt = issuedAt + Math.round(hours * 3600);
      const tokenId = randomUUID();
      const claims = idTokenClaims(checked.data, {
        issuer: LOCAL_ISSUER,
        audience: LOCAL_AUDIENCE,
        tokenId,
        issuedAt,
        expiresAt,
      });
      const token = await new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .sign(privateKey);
      return { token, tokenId, expiresAt };
    },
    jwks,
    verifier() {
      let inner: Promise<TokenVerifier> | undefined;
      return {
        async verify(token) {
          inner ??= jwks().then((keys) =>
            createTokenVerifier({ issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, keys, now }),
          );
          return (await inner).verify(token);
        },
      };
    },
  };
}

async function loadOrCreateKey(file: string): Promise<SigningKey> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (text !== undefined) return readKey(file, text);
  const { privateKey } = await generateKeyPair('RS256', { extractable: true, modulusLength: 2048 });
  const jwk = await exportJWK(privateKey);
  const stored = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' };
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  try {
    // `wx`: two commands starting at once must not each write a key and sign with different ones.
    await writeFile(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      return readKey(file, await readFile(file, 'utf8'));
    throw error;
  }
  // The mode given to writeFile is narrowed by the umask, never widened; this makes it exact.
  await chmod(file, 0o600);
  return readKey(file, JSON.stringify(stored));
}

async function readKey(file: string, text: string): Promise<SigningKey> {
  const broken = (why: string) =>
    new DatarunError(
      problem(
        'config',
        `the local issuer's key ${why}; delete the file to make a new key (tokens signed with the old one stop working)`,
        { file },
      ),
    );
  let jwk: JWK;
  try {
    jwk = JSON.parse(text) as JWK;
  } catch {
    throw broken('is not JSON');
  }
  if (jwk.kty !== 'RSA' || !jwk.d || !jwk.n || !jwk.e || !jwk.kid)
    throw broken('is not a private RSA JSON Web Key with a kid');
  const privateKey = await importJWK(jwk, 'RS256').catch(() => {
    throw broken('cannot be imported');
  });
  const publicJwk: JWK = { kty: 'RSA', n: jwk.n, e: jwk.e, kid: jwk.kid, alg: 'RS256', use: 'sig' };
  return { kid: jwk.kid, privateKey: privateKey as CryptoKey, publicJwk };
}
