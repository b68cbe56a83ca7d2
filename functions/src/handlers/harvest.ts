import { tmpdir } from 'node:os';
import { configFromEnv } from '../config.ts';
import { createStores } from '../adapters/index.ts';
import { S3CatalogSource } from '../adapters/s3/s3-catalog-source.ts';
import { DatarunError } from '../core/errors.ts';
import { harvestDue } from '../services/federation/harvest-due.ts';
import { harvestCounts } from '../core/federation/diff-harvest.ts';

const stores = createStores(configFromEnv(process.env));

/**
 * Lambda entry point of the harvester, run by an EventBridge schedule: harvests every source
 * of `federation.yaml` in the catalog uploaded under `prefix` (default `source/`) of the
 * staging bucket that is due. A broken federation.yaml is answered, not retried.
 */
export async function handler(event: { prefix?: string } = {}) {
  const prefix = event.prefix ?? 'source/';
  try {
    const runs = await harvestDue({
      federation: stores.federation,
      audit: stores.audit,
      // Only federation.yaml is read, as text: nothing is downloaded to the folder.
      catalog: new S3CatalogSource(stores.objects, prefix, tmpdir()),
    });
    const reports = runs.map(({ report }) => ({
      source: report.source,
      ...harvestCounts(report),
      ...(report.error && { error: report.error }),
    }));
    for (const report of reports)
      console.log(
        JSON.stringify({
          level: report.error ? 'warn' : 'info',
          message: report.error ? 'harvest failed' : 'harvested',
          ...report,
        }),
      );
    return { ok: true as const, reports };
  } catch (error) {
    if (error instanceof DatarunError) {
      console.error(JSON.stringify({ problems: error.problems }));
      return { ok: false as const, problems: error.problems };
    }
    throw error;
  }
}
