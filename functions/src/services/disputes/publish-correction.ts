import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Stores } from '../../adapters/index.ts';
import type { PublicSite } from '../../config.ts';
import { applyEdits } from '../../core/disputes/apply-edits.ts';
import type { CorrectionEdit } from '../../core/disputes/apply-edits.ts';
import type { Correction, Dispute } from '../../core/disputes/dispute.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import { csvLine } from '../../core/ingest/row-writers.ts';
import type { CatalogEntry, CatalogRecord } from '../../core/schemas/catalog-entry.ts';
import type { DatasetVersion } from '../../core/schemas/dataset-version.ts';
import { writeVersion } from '../publish/commit-version.ts';
import { datasetInputHash } from '../publish/input-hash.ts';
import { processDataset } from '../publish/process-dataset.ts';
import { writeSnapshots } from '../publish/write-snapshots.ts';
import { publishCorrectionsLog } from './publish-corrections-log.ts';
import { publishQualityReport } from '../quality/publish-quality-report.ts';
import { readVersionTable } from './version-table.ts';

export type CorrectionArgs = {
  stores: Stores;
  /** Where the corrected CSV and its distributions are made; a fresh folder is removed after. */
  tmpDir: string;
  dispute: Dispute;
  edits: readonly CorrectionEdit[];
  /** Why, in the provider's words; kept with the new version. */
  note?: string;
  now: Date;
  /** The public origin and contact the catalog exports name; by default from the environment. */
  site?: PublicSite;
};

/** The Table Schema of a correction's input: the published one of the version it corrects. */
const SCHEMA_FILE = 'schema.json';

/**
 * Publishes a provider's correction of a disputed cell as a new version of the entry: the
 * latest version's rows with the edits applied, checked and converted by the same pipeline as
 * any publish (same Table Schema, so types stay the same, and the same personal-data gate for
 * open data), then the catalog pointer moved, the snapshots, exports and corrections log
 * rewritten. A correction that is refused (see applyEdits) or fails a check writes nothing.
 * The dispute itself is left to its state machine: the caller records the returned correction.
 */
export async function publishCorrection(args: CorrectionArgs): Promise<Correction> {
  const { stores, dispute, now } = args;
  const code = dispute.input.code;
  const record = await stores.catalog.get(code);
  if (!record || record.status !== 'published' || record.currentVersion === undefined)
    throw new DatarunError(
      problem(
        'conflict',
        `${code} has no published data to correct; it is ${record?.status ?? 'not in the catalog'}`,
        {
          field: 'code',
        },
      ),
    );
  const base = await stores.versions.get(code, record.currentVersion);
  if (!base)
    throw new DatarunError(
      problem('storage', `version ${record.currentVersion} of ${code} is missing; publish again`),
    );
  const table = await readVersionTable(stores.objects, base);
  const applied = applyEdits(table, dispute, args.edits, base.schema.fields);

  const work = await mkdtemp(join(args.tmpDir, 'datarun-correction-'));
  try {
    const dataFile = join(work, 'corrected.csv');
    await writeFile(dataFile, [table.columns, ...applied.rows].map(csvLine).join(''));
    const entry = correctionEntry(record, base);
    const schemaText = JSON.stringify(base.schema);
    const processed = await processDataset({
      entry,
      entryFile: `dispute ${dispute.id}`,
      dataFile,
      dataFileName: `the correction of version ${base.version} of ${code}`,
      schemaText,
      inputSha256: await datasetInputHash(entry, dataFile, schemaText),
      zone: record.zone,
      today: now.toISOString().slice(0, 10),
      workDir: join(work, 'out'),
    }).catch((error: unknown) => {
      throw asEditProblems(error);
    });
    const version = await writeVersion({
      stores,
      code,
      zone: record.zone,
      current: record,
      processed,
      now,
      corrects: {
        disputes: [dispute.id],
        sourceInputSha256: base.corrects?.sourceInputSha256 ?? base.inputSha256,
        ...(args.note && { note: args.note }),
      },
    });
    if (!version)
      throw new DatarunError(
        problem('conflict', `version ${base.version} of ${code} already holds these values`),
      );
    // The one conditional write that makes the correction live; a publish that moved the
    // pointer meanwhile makes it fail, and the claimed version is taken over by the next run.
    await stores.catalog.save(movedPointer(record, version, now), record.revision);
    const correction: Correction = {
      version: version.version,
      basedOn: base.version,
      changes: applied.changes,
      at: now.toISOString(),
    };
    await writeSnapshots(stores, () => {}, args.site);
    await publishCorrectionsLog(stores, now, [{ ...dispute, state: 'corrected', correction }]);
    return correction;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * What the API calls to correct data, built where the pipeline (DuckDB) may run: `publish`
 * makes the corrected version live; `recorded`, once the dispute says corrected, refreshes the
 * quality figures that count it and tells whoever serves the site that the catalog changed.
 */
export type CorrectionPublisher = {
  publish(request: Pick<CorrectionArgs, 'dispute' | 'edits' | 'note' | 'now'>): Promise<Correction>;
  recorded(): Promise<void>;
};

/** A correction publisher over the given storage; `onRecorded` hears of each correction. */
export function correctionPublisher(
  options: Pick<CorrectionArgs, 'stores' | 'tmpDir' | 'site'> & { onRecorded?: () => void },
): CorrectionPublisher {
  return {
    publish: (request) => publishCorrection({ ...options, ...request }),
    async recorded() {
      await publishQualityReport(options.stores);
      options.onRecorded?.();
    },
  };
}

/**
 * The catalog entry the corrected file is published as: the record's metadata, with the
 * corrected CSV declared exactly (UTF-8, comma, header) and the base version's Table Schema.
 * The source path stays the entry's own, since the version says what it corrects.
 */
function correctionEntry(record: CatalogRecord, base: DatasetVersion): CatalogEntry {
  const {
    zone: _zone,
    metadataSha256: _metadataSha256,
    currentVersion: _currentVersion,
    hasData: _hasData,
    revision: _revision,
    updatedAt: _updatedAt,
    status: _status,
    ...metadata
  } = record;
  return {
    ...metadata,
    status: 'approved',
    data: {
      path: base.source.path,
      schema: SCHEMA_FILE,
      encoding: 'utf-8',
      delimiter: ',',
      header: true,
    },
  };
}

/**
 * The pipeline's objections to the corrected data (personal data in an open entry, above
 * all) come from the edits, so they are the provider's to fix: problems of the input.
 */
function asEditProblems(error: unknown): unknown {
  if (!(error instanceof DatarunError)) return error;
  return new DatarunError(
    error.problems.map((found) =>
      problem('invalid-value', `the corrected data cannot be published: ${found.message}`, {
        field: 'edits',
      }),
    ),
  );
}

function movedPointer(record: CatalogRecord, version: DatasetVersion, now: Date): CatalogRecord {
  return {
    ...record,
    currentVersion: version.version,
    hasData: true,
    revision: record.revision + 1,
    updatedAt: now.toISOString(),
  };
}
