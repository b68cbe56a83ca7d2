import { DatarunError, problem } from '../core/errors.ts';
import type { Problem } from '../core/errors.ts';
import type { CatalogSource } from '../core/ports/catalog-source.ts';
import type { Agency } from '../core/schemas/agency.ts';
import { parseAgenciesFile, parseEntryFile } from '../core/catalog/parse-source.ts';
import { checkCatalog } from '../core/catalog/check-catalog.ts';
import type { SourcedEntry } from '../core/catalog/check-catalog.ts';

export type LoadedCatalog = { agencies: Agency[]; entries: SourcedEntry[] };

export const AGENCIES_FILE = 'agencies.yaml';

/**
 * Reads and validates a whole catalog source. Every problem in every file is collected and
 * thrown together, so one run shows all that must be fixed; nothing has been written.
 */
export async function loadCatalog(source: CatalogSource): Promise<LoadedCatalog> {
  const problems: Problem[] = [];
  const agenciesName = source.describe(AGENCIES_FILE);
  const agenciesText = await source.readText(AGENCIES_FILE);
  let agencies: Agency[] = [];
  if (agenciesText === undefined) {
    problems.push(
      problem('file-not-found', 'the agencies file is missing', { file: agenciesName }),
    );
  } else {
    const parsed = parseAgenciesFile({ path: agenciesName, text: agenciesText });
    problems.push(...parsed.problems);
    agencies = parsed.value ?? [];
  }

  const entries: SourcedEntry[] = [];
  const entryFiles = await source.listEntryFiles();
  if (entryFiles.length === 0)
    problems.push(
      problem('file-not-found', 'no catalog entries (entries/*.yaml) found', {
        file: source.describe('entries'),
      }),
    );
  for (const path of entryFiles) {
    const file = source.describe(path);
    const text = (await source.readText(path)) ?? '';
    const parsed = parseEntryFile({ path: file, text });
    problems.push(...parsed.problems);
    if (parsed.value) entries.push({ file, entry: parsed.value });
  }
  for (const { file, entry } of entries) {
    for (const [field, path] of [
      ['data.path', entry.data?.path],
      ['data.schema', entry.data?.schema?.split('#')[0]],
    ] as const) {
      if (path !== undefined && !(await source.exists(path)))
        problems.push(
          problem('file-not-found', `${source.describe(path)} does not exist`, { file, field }),
        );
    }
  }

  if (agenciesText !== undefined) problems.push(...checkCatalog(agencies, agenciesName, entries));
  if (problems.length > 0) throw new DatarunError(problems);
  return { agencies, entries };
}
