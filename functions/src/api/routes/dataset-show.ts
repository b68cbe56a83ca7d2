import type { Context } from 'hono';
import { DatarunError, problem } from '../../core/errors.ts';
import { isPubliclyListed } from '../../core/catalog/zone.ts';
import { ok } from '../envelope.ts';
import type { ApiDeps } from '../app.ts';

/** `GET /api/v1/datasets/{code}`: a published, publicly listed entry and its versions. */
export async function datasetShow(c: Context, { stores }: ApiDeps) {
  const slug = c.req.param('slug') ?? '';
  const code = decodeURIComponent(slug).replace('-', '/');
  const record = /^[0-9A-Z]{1,20}\/[0-9]{6}$/.test(code)
    ? await stores.catalog.get(code)
    : undefined;
  if (!record || record.status !== 'published' || !isPubliclyListed(record))
    throw new DatarunError(problem('not-found', `no dataset ${code}`, { field: 'code' }));
  const versions = record.zone === 'open' ? await stores.versions.list(code) : [];
  const { metadataSha256: _hash, revision: _revision, ...entry } = record;
  return ok(c, {
    ...entry,
    versions: versions
      .filter((v) => record.currentVersion !== undefined && v.version <= record.currentVersion)
      .map(({ claim: _claim, ...version }) => version),
  });
}
