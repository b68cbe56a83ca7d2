import { DatarunError, problem } from '../../core/errors.ts';
import { CsvParser } from '../../core/ingest/csv-parser.ts';
import type { VersionTable } from '../../core/disputes/locate-row.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { DatasetVersion } from '../../core/schemas/dataset-version.ts';

/**
 * Reads one version's canonical data.csv (UTF-8, header, comma) from its zone into memory as
 * text. Disputes and corrections need whole rows of datasets the size the demo publishes;
 * the row API's column tables serve large ones.
 */
export async function readVersionTable(
  objects: Pick<ObjectStore, 'getStream'>,
  version: Pick<DatasetVersion, 'code' | 'version' | 'zone' | 'distributions' | 'schema'>,
): Promise<VersionTable> {
  const csv = version.distributions.find((distribution) => distribution.format === 'csv');
  const stream = csv && (await objects.getStream(version.zone, csv.key));
  if (!csv || !stream)
    throw new DatarunError(
      problem(
        'storage',
        `version ${version.version} of ${version.code} has no data.csv in the ${version.zone} bucket; publish again`,
      ),
    );
  const records: string[][] = [];
  const parser = new CsvParser({ file: csv.key });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const keep = (fields: string[]) => void records.push(fields);
  for await (const chunk of stream as AsyncIterable<Uint8Array>)
    parser.push(decoder.decode(chunk, { stream: true }), keep);
  parser.push(decoder.decode(), keep);
  parser.end(keep);
  const [columns = [], ...rows] = records;
  return {
    code: version.code,
    version: version.version,
    columns,
    rows,
    keyColumns: version.schema.primaryKey ?? [],
  };
}
