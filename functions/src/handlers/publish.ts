import { mkdtemp } from 'node:fs/promises';
import { configFromEnv } from '../config.ts';
import { createStores } from '../adapters/index.ts';
import { S3CatalogSource } from '../adapters/s3/s3-catalog-source.ts';
import { DatarunError } from '../core/errors.ts';
import { publishCatalog } from '../services/publish/publish-catalog.ts';

const config = configFromEnv(process.env);
const stores = createStores(config);

/**
 * Lambda entry point of the publish pipeline: publishes the catalog uploaded under `prefix`
 * (default `source/`) in the staging bucket. Bad input is answered, not retried.
 */
export async function handler(event: { prefix?: string } = {}) {
  const prefix = event.prefix ?? 'source/';
  const work = await mkdtemp('/tmp/datarun-');
  try {
    const summary = await publishCatalog({
      site: config,
      source: new S3CatalogSource(stores.objects, prefix, work),
      stores,
      tmpDir: work,
      onEvent: (e) => console.log(JSON.stringify(e)),
    });
    return { ok: true as const, ...summary };
  } catch (error) {
    if (error instanceof DatarunError) {
      console.error(JSON.stringify({ problems: error.problems }));
      return { ok: false as const, problems: error.problems };
    }
    throw error;
  }
}
