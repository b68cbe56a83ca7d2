import { beforeAll, describe, expect, it } from 'vitest';
import { agencySummaries, catalogStats } from '../../../functions/src/core/search/catalog-stats.ts';
import type { CatalogSnapshot } from '../../../functions/src/core/schemas/catalog-snapshot.ts';
import { CATEGORIES } from '../../../functions/src/core/schemas/vocabulary.ts';
import { demoSnapshot } from './demo-snapshot.ts';

let demo: CatalogSnapshot;
beforeAll(async () => {
  demo = await demoSnapshot();
});

describe('catalogStats', () => {
  it('repeats the snapshot counts and counts every category, zeros included', () => {
    const stats = catalogStats(demo);
    expect(stats).toMatchObject(demo.counts);
    expect(stats.byCategory.map((c) => c.value)).toEqual([...CATEGORIES]);
    expect(stats.byCategory.reduce((sum, c) => sum + c.count, 0)).toBe(demo.entries.length);
    expect(stats.byCategory.find((c) => c.value === '基础/人口')?.count).toBe(0);
    expect(stats.byCategory.find((c) => c.value === '部门')?.count).toBe(
      demo.entries.filter((e) => e.category === '部门').length,
    );
  });

  it('counts no 不予开放 entry, which the public catalog never lists', () => {
    const byOpenType = Object.fromEntries(
      catalogStats(demo).byOpenType.map((c) => [c.value, c.count]),
    );
    expect(byOpenType['不予开放']).toBe(0);
    expect(byOpenType['无条件开放']! + byOpenType['有条件开放']!).toBe(demo.entries.length);
  });
});

describe('agencySummaries', () => {
  it('gives every agency its count of public entries, in catalog order', () => {
    const summaries = agencySummaries(demo);
    expect(summaries.map((a) => a.code)).toEqual(demo.agencies.map((a) => a.code));
    expect(summaries.reduce((sum, a) => sum + a.entries, 0)).toBe(demo.entries.length);
    expect(summaries.find((a) => a.code === 'nbs')?.entries).toBe(
      demo.entries.filter((e) => e.provider === 'nbs').length,
    );
  });

  it('keeps agencies whose entries are all withheld, with zero entries', () => {
    const withheldOnly = demo.agencies.filter(
      (a) => !demo.entries.some((e) => e.provider === a.code),
    );
    expect(withheldOnly.map((a) => a.code)).toContain('zj-big-data');
    for (const agency of withheldOnly)
      expect(agencySummaries(demo).find((a) => a.code === agency.code)).toMatchObject({
        entries: 0,
        withData: 0,
      });
  });
});
