import { Hono } from 'hono';
import type { Stores } from '../adapters/index.ts';
import { fail, toHttp } from './envelope.ts';
import { datasetShow } from './routes/dataset-show.ts';
import { agencyList } from './routes/agency-list.ts';

export type ApiDeps = { stores: Stores };

/** The API: one Hono app, served by Lambda on AWS and by `datarun start` locally. */
export function createApi(deps: ApiDeps): Hono {
  const app = new Hono();
  app.get('/api/v1/datasets/:slug', (c) => datasetShow(c, deps));
  app.get('/api/v1/agencies', (c) => agencyList(c, deps));
  app.notFound((c) => fail(c, 404, `no route ${c.req.method} ${c.req.path}`));
  app.onError((error, c) => toHttp(c, error));
  return app;
}
