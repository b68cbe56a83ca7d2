import * as z from 'zod';
import { computeZone } from '../../core/catalog/zone.ts';
import { decideSharedDownload } from '../../core/access/shared-download.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { codeSlug, distributionKey } from '../../core/publish/object-keys.ts';
import { DISTRIBUTION_FORMATS } from '../../core/schemas/distribution.ts';
import type { DistributionFormat } from '../../core/schemas/distribution.ts';
import type { SnapshotEntry } from '../../core/schemas/catalog-snapshot.ts';
import type { Zone } from '../../core/schemas/vocabulary.ts';
import type { Caller } from '../caller.ts';
import { codeOf } from '../dataset-views.ts';
import { defineRoute } from '../route.ts';
import type { RouteAnswer, RouteContext } from '../route.ts';

/** How long a presigned link to shared data works: short, well under the 15-minute cap. */
export const PRESIGNED_SECONDS = 300;

const notFound = (code: string) =>
  new DatarunError(
    problem('not-found', `no public dataset ${JSON.stringify(code)}`, { field: 'code' }),
  );

/** `GET /api/v1/datasets/{code}/download`: where the bytes of one version in one format are. */
export const datasetDownload = defineRoute({
  path: '/api/v1/datasets/{code}/download',
  operationId: 'dataset_download',
  summary: 'Download one version of a dataset',
  description: `Redirects (302) to the file. Open data: to its permanent address under /open/ on the CDN, for any version ever published. Shared data: only for a key the operator bound to the providing agency, to a presigned link that works for ${PRESIGNED_SECONDS / 60} minutes; other callers get the 404 an unknown code gets, or a 403 when their key belongs to another agency. Other agencies ask for shared data with a share request (POST /api/v1/share-requests) and download the granted fields as an extract.`,
  params: z.strictObject({
    code: z.string().describe('Entry code, URL-encoded (103%2F000004), or its slug (103-000004)'),
  }),
  query: z.strictObject({
    format: z
      .enum(DISTRIBUTION_FORMATS, { error: `expected one of ${DISTRIBUTION_FORMATS.join(', ')}` })
      .default('csv')
      .describe('File format'),
    version: z.coerce
      .number({ error: 'expected a version number' })
      .int({ error: 'expected a whole version number' })
      .positive({ error: 'expected a version number from 1' })
      .optional()
      .describe('Version number, as listed in the entry’s versions; the latest by default'),
  }),
  answer: z.never(),
  answerName: 'DatasetDownloadAnswer',
  status: 302,
  maxAge: 60,
  errors: [403, 404, 503],
  async handle({ params, query, caller }, context) {
    const code = codeOf(params.code);
    const listed = (await context.catalog()).index.byCode.get(code);
    if (listed && listed.versions.length > 0) return redirectToOpen(listed, query, context);
    // Without an agency key the share catalog is not even read: the answer cannot depend on it.
    if (caller.key?.agency) return redirectToShared(code, params.code, query, caller, context);
    if (listed) throw noOpenData(listed);
    throw notFound(params.code);
  },
});

/** Why a publicly listed entry offers nothing to download. */
function noOpenData(entry: SnapshotEntry): DatarunError {
  const message =
    entry.hasData && entry.openType === '有条件开放'
      ? `${entry.code} is opened on condition (有条件开放): its data is given on request, not downloaded here`
      : `${entry.code} has no published open data yet`;
  return new DatarunError(problem('not-found', message, { field: 'code' }));
}

type Wanted = { format: DistributionFormat; version?: number | undefined };

async function redirectToOpen(
  entry: SnapshotEntry,
  wanted: Wanted,
  { objects }: RouteContext,
): Promise<RouteAnswer> {
  const { key } = await locate(entry, wanted, 'open', objects);
  return { redirect: `/${key}` };
}

async function redirectToShared(
  code: string,
  asGiven: string,
  wanted: Wanted,
  caller: Caller,
  context: RouteContext,
): Promise<RouteAnswer> {
  const { shareCatalog, objects } = context;
  const entry = (await shareCatalog()).index.byCode.get(code);
  if (!entry) throw notFound(asGiven);
  const decision = decideSharedDownload(caller.key ?? {}, { ...entry, zone: computeZone(entry) });
  if (!decision.allow) {
    if (decision.status === 404) throw notFound(asGiven);
    throw new DatarunError(problem('forbidden', decision.reason, { field: 'code' }));
  }
  const { key, version } = await locate(entry, wanted, 'shared', objects);
  const url = await objects.presignGet('shared', key, {
    expiresInSeconds: PRESIGNED_SECONDS,
    fileName: `${codeSlug(code)}-v${version}.${wanted.format}`,
  });
  // Who took shared data out, and which: the audit log keeps it.
  const agency = caller.key?.agency ?? 'unknown';
  await context.record({
    at: new Date().toISOString(),
    actor: {
      user: caller.key?.id ?? 'unknown',
      name: `API key of ${agency}`,
      agency,
      role: 'provider',
    },
    action: 'dataset.download-shared',
    subject: `dataset:${code}`,
    outcome: 'ok',
    details: { version, format: wanted.format },
  });
  return { redirect: url, cache: 'no-store' };
}

/** The object of the wanted version and format, checked to exist in the zone's bucket. */
async function locate(
  entry: SnapshotEntry,
  wanted: Wanted,
  zone: Zone,
  objects: RouteContext['objects'],
): Promise<{ key: string; version: number }> {
  if (entry.versions.length === 0)
    throw new DatarunError(
      problem('not-found', `${entry.code} has no published data yet`, { field: 'code' }),
    );
  const version = wanted.version ?? entry.versions.at(-1)!.version;
  if (!entry.versions.some((v) => v.version === version))
    throw new DatarunError(
      problem(
        'not-found',
        `${entry.code} has no version ${version}; its versions are ${entry.versions.map((v) => v.version).join(', ')}`,
        { field: 'version' },
      ),
    );
  const key = distributionKey(zone, entry.code, version, wanted.format);
  if (!(await objects.head(zone, key)))
    throw new DatarunError(
      problem(
        'not-found',
        `version ${version} of ${entry.code} has no ${wanted.format} file here`,
        { field: 'format' },
      ),
    );
  return { key, version };
}
