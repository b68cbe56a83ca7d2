import { handle } from 'hono/aws-lambda';
import { authFromEnv, configFromEnv, rateLimitsFromEnv } from '../config.ts';
import { createDisputeDeps, createSharingDeps, createStores } from '../adapters/index.ts';
import { verifierFromEnv } from '../adapters/identity/token-verifier.ts';
import { createApi } from '../api/app.ts';
import { correctionPublisher } from '../services/disputes/publish-correction.ts';

const config = configFromEnv(process.env);
const stores = createStores(config);
const cognito = authFromEnv(process.env);

/**
 * Lambda entry point of `POST /api/v1/disputes/{id}/correct`: the same Hono app as the API
 * function, with the publish pipeline (DuckDB, from the layer) that a correction runs. API
 * Gateway sends it that one route; the API function stays small.
 */
export const handler = handle(
  createApi({
    stores,
    access: { stores, limits: rateLimitsFromEnv(process.env) },
    sharing: createSharingDeps(stores),
    disputes: createDisputeDeps(stores),
    corrections: correctionPublisher({ stores, tmpDir: '/tmp', site: config }),
    auth: {
      verifier: verifierFromEnv(process.env),
      revoked: stores.revokedTokens,
      signIn: { mode: 'cognito', ...cognito },
    },
  }),
);
