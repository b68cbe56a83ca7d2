import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { CsvParser } from '../../../functions/src/core/ingest/csv-parser.ts';
import { csvLine } from '../../../functions/src/core/ingest/row-writers.ts';
import { TableBuilder } from '../../../functions/src/core/rows/load-table.ts';
import { csvBody, rowItems } from '../../../functions/src/core/rows/row-output.ts';
import type { Field } from './naive-rows.ts';

const FIELDS: Field[] = [
  { name: 'name', type: 'string' },
  { name: 'n', type: 'integer' },
  { name: 'x', type: 'number' },
  { name: 'ok', type: 'boolean' },
  { name: 'day', type: 'date' },
  { name: 'at', type: 'datetime' },
];

/** Reads CSV text, cut into chunks, into a table as the loader does. */
function load(text: string, fields = FIELDS, chunk = 7) {
  const builder = new TableBuilder(fields, 0, 'data.csv');
  const parser = new CsvParser({ file: 'data.csv' });
  for (let i = 0; i < text.length; i += chunk) parser.push(text.slice(i, i + chunk), builder.push);
  parser.end(builder.push);
  return builder.finish();
}

const header = csvLine(FIELDS.map((f) => f.name));

describe('TableBuilder', () => {
  it('reads data.csv into typed values: numbers, booleans, text, and null for empty', () => {
    const table = load(
      `${header}"北京,市",12,1.5,true,2023-01-02,2023-01-02T08:00:00+08:00\n,,,,,\n"say ""hi""\n",-3,1e3,false,1999-12-31,2023-01-02T00:00:00\n`,
    );
    expect(
      rowItems(
        table,
        [0, 1, 2],
        FIELDS.map((f) => f.name),
      ),
    ).toEqual([
      {
        name: '北京,市',
        n: 12,
        x: 1.5,
        ok: true,
        day: '2023-01-02',
        at: '2023-01-02T08:00:00+08:00',
      },
      { name: null, n: null, x: null, ok: null, day: null, at: null },
      {
        name: 'say "hi"\n',
        n: -3,
        x: 1000,
        ok: false,
        day: '1999-12-31',
        at: '2023-01-02T00:00:00',
      },
    ]);
  });

  it('keeps integers beyond 2^53 exact, as their digits', () => {
    const table = load(`${header}a,12345678901234567890,,,,\n`);
    expect(rowItems(table, [0], ['n'])).toEqual([{ n: '12345678901234567890' }]);
    expect(csvBody(table, [0], ['n'])).toBe('n\n12345678901234567890\n');
  });

  it('writes back the CSV it read, byte for byte, for canonical rows', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 6 });
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            text,
            fc.option(fc.integer({ min: -1e6, max: 1e6 }), { nil: null }),
            fc.option(fc.constantFrom('0', '1.5', '-2.25', '1000'), { nil: null }),
            fc.option(fc.boolean(), { nil: null }),
          ),
          { maxLength: 20 },
        ),
        (rows) => {
          const fields = FIELDS.slice(0, 4);
          const lines = rows.map(([name, n, x, ok]) =>
            csvLine([name === '' ? null : name, n === null ? null : String(n), x, ok]),
          );
          const written = csvLine(fields.map((f) => f.name)) + lines.join('');
          const table = load(written, fields, 5);
          expect(table.rowCount).toBe(rows.length);
          const all = Array.from({ length: rows.length }, (_, i) => i);
          expect(
            csvBody(
              table,
              all,
              fields.map((f) => f.name),
            ),
          ).toBe(written);
        },
      ),
    );
  });

  it('refuses a header that is not the schema, and values data.csv never holds', () => {
    for (const text of [
      'name,n\n',
      `${header}a,1.5,,,,\n`,
      `${header}a,,,yes,,\n`,
      `${header}a,1\n`,
      '',
    ])
      expect(() => load(text)).toThrow(DatarunError);
  });
});
