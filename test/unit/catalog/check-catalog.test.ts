import { describe, expect, it } from 'vitest';
import { checkCatalog, entryFileName } from '../../../functions/src/core/catalog/check-catalog.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { agency, openEntry } from '../../support/entries.ts';

const sourced = (overrides: Parameters<typeof openEntry>[0] = {}) => {
  const entry = CatalogEntrySchema.parse(openEntry(overrides));
  return { file: `data/entries/${entryFileName(entry.code)}`, entry };
};

describe('checkCatalog', () => {
  it('finds nothing wrong in a consistent catalog', () => {
    expect(
      checkCatalog([agency()], 'data/agencies.yaml', [
        sourced(),
        sourced({ code: '103/000002', related: ['103/000001'] }),
      ]),
    ).toEqual([]);
  });

  it('names an unknown agency', () => {
    const [p] = checkCatalog([agency()], 'data/agencies.yaml', [
      sourced({ provider: 'sh-nobody' }),
    ]);
    expect(p).toMatchObject({
      code: 'unknown-reference',
      file: 'data/entries/103-000001.yaml',
      field: 'provider',
    });
    expect(p!.message).toContain('sh-nobody');
  });

  it('names duplicate codes and a file name that does not match the code', () => {
    const a = sourced();
    const b = { ...sourced(), file: 'data/entries/other.yaml' };
    const problems = checkCatalog([agency()], 'data/agencies.yaml', [a, b]);
    expect(problems.map((p) => p.code).sort()).toEqual(['duplicate', 'invalid-field']);
  });

  it('names related entries and parent agencies that do not exist', () => {
    const problems = checkCatalog([agency({ parent: 'gov' })], 'data/agencies.yaml', [
      sourced({ related: ['103/000009'] }),
    ]);
    expect(problems.map((p) => p.field)).toEqual(['agencies[0].parent', 'related[0]']);
  });
});
