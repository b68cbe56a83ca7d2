import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { CatalogEntry } from '../../core/schemas/catalog-entry.ts';
import { canonicalJson } from '../../core/publish/canonical-hash.ts';
import { computeZone } from '../../core/catalog/zone.ts';

/** Changes whenever the pipeline would write different output for the same input. */
export const PIPELINE_VERSION = 1;

/**
 * The identity of a version's input: the data file's bytes and everything in the entry that
 * shapes the output (信息项, reading options, schema file, zone). Equal hashes mean publishing
 * again would write the same version, so none is made.
 */
export async function datasetInputHash(
  entry: CatalogEntry,
  dataFile: string,
  schemaText: string | undefined,
): Promise<string> {
  const hash = createHash('sha256');
  hash.update(
    canonicalJson({
      pipeline: PIPELINE_VERSION,
      items: entry.items,
      reading: { ...entry.data, path: undefined },
      schemaText,
      zone: computeZone(entry),
    }),
  );
  for await (const chunk of createReadStream(dataFile, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest('hex');
}
