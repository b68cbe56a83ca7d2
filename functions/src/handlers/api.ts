import { handle } from 'hono/aws-lambda';
import { configFromEnv } from '../config.ts';
import { createStores } from '../adapters/index.ts';
import { createApi } from '../api/app.ts';

/** Lambda entry point of the API: the same Hono app `datarun start` serves. */
export const handler = handle(createApi({ stores: createStores(configFromEnv(process.env)) }));
