import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DatarunError } from '../../core/errors.ts';
import type { Problem } from '../../core/errors.ts';
import type { Stores } from '../../adapters/index.ts';
import type { CatalogSource } from '../../core/ports/catalog-source.ts';
import type { CatalogEntry } from '../../core/schemas/catalog-entry.ts';
import type { DatasetVersion, TableSchema } from '../../core/schemas/dataset-version.ts';
import { declarationProblems } from '../../core/verify/verify-records.ts';
import { computeZone } from '../../core/catalog/zone.ts';
import { nextRecord } from '../../core/publish/catalog-record.ts';
import { loadCatalog } from '../load-catalog.ts';
import { sourceClaimProblems } from '../../core/quality/source-claims.ts';
import { processDataset } from './process-dataset.ts';
import type { ProcessedDataset } from './process-dataset.ts';
import { writeVersion } from './commit-version.ts';
import type { Faults } from './commit-version.ts';
import { writeSnapshots } from './write-snapshots.ts';
import { loadInventory, seedInventory } from '../inventory/seed-inventory.ts';
import { datasetInputHash } from './input-hash.ts';
import { retractOpenData } from './retract-open-data.ts';
import { retractionZone } from '../../core/publish/retraction.ts';
import type { PublishListener } from './events.ts';
import type { PublicSite } from '../../config.ts';

export type PublishOptions = {
  source: CatalogSource;
  stores: Stores;
  /** Where intermediate files go; a fresh folder inside it is removed at the end. */
  tmpDir: string;
  now?: () => Date;
  /** The public origin and contact the catalog exports name; by default from the environment. */
  site?: PublicSite;
  onEvent?: PublishListener;
  faults?: Faults;
};

export type PublishSummary = {
  published: { code: string; version: number }[];
  unchanged: string[];
  recorded: string[];
};

/**
 * Publishes a catalog source: validate every file, check and convert every changed dataset,
 * and only when all of that succeeded write versions, move catalog pointers and regenerate
 * the snapshots. Bad input anywhere throws with every problem found and writes nothing.
 */
