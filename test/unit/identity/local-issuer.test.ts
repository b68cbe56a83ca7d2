import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  SignJWT,
  base64url,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  importJWK,
} from 'jose';
import type { JWK } from 'jose';
import {
  DEFAULT_TOKEN_HOURS,
  LOCAL_AUDIENCE,
  LOCAL_ISSUER,
  createLocalIssuer,
} from '../../../functions/src/adapters/identity/local-issuer.ts';
import { idTokenClaims } from '../../../functions/src/core/identity/claims.ts';
import type { Person } from '../../../functions/src/core/identity/claims.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const PROVIDER: Person = {
  user: 'demo-provider-sh-foreign-affairs',
  name: '演示用户·上海市外办数据提供方审批人',
  agency: 'sh-foreign-affairs',
  roles: ['provider'],
};
const T0 = Date.UTC(2026, 8, 1, 1, 0, 0);

// Making an RSA key takes up to a second or two: most tests share one folder and its key.
let keyed: string;
beforeAll(async () => {
  keyed = await mkdtemp(join(tmpdir(), 'datarun-issuer-'));
  await createLocalIssuer({ stateDir: keyed }).jwks();
});
afterAll(() => rm(keyed, { recursive: true, force: true }));

/** A folder without a key yet, for the tests about making one. */
let fresh: string;
beforeEach(async () => {
  fresh = await mkdtemp(join(tmpdir(), 'datarun-issuer-'));
});
afterEach(() => rm(fresh, { recursive: true, force: true }));

/** Why verification refused a token: the `unauthorized` message. */
async function refusal(verify: Promise<unknown>): Promise<string> {
  const error = await verify.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatarunError);
  expect((error as DatarunError).code).toBe('unauthorized');
  return (error as DatarunError).problems[0]!.message;
}

/** The issuer's own private key, to sign tokens it would never sign itself. */
async function issuerKey(): Promise<JWK> {
  return JSON.parse(await readFile(join(keyed, 'issuer', 'private-key.json'), 'utf8')) as JWK;
}

async function signWith(jwk: JWK, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: jwk.kid! })
    .sign(await importJWK(jwk, 'RS256'));
}

function claimsAt(nowMs: number, overrides: Record<string, unknown> = {}) {
  const issuedAt = Math.floor(nowMs / 1000);
  return {
    ...idTokenClaims(PROVIDER, {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      tokenId: 'forged-token',
      issuedAt,
      expiresAt: issuedAt + 3600,
    }),
    ...overrides,
  };
}

