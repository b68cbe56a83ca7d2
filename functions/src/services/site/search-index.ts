import { readFile, readdir } from 'node:fs/promises';
import * as pagefind from 'pagefind';
import { SEARCH_LANGUAGE } from './search-records.ts';
import type { SearchRecord } from './search-records.ts';

/** What the index build reports: records indexed, and the peak memory of the Pagefind binary. */
export type SearchIndexResult = { records: number; peakRssBytes?: number };

/**
 * Builds the Pagefind index from custom records into `outputPath`. Records, not HTML pages:
 * nothing has to be parsed, only what is worth searching is indexed, and the index can be
 * built while Astro renders the pages.
 */
export async function buildSearchIndex(
  records: readonly SearchRecord[],
  outputPath: string,
): Promise<SearchIndexResult> {
  const fail = (step: string, cause: unknown): never => {
    throw new Error(`the search index could not be built (Pagefind, ${step})`, { cause });
  };
  try {
    const created = await pagefind.createIndex({ forceLanguage: SEARCH_LANGUAGE });
    if (!created.index) return fail('createIndex', created.errors.join('; '));
    const { index } = created;
    const batch = 256;
    for (let start = 0; start < records.length; start += batch) {
      const answers = await Promise.all(
        records.slice(start, start + batch).map((record) => index.addCustomRecord(record)),
      );
      const errors = answers.flatMap((answer) => answer.errors);
      if (errors.length > 0) fail('addCustomRecord', errors.join('; '));
    }
    const written = await index.writeFiles({ outputPath });
    if (written.errors.length > 0) fail('writeFiles', written.errors.join('; '));
    const peakRssBytes = await pagefindPeakRss();
    return { records: records.length, ...(peakRssBytes !== undefined && { peakRssBytes }) };
  } finally {
    await pagefind.close();
  }
}

/**
 * The peak resident memory of the Pagefind binary, which the Node wrapper runs as a child of
 * this process; Linux only, undefined elsewhere. Read before the binary is closed, so it
 * covers indexing and writing.
 */
async function pagefindPeakRss(): Promise<number | undefined> {
  try {
    const tasks = await readdir(`/proc/${process.pid}/task`);
    let peak: number | undefined;
    for (const task of tasks) {
      const children = await readFile(`/proc/${process.pid}/task/${task}/children`, 'utf8');
      for (const pid of children.trim().split(/\s+/).filter(Boolean)) {
        const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
        const name = /^Name:\s*(.+)$/m.exec(status)?.[1] ?? '';
        const hwm = /^VmHWM:\s*(\d+) kB$/m.exec(status)?.[1];
        if (name.startsWith('pagefind') && hwm) peak = Math.max(peak ?? 0, Number(hwm) * 1024);
      }
    }
    return peak;
  } catch {
    return undefined;
  }
}
