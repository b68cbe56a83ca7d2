import { randomUUID } from 'node:crypto';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Stores } from '../../adapters/index.ts';
import type { CatalogRecord } from '../../core/schemas/catalog-entry.ts';
import type { DatasetVersion } from '../../core/schemas/dataset-version.ts';
import { MEDIA_TYPES } from '../../core/schemas/distribution.ts';
import type { Zone } from '../../core/schemas/vocabulary.ts';
import { distributionKey, schemaKey } from '../../core/publish/object-keys.ts';
import { planVersion } from '../../core/publish/version-plan.ts';
import type { ProcessedDataset } from './process-dataset.ts';

/** Test hooks that stop a run at a chosen point, as a crash would. */
export type Faults = { afterObjectsWritten?: (code: string) => void | Promise<void> };

/**
 * Writes a processed dataset as a new immutable version: claim the version number, write the
 * objects, and only then let the caller move the catalog pointer. Returns `undefined` when
 * the live version already holds this input.
 */
export async function writeVersion(args: {
  stores: Stores;
  code: string;
  zone: Zone;
  current: CatalogRecord | undefined;
  processed: ProcessedDataset;
  now: Date;
  faults?: Faults;
  /** What a correction's version corrects (see publish-correction.ts). */
  corrects?: DatasetVersion['corrects'];
}): Promise<DatasetVersion | undefined> {
  const { stores, code, zone, current, processed, now } = args;
  const live = current?.currentVersion;
  const liveVersion = live !== undefined ? await stores.versions.get(code, live) : undefined;
  const pending = await stores.versions.get(code, (live ?? 0) + 1);
  const plan = planVersion({
    current: live,
    currentInput: liveVersion?.inputSha256,
    pending,
    inputSha256: processed.inputSha256,
    now,
  });
  if (plan.kind === 'unchanged') return undefined;
  if (plan.kind === 'busy')
    throw new DatarunError(
      problem(
        'conflict',
        `another run has been writing version ${plan.version} of ${code} since ${plan.since}; try again later`,
      ),
    );

  const version: DatasetVersion = {
    code,
    version: plan.version,
    zone,
    inputSha256: processed.inputSha256,
    createdAt: now.toISOString(),
    source: processed.source,
    rowCount: processed.rowCount,
    schema: processed.schema,
    distributions: processed.files.map((file) => ({
      format: file.format,
      mediaType: MEDIA_TYPES[file.format],
      key: distributionKey(zone, code, plan.version, file.format),
      bytes: file.bytes,
      sha256: file.sha256,
    })),
    claim: { token: randomUUID(), at: now.toISOString() },
    ...(args.corrects && { corrects: args.corrects }),
  };
  if (plan.kind === 'claim') await stores.versions.claim(version);
  else await stores.versions.takeOver(version, plan.previous.claim.token);

  for (const file of processed.files)
    await stores.objects.putFile(
      zone,
      distributionKey(zone, code, plan.version, file.format),
      file.path,
      {
        sha256: file.sha256,
        contentType: MEDIA_TYPES[file.format],
      },
    );
  await stores.objects.putText(
    zone,
    schemaKey(zone, code, plan.version),
    JSON.stringify(processed.schema, null, 2),
    'application/json',
  );
  await args.faults?.afterObjectsWritten?.(code);
  return version;
}
