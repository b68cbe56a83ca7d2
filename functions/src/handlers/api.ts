import { handle } from 'hono/aws-lambda';
import { configFromEnv, rateLimitsFromEnv } from '../config.ts';
import { createStores } from '../adapters/index.ts';
import { createApi } from '../api/app.ts';

const stores = createStores(configFromEnv(process.env));

/** Lambda entry point of the API: the same Hono app `datarun start` serves. */
export const handler = handle(
  createApi({ stores, access: { stores, limits: rateLimitsFromEnv(process.env) } }),
);
