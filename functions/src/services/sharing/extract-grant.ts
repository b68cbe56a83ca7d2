import { DatarunError, problem } from '../../core/errors.ts';
import { CsvParser } from '../../core/ingest/csv-parser.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { distributionKey } from '../../core/publish/object-keys.ts';
import { ColumnExtractor } from '../../core/sharing/extract-columns.ts';
import { shanghaiDay } from '../../core/calendar/working-calendar.ts';
import { isVerifyRequest } from '../../core/verify/verify-grant.ts';
import { guard } from './guard.ts';
import { resourceOf, shareEntry } from './share-request-entry.ts';
import type { SharingDeps } from './sharing-deps.ts';
import { loadShareRequest } from './step-share-request.ts';

/** How long an extract's link works: well inside the 15 minutes the rules allow. */
export const EXTRACT_LINK_SECONDS = 600;

/** The label (数据标签) every extract carries, in its metadata and in a sidecar file. */
export type ExtractLabel = {
  grant: string;
  request: string;
  code: string;
  version: number;
  fields: string[];
  requester: { agency: string; user: string; name: string };
  issuedAt: string;
  expiresOn: string;
};

export type Extract = {
  url: string;
  expiresAt: string;
  fileName: string;
  rows: number;
  fields: string[];
  label: ExtractLabel;
};

const grantPrefix = (grant: string) => `grants/${grant}/`;

/**
 * The consumer's download of an approved grant: the latest version's rows with only the
 * granted fields, written to the shared bucket under the grant with its label, and handed out
 * through a presigned link. Each extract is audited.
 */
export async function extractGrant(
  deps: SharingDeps,
  identity: Identity | undefined,
  id: string,
): Promise<Extract> {
  const request = await loadShareRequest(deps, id);
  const { entry } = await shareEntry(deps, request.input.code);
  const resource = resourceOf(entry, request);
  const actor = await guard(deps, identity, 'grant.download', resource, `share-request:${id}`);
  const nowMs = deps.now();
  if (isVerifyRequest(request)) {
    // The service answers match or no match; handing out the rows would defeat it.
    const reason = `share request ${id} grants the verification service of ${entry.code}, which never gives out data; call POST /api/v1/verify/${entry.code}, or ask for the data in a share request without "service"`;
    await deps.audit.append({
      at: new Date(nowMs).toISOString(),
      actor,
      action: 'grant.download',
      subject: `share-request:${id}`,
      outcome: 'denied',
      reason,
    });
    throw new DatarunError(problem('forbidden', reason, { field: 'id' }));
  }
  const grant = request.grant;
  if (request.state !== 'approved' || !grant)
    throw new DatarunError(
      problem('conflict', `share request ${id} is ${request.state}: there is no active grant`),
    );
  if (shanghaiDay(nowMs) > grant.expiresOn)
    throw new DatarunError(
      problem('conflict', `the grant ${grant.id} expired after ${grant.expiresOn}`),
    );
  const latest = entry.latest;
  if (!latest)
    throw new DatarunError(
      problem('conflict', `${entry.code} has no published data yet; the grant has nothing to give`),
    );

  const zone = resource.zone!;
  const source = distributionKey(zone, entry.code, latest.version, 'csv');
  const stream = await deps.objects.getStream(zone, source);
  if (!stream)
    throw new DatarunError(
      problem('storage', `version ${latest.version} of ${entry.code} is missing (${source})`),
    );
  const extractor = new ColumnExtractor(grant.fields, source);
  const parser = new CsvParser({ file: source });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of stream as AsyncIterable<Uint8Array>)
    parser.push(decoder.decode(chunk, { stream: true }), extractor.push);
  parser.push(decoder.decode(), extractor.push);
  parser.end(extractor.push);

  const issuedAt = new Date(nowMs).toISOString();
  const label: ExtractLabel = {
    grant: grant.id,
    request: request.id,
    code: entry.code,
    version: latest.version,
    fields: extractor.columns,
    requester: { agency: actor.agency, user: actor.user, name: actor.name },
    issuedAt,
    expiresOn: grant.expiresOn,
  };
  const folder = `${grantPrefix(grant.id)}${issuedAt.replace(/[-:.]/g, '')}/`;
  const fileName = `${entry.code.replace('/', '-')}-v${latest.version}-${grant.id}.csv`;
  await deps.objects.putText(
    'shared',
    `${folder}data.csv`,
    extractor.text(),
    'text/csv; charset=utf-8',
    {
      'datarun-grant': grant.id,
      'datarun-request': request.id,
      'datarun-code': entry.code.replace('/', '-'),
      'datarun-version': String(latest.version),
      'datarun-requester-agency': actor.agency,
      'datarun-requester-user': encodeURIComponent(actor.user),
      'datarun-issued-at': issuedAt,
    },
  );
  await deps.objects.putText(
    'shared',
    `${folder}label.json`,
    `${JSON.stringify(label, null, 2)}\n`,
    'application/json',
  );
  const url = await deps.objects.presignGet('shared', `${folder}data.csv`, {
    expiresInSeconds: EXTRACT_LINK_SECONDS,
    fileName,
  });
  await deps.audit.append({
    at: issuedAt,
    actor,
    action: 'grant.download',
    subject: `share-request:${id}`,
    outcome: 'ok',
    details: {
      grant: grant.id,
      code: entry.code,
      version: latest.version,
      fields: extractor.columns,
      rows: extractor.rows,
      key: `${folder}data.csv`,
    },
  });
  return {
    url,
    expiresAt: new Date(nowMs + EXTRACT_LINK_SECONDS * 1000).toISOString(),
    fileName,
    rows: extractor.rows,
    fields: extractor.columns,
    label,
  };
}

/** Deletes every extract of a grant: presigned links already handed out stop working. */
export async function deleteExtracts(
  deps: Pick<SharingDeps, 'objects'>,
  grant: string,
): Promise<number> {
  const keys = await deps.objects.list('shared', grantPrefix(grant));
  for (const key of keys) await deps.objects.delete('shared', key);
  return keys.length;
}
