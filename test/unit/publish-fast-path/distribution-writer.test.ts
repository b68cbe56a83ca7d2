import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TableSchema } from '../../../functions/src/core/schemas/dataset-version.ts';
import { cuts, expectedDistributions, files, writeDistributions } from './helpers.ts';

const SCHEMA: TableSchema = {
  fields: [
    { name: '序号', type: 'integer', constraints: { required: true } },
    { name: '名称', type: 'string' },
    { name: '金额', type: 'number' },
    { name: '有效', type: 'boolean' },
    { name: '日期', type: 'date' },
    { name: '时间', type: 'datetime' },
  ],
};
const HEADER = '序号,名称,金额,有效,日期,时间\n';
const CANONICAL =
  HEADER +
  '1,东华门街道,25.340,true,2024-02-29,2023-06-30T14:05:00\n' +
  '2,"北京,海淀",,false,,\n' +
  '3,😀 𠀀 ，,-0.5,true,2023-01-01,2023-06-30T14:05:09.5+08:00\n';

/** Bytes as a string of the same length, so a failing comparison shows where they differ. */
const raw = (bytes: Buffer) => bytes.toString('latin1');

describe('DistributionWriter', () => {
  it('writes the same CSV and JSON from source bytes as from typed values, for any valid file cut anywhere (property)', () => {
    let fromSource = 0;
    fc.assert(
      fc.property(files, cuts, fc.nat(20), (file, sizes, dropAt) => {
        const options = { delimiter: file.delimiter, header: file.header, cuts: sizes };
        const written = writeDistributions(file.schema, file.bytes, options);
        const dropped = writeDistributions(file.schema, file.bytes, { ...options, dropAt });
        const expected = expectedDistributions(file.schema, file.bytes, options);
        // The decoder may drop a U+FEFF after an ASCII start, emptying a required value.
        fc.pre(written.problems === 0);
        for (const output of [written, dropped]) {
          expect(raw(output.csv)).toBe(raw(expected.csv));
          expect(raw(output.json)).toBe(raw(expected.json));
        }
        if (written.sourceIsCsv) {
          expect(raw(written.csv)).toBe(raw(file.bytes));
          fromSource++;
        }
      }),
      { numRuns: 1500 },
    );
    // The generator makes enough canonical files for the copying to be exercised.
    expect(fromSource).toBeGreaterThan(300);
  });

  it('copies a canonical file as it is, and says so, wherever the chunks end', () => {
    const bytes = Buffer.from(CANONICAL, 'utf8');
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const written = writeDistributions(SCHEMA, bytes, { cuts: [size] });
      expect(written.sourceIsCsv).toBe(true);
      expect(raw(written.csv)).toBe(raw(bytes));
      expect(raw(written.json)).toBe(raw(expectedDistributions(SCHEMA, bytes).json));
    }
  });

  it('does not call a file its own CSV when the bytes differ from the normalised CSV', () => {
    const variants = {
      'a byte-order mark': `\ufeff${CANONICAL}`,
      'CRLF line breaks': CANONICAL.replaceAll('\n', '\r\n'),
      'a quoted header': `"序号","名称",金额,有效,日期,时间\n${CANONICAL.slice(HEADER.length)}`,
      'a value quoted without need': CANONICAL.replace('东华门街道', '"东华门街道"'),
      'TRUE for true': CANONICAL.replace('true', 'TRUE'),
      'a datetime without seconds': CANONICAL.replace('14:05:00', '14:05'),
      'a trailing blank line': `${CANONICAL}\n`,
      'no final line break': CANONICAL.slice(0, -1),
      'a slow-lane row': CANONICAL.replace('25.340', '"1,234.5"'),
    };
    for (const [what, text] of Object.entries(variants)) {
      const bytes = Buffer.from(text, 'utf8');
      const written = writeDistributions(SCHEMA, bytes, { cuts: [5] });
      const expected = expectedDistributions(SCHEMA, bytes);
      expect(written.sourceIsCsv, what).toBe(false);
      expect(raw(written.csv), what).toBe(raw(expected.csv));
      expect(raw(written.json), what).toBe(raw(expected.json));
    }
  });

  it('follows the decoder where it drops a U+FEFF met after an ASCII start', () => {
    // encoding.ts decodes from the first non-ASCII byte with a fresh TextDecoder, which drops
    // a leading U+FEFF as a byte-order mark: the values then differ from the bytes.
    const bytes = Buffer.from('i,s\n1,a\n2,\ufeffb\n3,北京\n', 'utf8');
    const schema: TableSchema = {
      fields: [
        { name: 'i', type: 'integer' },
        { name: 's', type: 'string' },
      ],
    };
    const written = writeDistributions(schema, bytes, { cuts: [5] });
    const expected = expectedDistributions(schema, bytes, { cuts: [5] });
    expect(written.json.toString()).toBe(expected.json.toString());
    expect(written.csv.toString()).toBe(expected.csv.toString());
  });

  it('writes a header-only file as an empty table', () => {
    const written = writeDistributions(SCHEMA, Buffer.from(HEADER, 'utf8'));
    expect([written.sourceIsCsv, written.rows, written.json.toString()]).toEqual([true, 0, '[]\n']);
    expect(written.csv.toString()).toBe(HEADER);
  });
});
