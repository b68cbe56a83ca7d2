import { mkdir, mkdtemp, writeFile, cp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { agency, openEntry } from './entries.ts';
import type { CatalogEntryInput } from '../../functions/src/core/schemas/catalog-entry.ts';

/** The repository's demo catalog. */
export const DEMO_DATA = join(import.meta.dirname, '..', '..', 'data');

/** A temporary catalog folder with one agency and the given entries and files. */
export async function catalogFolder(
  entries: CatalogEntryInput[],
  files: Record<string, string | Uint8Array> = {},
): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'datarun-catalog-'));
  await mkdir(join(dir, 'entries'));
  await writeFile(join(dir, 'agencies.yaml'), stringify({ agencies: [agency()] }));
  for (const entry of entries)
    await writeFile(
      join(dir, 'entries', `${String(entry.code).replace('/', '-')}.yaml`),
      stringify(entry),
    );
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** A copy of the demo catalog that a test may change. */
export async function copyOfDemoCatalog(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'datarun-demo-'));
  await cp(DEMO_DATA, dir, { recursive: true });
  return dir;
}

/** An open entry whose data is `datasets/{name}`. */
export function entryWithData(
  code: string,
  name: string,
  overrides: Partial<CatalogEntryInput> = {},
): CatalogEntryInput {
  return openEntry({ code, data: { path: `datasets/${name}` }, ...overrides });
}
