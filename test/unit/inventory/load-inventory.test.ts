import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { CatalogSource } from '../../../functions/src/core/ports/catalog-source.ts';
import type { CatalogEntry } from '../../../functions/src/core/schemas/catalog-entry.ts';
import type { LoadedCatalog } from '../../../functions/src/services/load-catalog.ts';
import { loadInventory } from '../../../functions/src/services/inventory/seed-inventory.ts';
import { agency, openEntry } from '../../support/entries.ts';

/** A catalog source holding only the given files. */
function sourceOf(files: Record<string, string>): CatalogSource {
  return {
    describe: (path) => `catalog/${path}`,
    readText: async (path) => files[path],
    listEntryFiles: async () => [],
    exists: async (path) => path in files,
    localFile: async () => undefined,
  };
}

const AGENCY = agency();
const CATALOG: LoadedCatalog = {
  agencies: [AGENCY],
  entries: [
    {
      file: 'catalog/entries/101-000001.yaml',
      entry: openEntry({ code: '101/000001' }) as CatalogEntry,
    },
    {
      file: 'catalog/entries/101-000002.yaml',
      entry: { ...(openEntry({ code: '101/000002' }) as CatalogEntry), status: 'draft' },
    },
  ],
};

const SYSTEM = `  - id: is_hotline
    name: { zh: 12345 市民热线 }
    owner: ${AGENCY.code}
    level: 市级
    network: 政务外网
    connected: false
`;

async function problemsOf(text: string) {
  try {
    await loadInventory(sourceOf({ 'information-systems.yaml': text }), CATALOG);
  } catch (error) {
    if (error instanceof DatarunError) return error.problems;
    throw error;
  }
  throw new Error('expected the inventory to be refused');
}

describe('loadInventory', () => {
  it('reads the systems of the file, fed entries defaulting to none', async () => {
    const loaded = await loadInventory(
      sourceOf({ 'information-systems.yaml': `systems:\n${SYSTEM}` }),
      CATALOG,
    );
    expect(loaded.file).toBe('catalog/information-systems.yaml');
    expect(loaded.systems).toEqual([
      {
        id: 'is_hotline',
        name: { zh: '12345 市民热线' },
        owner: AGENCY.code,
        level: '市级',
        network: '政务外网',
        connected: false,
        feeds: [],
      },
    ]);
  });

  it('reads a source without the file as an empty inventory', async () => {
    expect((await loadInventory(sourceOf({}), CATALOG)).systems).toEqual([]);
  });

  it('names the file, line and field of a value outside the vocabulary', async () => {
    const problems = await problemsOf(`systems:\n${SYSTEM.replace('市级', '县级')}`);
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid-field',
        file: 'catalog/information-systems.yaml',
        line: 5,
        field: 'systems[0].level',
      }),
    ]);
  });

  it('names the line of YAML that does not parse', async () => {
    const problems = await problemsOf(`systems:\n  - id: [unclosed\n`);
    expect(problems[0]).toMatchObject({
      code: 'yaml-syntax',
      file: 'catalog/information-systems.yaml',
      line: 3,
    });
  });

  it('names the line of a fed entry that is not published, and of a second system with the same id', async () => {
    const feeding = SYSTEM.replace(
      'connected: false',
      'connected: false\n    feeds: [ 101/000001, 101/000002 ]',
    );
    const problems = await problemsOf(
      `systems:\n${feeding}${SYSTEM.replace('12345 市民热线', '另一个系统')}`,
    );
    expect(problems.map((p) => [p.code, p.field, p.line])).toEqual([
      ['unknown-reference', 'systems[0].feeds[1]', 8],
      ['duplicate', 'systems[1].id', 9],
    ]);
    expect(problems.every((p) => p.file === 'catalog/information-systems.yaml')).toBe(true);
  });

  it('names an owner that is not a listed agency', async () => {
    const problems = await problemsOf(
      `systems:\n${SYSTEM.replace(`owner: ${AGENCY.code}`, 'owner: nowhere')}`,
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'unknown-reference', field: 'systems[0].owner', line: 4 }),
    ]);
  });
});
