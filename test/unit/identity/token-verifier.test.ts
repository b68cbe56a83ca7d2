import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { CryptoKey, JSONWebKeySet } from 'jose';
import {
  createTokenVerifier,
  verifierFromEnv,
} from '../../../functions/src/adapters/identity/token-verifier.ts';
import { idTokenClaims } from '../../../functions/src/core/identity/claims.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const NOW = Date.UTC(2026, 8, 1, 1, 0, 0);
const CLIENT_ID = '3n4example0clientid0abcdef';
const REVIEWER = {
  user: '7c1e4f00-0000-4000-8000-0000000000aa',
  name: '平台受理审核员',
  agency: 'zj-big-data',
  roles: ['reviewer' as const],
};

let privateKey: CryptoKey;
let jwks: JSONWebKeySet;
let server: Server;
let issuer: string;
let fetches = 0;

/** A user pool on loopback: it publishes its JWKS where Cognito does, under the issuer URL. */
beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  const publicJwk = await exportJWK(pair.publicKey);
  jwks = {
    keys: [
      { ...publicJwk, kid: await calculateJwkThumbprint(publicJwk), alg: 'RS256', use: 'sig' },
    ],
  };
  server = createServer((request, response) => {
    if (request.url !== '/eu-west-1_AbCdEf123/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/eu-west-1_AbCdEf123`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function cognitoToken(overrides: Record<string, unknown> = {}): Promise<string> {
  const claims = idTokenClaims(REVIEWER, {
    issuer,
    audience: CLIENT_ID,
    tokenId: 'jti-1',
    issuedAt: NOW / 1000,
    expiresAt: NOW / 1000 + 3600,
  });
  return new SignJWT({ ...claims, auth_time: NOW / 1000, ...overrides })
    .setProtectedHeader({ alg: 'RS256', kid: jwks.keys[0]!.kid! })
    .sign(privateKey);
}

describe('createTokenVerifier', () => {
  it("verifies a user pool's ID token against the JWKS fetched from its URL, once", async () => {
    const verifier = createTokenVerifier({
      issuer,
      audience: CLIENT_ID,
      keys: `${issuer}/.well-known/jwks.json`,
      now: () => NOW,
    });
    const before = fetches;
    expect(await verifier.verify(await cognitoToken())).toEqual({
      ...REVIEWER,
      tokenId: 'jti-1',
      expiresAt: NOW / 1000 + 3600,
    });
    await verifier.verify(await cognitoToken({ jti: 'jti-2' }));
    expect(fetches - before).toBe(1);
  });

  it('verifies against a key set given directly', async () => {
    const verifier = createTokenVerifier({
      issuer,
      audience: CLIENT_ID,
      keys: jwks,
      now: () => NOW,
    });
    expect((await verifier.verify(await cognitoToken())).roles).toEqual(['reviewer']);
  });

  it('refuses a token without iat or exp, naming the claim', async () => {
    const verifier = createTokenVerifier({
      issuer,
      audience: CLIENT_ID,
      keys: jwks,
      now: () => NOW,
    });
    for (const claim of ['iat', 'exp']) {
      const error = await verifier
        .verify(await cognitoToken({ [claim]: undefined }))
        .catch((e: unknown) => e);
      expect((error as DatarunError).problems[0]).toMatchObject({
        code: 'unauthorized',
        message: `the token has no ${claim} claim`,
      });
    }
  });

  it('answers 503-worthy "storage" when the keys cannot be fetched, not a refusal of the token', async () => {
    const verifier = createTokenVerifier({
      issuer,
      audience: CLIENT_ID,
      keys: `${issuer}/missing/jwks.json`,
      now: () => NOW,
    });
    const error = await verifier.verify(await cognitoToken()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as DatarunError).code).toBe('storage');
    expect((error as DatarunError).message).toMatch(/signing keys of .* could not be fetched/);
  });
});

describe('verifierFromEnv', () => {
  const POOL = 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123';

  it('builds a verifier from the issuer URL and the app client id', () => {
    const verifier = verifierFromEnv({
      DATARUN_AUTH_ISSUER: POOL,
      DATARUN_AUTH_AUDIENCE: CLIENT_ID,
    });
    expect(typeof verifier.verify).toBe('function');
  });

  it('names every missing variable and what it should hold', () => {
    expect(() => verifierFromEnv({})).toThrow(
      'missing environment variables: DATARUN_AUTH_ISSUER (the user pool issuer: https://cognito-idp.{region}.amazonaws.com/{poolId}), DATARUN_AUTH_AUDIENCE (the user pool app client id)',
    );
    expect(() =>
      verifierFromEnv({ DATARUN_AUTH_ISSUER: POOL, DATARUN_AUTH_AUDIENCE: ' ' }),
    ).toThrow(/^missing environment variables: DATARUN_AUTH_AUDIENCE/);
  });

  it('turns the common mistakes into the value to set', () => {
    const withIssuer = (value: string) => () =>
      verifierFromEnv({ DATARUN_AUTH_ISSUER: value, DATARUN_AUTH_AUDIENCE: CLIENT_ID });
    expect(withIssuer('eu-west-1_AbCdEf123')).toThrow(`bare pool id; give the issuer URL ${POOL}`);
    expect(withIssuer(`${POOL}/`)).toThrow(
      `must not end with "/": tokens carry the issuer without it (${POOL})`,
    );
    expect(withIssuer(POOL.replace('https', 'http'))).toThrow(/must be an https URL/);
    expect(withIssuer('cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123')).toThrow(
      /is not a URL; expected https:\/\/cognito-idp/,
    );
  });
});
