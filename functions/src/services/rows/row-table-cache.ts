import { DatarunError, problem } from '../../core/errors.ts';
import type { ColumnTable } from '../../core/rows/column-table.ts';
import type { RowTableRef } from './load-row-table.ts';

export type RowTableCacheOptions = {
  /**
   * Roughly how many bytes the tables in memory, with their indexes, may take together. The
   * least recently used tables are dropped beyond it; a version whose CSV alone is larger is
   * not loaded at all.
   * @default 512 MiB
   */
  budgetBytes?: number;
};

/** The memory budget when none is given: room for several million-row tables with indexes. */
export const DEFAULT_ROW_BUDGET_BYTES = 512 * 1024 * 1024;

type Held = { table?: ColumnTable; pending?: Promise<ColumnTable> };

/**
 * Keeps the tables of recently queried versions in memory, least recently used dropped first.
 * Versions never change, so a table is never stale: the key is code and version, and nothing
 * needs invalidating. Concurrent requests for a table being loaded share the one load.
 */
export class RowTableCache {
  private readonly held = new Map<string, Held>();
  private readonly budget: number;

  /**
   * @param source reads a version's table, and the size of its CSV where the ref does not say
   */
  constructor(
    private readonly source: {
      load(ref: RowTableRef): Promise<ColumnTable>;
      csvBytes(ref: RowTableRef): Promise<number | undefined>;
    },
    options: RowTableCacheOptions = {},
  ) {
    this.budget = options.budgetBytes ?? DEFAULT_ROW_BUDGET_BYTES;
  }

  /** The table of a version, loaded unless held; a version whose CSV exceeds the budget is refused. */
  async table(ref: RowTableRef): Promise<ColumnTable> {
    const key = `${ref.code}\n${ref.version}`;
    let held = this.held.get(key);
    if (held) {
      this.held.delete(key);
      this.held.set(key, held);
    } else {
      const entry: Held = {};
      entry.pending = this.fill(ref).then(
        (table) => {
          entry.table = table;
          entry.pending = undefined;
          return table;
        },
        (error: unknown) => {
          if (this.held.get(key) === entry) this.held.delete(key);
          throw error;
        },
      );
      held = entry;
      this.held.set(key, held);
    }
    const table = held.table ?? (await held.pending!);
    this.evict(key);
    return table;
  }

  private async fill(ref: RowTableRef): Promise<ColumnTable> {
    const bytes = ref.csvBytes ?? (await this.source.csvBytes(ref));
    if (bytes !== undefined && bytes > this.budget) throw tooLarge(ref, bytes, this.budget);
    return this.source.load(ref);
  }

  /** What the cache holds: tables in memory and their bytes, for benchmarks and operators. */
  usage(): { tables: number; bytes: number } {
    let bytes = 0;
    let tables = 0;
    for (const held of this.held.values())
      if (held.table) {
        tables++;
        bytes += held.table.bytes();
      }
    return { tables, bytes };
  }

  /** Drops least recently used tables until the rest fit; `current` goes last. */
  private evict(current: string): void {
    let total = this.usage().bytes;
    for (const [key, held] of [...this.held]) {
      if (total <= this.budget) return;
      if (!held.table || key === current) continue;
      total -= held.table.bytes();
      this.held.delete(key);
    }
    if (total > this.budget) this.held.delete(current);
  }
}

function tooLarge(ref: RowTableRef, bytes: number, budget: number): DatarunError {
  const mb = (n: number) => `${Math.ceil(n / 1e6)} MB`;
  return new DatarunError(
    problem(
      'storage',
      `version ${ref.version} of ${ref.code} is ${mb(bytes)} of CSV, more than the ${mb(budget)} row queries may hold in memory; download the file instead (GET /api/v1/datasets/{code}/download)`,
    ),
  );
}