describe('createLocalIssuer', () => {
  it('issues a token that its verifier turns back into the same person', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    const issued = await issuer.issue(PROVIDER);
    expect(issued.expiresAt).toBe(T0 / 1000 + DEFAULT_TOKEN_HOURS * 3600);
    expect(await issuer.verifier().verify(issued.token)).toEqual({
      ...PROVIDER,
      tokenId: issued.tokenId,
      expiresAt: issued.expiresAt,
    });
  });

  it('writes the claims of a Cognito ID token, signed RS256 with the key of its JWKS', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    const { token, tokenId } = await issuer.issue(PROVIDER, { hours: 1 });
    const { keys } = await issuer.jwks();
    expect(decodeProtectedHeader(token)).toEqual({ alg: 'RS256', kid: keys[0]!.kid });
    expect(decodeJwt(token)).toEqual({
      sub: PROVIDER.user,
      name: PROVIDER.name,
      'custom:agency': PROVIDER.agency,
      'cognito:groups': ['provider'],
      token_use: 'id',
      jti: tokenId,
      iat: T0 / 1000,
      exp: T0 / 1000 + 3600,
      iss: 'datarun-local',
      aud: 'datarun-local',
    });
  });

  it('keeps its private key in the state folder, readable by its owner only', async () => {
    await createLocalIssuer({ stateDir: fresh }).issue(PROVIDER);
    const file = join(fresh, 'issuer', 'private-key.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await issuerKey()).toMatchObject({ kty: 'RSA', alg: 'RS256', d: expect.any(String) });
  });

  it('publishes only the public half of its key', async () => {
    const { keys } = await createLocalIssuer({ stateDir: keyed }).jwks();
    expect(keys).toHaveLength(1);
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use']);
  });

  it('signs with the same key after a restart, so earlier tokens still verify', async () => {
    const { token } = await createLocalIssuer({ stateDir: keyed }).issue(PROVIDER);
    const again = createLocalIssuer({ stateDir: keyed });
    expect((await again.verifier().verify(token)).user).toBe(PROVIDER.user);
  });

  it('makes one key when two issuers start at once on an empty folder', async () => {
    const [a, b] = [createLocalIssuer({ stateDir: fresh }), createLocalIssuer({ stateDir: fresh })];
    const [jwksA, jwksB] = await Promise.all([a.jwks(), b.jwks()]);
    expect(jwksA).toEqual(jwksB);
  });

  it('refuses a token once it expired, with the time, allowing 30 seconds of clock skew', async () => {
    const { token } = await createLocalIssuer({ stateDir: keyed, now: () => T0 }).issue(PROVIDER, {
      hours: 1,
    });
    const at = (ms: number) => createLocalIssuer({ stateDir: keyed, now: () => ms }).verifier();
    const expiry = T0 + 3600_000;
    expect((await at(expiry + 29_000).verify(token)).user).toBe(PROVIDER.user);
    expect(await refusal(at(expiry + 31_000).verify(token))).toBe(
      'the token expired at 2026-09-01T02:00:00Z; sign in again',
    );
  });

  it('refuses a token issued in the future beyond the clock skew', async () => {
    const later = createLocalIssuer({ stateDir: keyed, now: () => T0 + 60_000 });
    const { token } = await later.issue(PROVIDER);
    const now = createLocalIssuer({ stateDir: keyed, now: () => T0 }).verifier();
    expect(await refusal(now.verify(token))).toMatch(
      /issued in the future \(2026-09-01T01:01:00Z\)/,
    );
    const soon = createLocalIssuer({ stateDir: keyed, now: () => T0 + 20_000 });
    expect((await now.verify((await soon.issue(PROVIDER)).token)).user).toBe(PROVIDER.user);
  });

  it('refuses a token signed by another key under its own key id (forged)', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    const { kid } = (await issuer.jwks()).keys[0]!;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT(claimsAt(T0))
      .setProtectedHeader({ alg: 'RS256', kid: kid! })
      .sign(privateKey);
    expect(await refusal(issuer.verifier().verify(forged))).toMatch(/signature is invalid/);
  });

  it('refuses a token of another issuer with the same name: its key is not published here', async () => {
    const other = createLocalIssuer({ stateDir: fresh, now: () => T0 });
    const { token } = await other.issue({ ...PROVIDER, roles: ['admin'] });
    const here = createLocalIssuer({ stateDir: keyed, now: () => T0 }).verifier();
    expect(await refusal(here.verify(token))).toBe(
      'the token signature is invalid: it was signed with a key datarun-local does not publish',
    );
  });

  it('refuses a token whose payload was changed after signing (tampered)', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    const [header, payload, signature] = (await issuer.issue(PROVIDER)).token.split('.');
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<
      string,
      unknown
    >;
    const raised = base64url.encode(JSON.stringify({ ...claims, 'cognito:groups': ['admin'] }));
    expect(await refusal(issuer.verifier().verify(`${header}.${raised}.${signature}`))).toBe(
      'the token signature is invalid: it was changed after signing or not signed by the issuer',
    );
  });

  it('refuses a token for another audience, even signed with its own key', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    await issuer.jwks();
    const token = await signWith(await issuerKey(), claimsAt(T0, { aud: 'another-app' }));
    expect(await refusal(issuer.verifier().verify(token))).toBe(
      'the token is meant for "another-app", not for this platform (datarun-local): wrong audience',
    );
  });

  it('refuses a token from another issuer, even signed with its own key', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    await issuer.jwks();
    const token = await signWith(await issuerKey(), claimsAt(T0, { iss: 'https://evil.example' }));
    expect(await refusal(issuer.verifier().verify(token))).toBe(
      'the token was issued by "https://evil.example", not by datarun-local: wrong issuer',
    );
  });

  it('refuses an unsigned token (alg none)', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const payload = base64url.encode(JSON.stringify(claimsAt(T0)));
    expect(await refusal(issuer.verifier().verify(`${header}.${payload}.`))).toBe(
      'the token is signed with "none"; only RS256 is accepted',
    );
  });

  it('refuses an HS256 token keyed with its public key (algorithm confusion)', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    const publicJwk = (await issuer.jwks()).keys[0]!;
    const secret = new TextEncoder().encode(JSON.stringify(publicJwk));
    const token = await new SignJWT(claimsAt(T0))
      .setProtectedHeader({ alg: 'HS256', kid: publicJwk.kid! })
      .sign(secret);
    expect(await refusal(issuer.verifier().verify(token))).toBe(
      'the token is signed with "HS256"; only RS256 is accepted',
    );
  });

  it('refuses what is not a JWT at all, saying it is malformed', async () => {
    const verifier = createLocalIssuer({ stateDir: keyed }).verifier();
    for (const token of ['', 'drk_abc', 'a.b', 'a.b.c.d', '!!.??.**'])
      expect(await refusal(verifier.verify(token))).toMatch(/^the token is malformed/);
    expect(await refusal(verifier.verify('eyJub3QganNvbg.e30.'))).toMatch(
      /^the token is malformed/,
    );
  });

  it('refuses a signed token that is not an ID token', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed, now: () => T0 });
    await issuer.jwks();
    const token = await signWith(await issuerKey(), claimsAt(T0, { token_use: 'access' }));
    expect(await refusal(issuer.verifier().verify(token))).toMatch(/not an ID token/);
  });

  it('refuses to issue for a bad person or a bad lifetime', async () => {
    const issuer = createLocalIssuer({ stateDir: keyed });
    for (const hours of [0, -1, 169, Number.NaN])
      await expect(issuer.issue(PROVIDER, { hours })).rejects.toThrow(
        /a token lasts more than 0 and at most 168 hours/,
      );
    await expect(issuer.issue({ ...PROVIDER, roles: [] })).rejects.toThrow(/roles/);
    await expect(issuer.issue({ ...PROVIDER, agency: 'Not A Code' })).rejects.toThrow(/agency/);
  });

  it('says which file to delete when the stored key is broken', async () => {
    await createLocalIssuer({ stateDir: fresh }).jwks();
    const file = join(fresh, 'issuer', 'private-key.json');
    await writeFile(file, '{"kty":"RSA"}');
    await expect(createLocalIssuer({ stateDir: fresh }).issue(PROVIDER)).rejects.toThrow(
      `${file}: the local issuer's key is not a private RSA JSON Web Key with a kid; delete the file`,
    );
  });
});
