import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import type { VersionTable } from '../../../functions/src/core/disputes/locate-row.ts';
import { VerificationSpecSchema } from '../../../functions/src/core/verify/verification.ts';

const AREAS = fileURLToPath(
  new URL('../../../data/datasets/cn-admin-divisions-modood/csv/areas.csv', import.meta.url),
);

/** The county-level divisions (县级行政区划), as the platform's CSV reader reads them. */
export function areasTable(): VersionTable {
  const records: string[][] = [];
  const parser = new CsvParser({ file: 'areas.csv' });
  parser.push(readFileSync(AREAS, 'utf8'), (fields) => records.push(fields));
  parser.end((fields) => records.push(fields));
  const [columns, ...rows] = records as [string[], ...string[][]];
  return { code: '101/000001', version: 1, columns, rows, keyColumns: ['code'] };
}

/** What a provider of the divisions declares: find by code, compare name and city. */
export const AREAS_SPEC = VerificationSpecSchema.parse({
  keyFields: ['code'],
  verifiableFields: ['name', 'cityCode'],
});
