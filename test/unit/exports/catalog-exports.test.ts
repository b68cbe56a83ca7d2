import { describe, expect, it } from 'vitest';
import { catalogExports } from '../../../functions/src/core/exports/catalog-exports.ts';
import { EXPORT_KEYS } from '../../../functions/src/core/publish/object-keys.ts';
import { BASE, awkwardSnapshot } from './export-fixtures.ts';

describe('catalogExports', () => {
  it('builds all five exports under their keys with their content types', async () => {
    const files = await catalogExports(await awkwardSnapshot(), BASE);
    expect(files.map((f) => [f.key, f.contentType])).toEqual([
      [EXPORT_KEYS.dcatJsonLd, 'application/ld+json'],
      [EXPORT_KEYS.dcatTurtle, 'text/turtle; charset=utf-8'],
      [EXPORT_KEYS.dataJson, 'application/json'],
      [EXPORT_KEYS.catalogCsv, 'text/csv; charset=utf-8'],
      [EXPORT_KEYS.atomFeed, 'application/atom+xml'],
    ]);
    for (const file of files) expect(file.text.length, file.key).toBeGreaterThan(1000);
  });

  it('gives the same bytes for the same snapshot, so an unchanged catalog is not rewritten', async () => {
    const snapshot = await awkwardSnapshot();
    const first = await catalogExports(snapshot, BASE);
    const second = await catalogExports(structuredClone(snapshot), BASE);
    expect(second).toEqual(first);
  });

  it('makes every IRI and link from the public origin it is given', async () => {
    const files = await catalogExports(await awkwardSnapshot(), 'https://open.example.org/');
    for (const file of files.filter((f) => f.key !== EXPORT_KEYS.catalogCsv)) {
      expect(file.text, file.key).toContain('https://open.example.org/datasets/');
      expect(file.text, file.key).not.toContain(BASE);
      expect(file.text, file.key).not.toContain('https://open.example.org//');
    }
  });
});
