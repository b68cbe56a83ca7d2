import { DatarunError, problem } from '../../core/errors.ts';
import { CsvParser } from '../../core/ingest/csv-parser.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';
import type { ColumnTable } from '../../core/rows/column-table.ts';
import { TableBuilder } from '../../core/rows/load-table.ts';
import { TableSchemaSchema } from '../../core/schemas/dataset-version.ts';
import type { TableSchema } from '../../core/schemas/dataset-version.ts';

/** Where one published version's rows are, in the open zone. */
export type RowTableRef = {
  code: string;
  version: number;
  /** The key of its data.csv. */
  csvKey: string;
  /** The key of its schema.json, read when `schema` is not given. */
  schemaKey: string;
  /** The version's Table Schema, when the catalog snapshot already holds it. */
  schema?: TableSchema;
  rowCount: number;
  /** The size of its data.csv, when the catalog snapshot already says. */
  csvBytes?: number;
};

/**
 * Reads a version's canonical data.csv from the open zone, streaming, into a ColumnTable:
 * memory holds the table being built and one chunk of text, never the whole file.
 */
export async function loadRowTable(
  objects: Pick<ObjectStore, 'getStream' | 'getText'>,
  ref: RowTableRef,
): Promise<ColumnTable> {
  const schema = ref.schema ?? (await readSchema(objects, ref));
  const stream = await objects.getStream('open', ref.csvKey);
  if (!stream) throw missing(ref, ref.csvKey);
  const builder = new TableBuilder(schema.fields, ref.rowCount, ref.csvKey);
  const parser = new CsvParser({ file: ref.csvKey });
  const decoder = new TextDecoder('utf-8', { fatal: true });
  for await (const chunk of stream as AsyncIterable<Uint8Array>)
    parser.push(decoder.decode(chunk, { stream: true }), builder.push);
  parser.push(decoder.decode(), builder.push);
  parser.end(builder.push);
  return builder.finish();
}

async function readSchema(
  objects: Pick<ObjectStore, 'getText'>,
  ref: RowTableRef,
): Promise<TableSchema> {
  const text = await objects.getText('open', ref.schemaKey);
  if (text === undefined) throw missing(ref, ref.schemaKey);
  return TableSchemaSchema.parse(JSON.parse(text));
}

/** The catalog lists a version whose objects storage does not have: ours to fix, not the caller's. */
function missing(ref: RowTableRef, key: string): DatarunError {
  return new DatarunError(
    problem(
      'storage',
      `version ${ref.version} of ${ref.code} is listed in the catalog but ${key} is missing from the open bucket; publish again`,
    ),
  );
}
