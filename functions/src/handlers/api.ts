import { handle } from 'hono/aws-lambda';
import { authFromEnv, configFromEnv, rateLimitsFromEnv } from '../config.ts';
import {
  createDemandDeps,
  createDisputeDeps,
  createInventoryDeps,
  createSharingDeps,
  createStores,
  createVerifyDeps,
} from '../adapters/index.ts';
import { verifierFromEnv } from '../adapters/identity/token-verifier.ts';
import { createApi } from '../api/app.ts';

const stores = createStores(configFromEnv(process.env));
const cognito = authFromEnv(process.env);

/** Lambda entry point of the API: the same Hono app `datarun start` serves. */
export const handler = handle(
  createApi({
    stores,
    access: { stores, limits: rateLimitsFromEnv(process.env) },
    sharing: createSharingDeps(stores),
    disputes: createDisputeDeps(stores),
    verify: createVerifyDeps(stores),
    demands: createDemandDeps(stores),
    inventory: createInventoryDeps(stores),
    auth: {
      verifier: verifierFromEnv(process.env),
      revoked: stores.revokedTokens,
      signIn: { mode: 'cognito', ...cognito },
    },
  }),
);
