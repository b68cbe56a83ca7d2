import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedStorage } from '../../../functions/src/local/embedded-storage.ts';
import type { EmbeddedStorage } from '../../../functions/src/local/embedded-storage.ts';
import { DynamoRevokedTokens } from '../../../functions/src/adapters/dynamodb/revoked-tokens.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import type { LocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';
import { createTokenVerifier } from '../../../functions/src/adapters/identity/token-verifier.ts';
import type { TokenVerifier } from '../../../functions/src/adapters/identity/token-verifier.ts';
import { identityMiddleware, identityOf } from '../../../functions/src/api/identity-middleware.ts';
import type { RevokedTokens } from '../../../functions/src/core/ports/revoked-tokens.ts';

const CONSUMER = {
  user: 'demo-consumer-sh-civil-affairs',
  name: '演示用户·上海市民政局共享申请人',
  agency: 'sh-civil-affairs',
  roles: ['consumer' as const],
};

let storage: EmbeddedStorage;
let stateDir: string;
let issuer: LocalIssuer;
let revoked: DynamoRevokedTokens;

beforeAll(async () => {
  storage = await startEmbeddedStorage();
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-identity-'));
  issuer = createLocalIssuer({ stateDir });
  revoked = new DynamoRevokedTokens(storage.clients.dynamodb, storage.config.tables.revokedTokens);
});
afterAll(async () => {
  await storage.stop();
  await rm(stateDir, { recursive: true, force: true });
});

/** An API with one route that says who is calling. */
function api(
  deps: { verifier?: TokenVerifier; revoked?: RevokedTokens; warn?: (m: string) => void } = {},
) {
  const app = new Hono();
  app.use(
    '/api/*',
    identityMiddleware({
      verifier: deps.verifier ?? issuer.verifier(),
      revoked: deps.revoked ?? revoked,
      ...(deps.warn && { warn: deps.warn }),
    }),
  );
  app.get('/api/v1/whoami', (c) => c.json({ identity: identityOf(c) ?? null }));
  return app;
}

async function call(app: Hono, authorization?: string) {
  const response = await app.request('/api/v1/whoami', {
    headers: authorization === undefined ? {} : { Authorization: authorization },
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    challenge: response.headers.get('WWW-Authenticate'),
    cache: response.headers.get('Cache-Control'),
  };
}

describe('identityMiddleware', () => {
  it('lets a request without Authorization through, with no identity', async () => {
    expect(await call(api())).toMatchObject({ status: 200, body: { identity: null } });
  });

  it('gives routes the identity of a valid token', async () => {
    const { token, tokenId, expiresAt } = await issuer.issue(CONSUMER);
    expect(await call(api(), `Bearer ${token}`)).toMatchObject({
      status: 200,
      body: { identity: { ...CONSUMER, tokenId, expiresAt } },
    });
    expect((await call(api(), `bearer  ${token}`)).status).toBe(200);
  });

  it('answers 401 at once for a token that is not valid, saying why, in the error envelope', async () => {
    const { token } = await issuer.issue(CONSUMER);
    const tampered = `${token.slice(0, -6)}AAAAAA`;
    const answer = await call(api(), `Bearer ${tampered}`);
    expect(answer).toMatchObject({
      status: 401,
      cache: 'no-store',
      body: {
        ok: false,
        status: 401,
        error: expect.stringMatching(/^the token signature is invalid/),
        errors: [
          {
            code: 'unauthorized',
            field: 'Authorization',
            message: expect.stringMatching(/signature is invalid/),
          },
        ],
      },
    });
    expect(answer.challenge).toMatch(
      /^Bearer error="invalid_token", error_description="the token signature is invalid/,
    );
  });

  it('answers 401 for an expired token, with the time it expired', async () => {
    const { token, expiresAt } = await issuer.issue(CONSUMER, { hours: 1 });
    const later = createLocalIssuer({ stateDir, now: () => (expiresAt + 3600) * 1000 });
    const answer = await call(api({ verifier: later.verifier() }), `Bearer ${token}`);
    expect(answer.status).toBe(401);
    expect(answer.body.error).toBe(
      `the token expired at ${new Date(expiresAt * 1000).toISOString().replace('.000Z', 'Z')}; sign in again`,
    );
  });

  it('answers 401 for an Authorization header that is not a Bearer token', async () => {
    for (const header of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer ', 'token abc', 'Bearer a b'])
      expect(await call(api(), header), header).toMatchObject({
        status: 401,
        challenge: expect.stringContaining('error="invalid_token"'),
        body: { error: expect.stringMatching(/must be "Bearer <token>"/) },
      });
  });

  it('refuses a token replayed after its owner signed out', async () => {
    const app = api();
    const { token, tokenId, expiresAt } = await issuer.issue(CONSUMER);
    expect((await call(app, `Bearer ${token}`)).status).toBe(200);
    await revoked.revoke(tokenId, expiresAt);
    expect(await call(app, `Bearer ${token}`)).toMatchObject({
      status: 401,
      body: { error: 'this token was signed out; sign in again for a new one' },
    });
    const fresh = await issuer.issue(CONSUMER);
    expect((await call(app, `Bearer ${fresh.token}`)).status).toBe(200);
  });

  it('answers 503, not 200, when the signed-out list cannot be read', async () => {
    const broken = new DynamoRevokedTokens(storage.clients.dynamodb, 'no-such-table');
    const { token } = await issuer.issue(CONSUMER);
    const warnings: string[] = [];
    const app = api({ revoked: broken, warn: (message) => warnings.push(message) });
    expect(await call(app, `Bearer ${token}`)).toMatchObject({
      status: 503,
      body: { errors: [{ code: 'storage' }] },
    });
    expect(warnings).toEqual([expect.stringMatching(/^signed-out tokens cannot be checked: /)]);
  });

  it('answers 503 when the issuer keys cannot be fetched, without blaming the token', async () => {
    const unreachable = createTokenVerifier({
      issuer: 'datarun-local',
      audience: 'datarun-local',
      keys: 'http://127.0.0.1:9/.well-known/jwks.json',
    });
    const { token } = await issuer.issue(CONSUMER);
    const answer = await call(api({ verifier: unreachable }), `Bearer ${token}`);
    expect(answer.status).toBe(503);
    expect(answer.challenge).toBeNull();
  });
});
