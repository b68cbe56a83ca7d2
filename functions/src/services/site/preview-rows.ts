import type { Readable } from 'node:stream';
import { CsvParser } from '../../core/ingest/csv-parser.ts';
import type { Preview } from './site-input.ts';

/**
 * Reads the header and the first `limit` rows of a published CSV and stops reading: the stream
 * is destroyed as soon as they are in, so a preview of a 1 GB file costs one or two chunks.
 */
export async function readCsvPreview(
  stream: Readable,
  limit: number,
  file: string,
): Promise<Preview> {
  const parser = new CsvParser({ file });
  const records: string[][] = [];
  const take = (fields: string[]) => {
    if (records.length <= limit) records.push(fields);
  };
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) {
      parser.push(decoder.decode(chunk as Uint8Array, { stream: true }), take);
      if (records.length > limit) break;
    }
    if (records.length <= limit) parser.end(take);
  } finally {
    stream.destroy();
  }
  const [columns = [], ...rows] = records;
  return { columns, rows };
}