export async function publishCatalog(options: PublishOptions): Promise<PublishSummary> {
  const { source, stores } = options;
  const now = options.now ?? (() => new Date());
  const emit = options.onEvent ?? (() => {});
  const catalog = await loadCatalog(source);
  const inventory = await loadInventory(source, catalog);
  const publishable = catalog.entries.filter(
    ({ entry }) => entry.status === 'approved' && entry.data,
  );
  emit({
    type: 'loaded',
    entries: catalog.entries.length,
    agencies: catalog.agencies.length,
    withData: publishable.length,
  });
  // 一数一源: a second claim to be an item's source is flagged, not refused (see docs/quality.md).
  for (const problem of sourceClaimProblems(catalog.entries)) emit({ type: 'warning', problem });

  const work = await mkdtemp(join(options.tmpDir, 'datarun-publish-'));
  try {
    const processed = new Map<string, ProcessedDataset>();
    const problems: Problem[] = [];
    let index = 0;
    for (const { file, entry } of publishable) {
      index++;
      try {
        const dataFile = (await source.localFile(entry.data!.path))!;
        const schemaText = entry.data!.schema
          ? await source.readText(entry.data!.schema.split('#')[0]!)
          : undefined;
        const inputSha256 = await datasetInputHash(entry, dataFile, schemaText);
        const live = await liveVersion(stores, entry.code, inputSha256);
        if (live) {
          problems.push(...verificationProblems(file, entry, live.schema));
          continue;
        }
        const result = await processDataset({
          entry,
          entryFile: file,
          dataFile,
          dataFileName: source.describe(entry.data!.path),
          schemaText,
          inputSha256,
          zone: computeZone(entry),
          today: now().toISOString().slice(0, 10),
          workDir: join(work, entry.code.replace('/', '-')),
          onStart: (bytes) =>
            emit({
              type: 'checking',
              index,
              total: publishable.length,
              code: entry.code,
              title: entry.title.zh,
              bytes,
            }),
        });
        emit({ type: 'checked', code: entry.code, rowCount: result.rowCount, ms: result.ms });
        problems.push(...verificationProblems(file, entry, result.schema));
        processed.set(entry.code, result);
      } catch (error) {
        if (!(error instanceof DatarunError)) throw error;
        problems.push(...error.problems);
      }
    }
    for (const { file, entry } of catalog.entries)
      if (entry.status === 'approved' && !entry.data)
        problems.push(...verificationProblems(file, entry, undefined));
    if (problems.length > 0) throw new DatarunError(problems);

    for (const agency of catalog.agencies) await stores.agencies.put(agency);
    const summary: PublishSummary = { published: [], unchanged: [], recorded: [] };
    for (const { entry } of catalog.entries)
      await commitEntry(entry, processed.get(entry.code), options, now(), emit, summary);
    // Seeded before the snapshots, so the quality figures written with them count the systems.
    const seeded = await seedInventory(
      { systems: stores.systems, audit: stores.audit, now: () => now().getTime() },
      inventory,
    );
    for (const problem of seeded.skipped) emit({ type: 'warning', problem });
    await writeSnapshots(stores, emit, options.site);
    return summary;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The live version of an entry when it was made from exactly this input, or corrects data
 * that came from it: a correction published through a dispute stays live until the provider
 * changes the source file (which should then carry the correction too).
 */
async function liveVersion(
  stores: Stores,
  code: string,
  inputSha256: string,
): Promise<DatasetVersion | undefined> {
  const current = (await stores.catalog.get(code))?.currentVersion;
  if (current === undefined) return undefined;
  const live = await stores.versions.get(code, current);
  const same =
    live?.inputSha256 === inputSha256 || live?.corrects?.sourceInputSha256 === inputSha256;
  return same ? live : undefined;
}

/** An entry's verification declaration checked against its data's columns (none: no data). */
function verificationProblems(
  file: string,
  entry: CatalogEntry,
  schema: TableSchema | undefined,
): Problem[] {
  if (!entry.verification) return [];
  const columns = schema?.fields.map((field) => field.name);
  return declarationProblems(file, entry.verification, columns);
}

async function commitEntry(
  entry: CatalogEntry,
  processed: ProcessedDataset | undefined,
  options: PublishOptions,
  now: Date,
  emit: PublishListener,
  summary: PublishSummary,
): Promise<void> {
  const { stores } = options;
  const current = await stores.catalog.get(entry.code);
  let currentVersion = current?.currentVersion;
  const unchangedData =
    !processed && entry.status === 'approved' && entry.data && currentVersion !== undefined;
  if (unchangedData) {
    summary.unchanged.push(entry.code);
    emit({ type: 'unchanged', code: entry.code, version: currentVersion! });
  }
  if (processed) {
    const started = Date.now();
    const zone = computeZone(entry);
    const version = await writeVersion({
      stores,
      code: entry.code,
      zone,
      current,
      processed,
      now,
      faults: options.faults,
    });
    if (version) {
      currentVersion = version.version;
      summary.published.push({ code: entry.code, version: version.version });
      const bytes = version.distributions.reduce((sum, d) => sum + d.bytes, 0);
      emit({
        type: 'published',
        code: entry.code,
        version: version.version,
        zone,
        rowCount: version.rowCount,
        bytes,
        ms: Date.now() - started,
      });
    } else {
      summary.unchanged.push(entry.code);
      emit({ type: 'unchanged', code: entry.code, version: currentVersion! });
    }
  }
  // Data that may no longer be public leaves the open zone before the record says so.
  const target = retractionZone(computeZone(entry), entry.status === 'withdrawn');
  if (target && current?.zone === 'open') {
    const versions = await retractOpenData(stores, entry.code, target);
    if (versions > 0) emit({ type: 'retracted', code: entry.code, versions, zone: target });
  }
  const record = nextRecord(entry, current, currentVersion, now);
  if (!record) return;
  // The one conditional write that moves the catalog pointer to the new version.
  await stores.catalog.save(record, current?.revision);
  if (!processed) {
    summary.recorded.push(entry.code);
    emit({ type: 'recorded', code: entry.code, status: record.status });
  }
}
