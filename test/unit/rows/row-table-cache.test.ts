import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { RowTableRef } from '../../../functions/src/services/rows/load-row-table.ts';
import { RowTableCache } from '../../../functions/src/services/rows/row-table-cache.ts';
import { buildTable } from './naive-rows.ts';

/** A version of `rows` rows of one text column, each value distinct. */
const ref = (version: number, rowCount = 1000): RowTableRef => ({
  code: '103/000004',
  version,
  csvKey: `open/datasets/103-000004/${version}/data.csv`,
  schemaKey: `open/datasets/103-000004/${version}/schema.json`,
  rowCount,
});

function cache(budgetBytes: number, csvBytes = 0) {
  const loads: number[] = [];
  const tables = new RowTableCache(
    {
      load: async (r) => {
        loads.push(r.version);
        const rows = Array.from({ length: r.rowCount }, (_, i) => [`value ${r.version} ${i}`]);
        return buildTable([{ name: 'name', type: 'string' }], rows);
      },
      csvBytes: async () => csvBytes,
    },
    { budgetBytes },
  );
  return { tables, loads };
}

describe('RowTableCache', () => {
  it('loads a version once, however many requests ask for it at the same time', async () => {
    const { tables, loads } = cache(1e9);
    const [a, b] = await Promise.all([tables.table(ref(1)), tables.table(ref(1))]);
    expect(a).toBe(b);
    expect(await tables.table(ref(1))).toBe(a);
    expect(loads).toEqual([1]);
  });

  it('drops the least recently used tables beyond its budget', async () => {
    const { tables, loads } = cache(1e9);
    const one = (await tables.table(ref(1))).bytes();
    const small = cache(2.5 * one);
    await small.tables.table(ref(1));
    await small.tables.table(ref(2));
    await small.tables.table(ref(1));
    await small.tables.table(ref(3));
    expect(small.tables.usage()).toEqual({ tables: 2, bytes: expect.any(Number) });
    expect(small.tables.usage().bytes).toBeLessThanOrEqual(2.5 * one);
    await small.tables.table(ref(1));
    await small.tables.table(ref(2));
    expect(small.loads).toEqual([1, 2, 3, 2]);
    expect(loads).toEqual([1]);
  });

  it('refuses a version whose CSV alone exceeds the budget, without loading it', async () => {
    const { tables, loads } = cache(1000, 5000);
    await expect(tables.table(ref(1))).rejects.toThrow(DatarunError);
    expect(loads).toEqual([]);
  });

  it('tries again after a failed load instead of keeping the failure', async () => {
    let fail = true;
    const tables = new RowTableCache({
      load: async () => {
        if (fail) throw new Error('storage hiccup');
        return buildTable([{ name: 'name', type: 'string' }], [['a']]);
      },
      csvBytes: async () => undefined,
    });
    await expect(tables.table(ref(1))).rejects.toThrow('storage hiccup');
    fail = false;
    expect((await tables.table(ref(1))).rowCount).toBe(1);
  });
});
