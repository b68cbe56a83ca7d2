import { describe, expect, it } from 'vitest';
import type { VerifyIndex } from '../../../functions/src/core/verify/verify-records.ts';
import { VerifyIndexCache } from '../../../functions/src/services/verify/verify-index-cache.ts';

function index(version: number): VerifyIndex {
  return {
    code: '103/000004',
    version,
    rows: new Map(),
    ambiguous: new Set(),
    positions: new Map(),
    values: [],
  };
}

describe('VerifyIndexCache', () => {
  it('builds an index once and shares it, also with calls waiting for the build', async () => {
    const cache = new VerifyIndexCache(2);
    let builds = 0;
    const build = async () => {
      builds++;
      return index(1);
    };
    const [a, b] = await Promise.all([cache.get('a', build), cache.get('a', build)]);
    expect(await cache.get('a', build)).toBe(a);
    expect(b).toBe(a);
    expect(builds).toBe(1);
  });

  it('forgets the least recently used index beyond its capacity', async () => {
    const cache = new VerifyIndexCache(2);
    const built: string[] = [];
    const build = (key: string) => async () => {
      built.push(key);
      return index(built.length);
    };
    await cache.get('a', build('a'));
    await cache.get('b', build('b'));
    await cache.get('a', build('a'));
    await cache.get('c', build('c'));
    await cache.get('a', build('a'));
    await cache.get('b', build('b'));
    expect(built).toEqual(['a', 'b', 'c', 'b']);
    expect(cache.size).toBe(2);
  });

  it('forgets a failed build so that the next call tries again', async () => {
    const cache = new VerifyIndexCache();
    await expect(
      cache.get('a', async () => {
        throw new Error('storage down');
      }),
    ).rejects.toThrow('storage down');
    expect((await cache.get('a', async () => index(2))).version).toBe(2);
  });
});
