import { describe, expect, it } from 'vitest';
import {
  InformationSystemSchema,
  InventorySchema,
} from '../../../functions/src/core/inventory/information-system.ts';

const VALID = {
  id: 'is_0001',
  name: { zh: '12345 市民服务热线', en: '12345 citizen hotline' },
  owner: 'city-hall',
  level: '市级',
  network: '政务外网',
  connected: true,
  feeds: ['101/000001'],
};

const issuesOf = (input: unknown) =>
  InformationSystemSchema.safeParse(input).error?.issues.map((i) => i.path.join('.')) ?? [];

describe('InformationSystemSchema', () => {
  it('accepts a system with an is_ id or a slug, and no feeds', () => {
    expect(issuesOf(VALID)).toEqual([]);
    const { feeds: _feeds, ...withoutFeeds } = VALID;
    expect(InformationSystemSchema.parse({ ...withoutFeeds, id: 'hotline-12345' }).feeds).toEqual(
      [],
    );
  });

  it('rejects an id that is neither is_… nor a lower-case slug', () => {
    expect(issuesOf({ ...VALID, id: 'IS-0001' })).toEqual(['id']);
    expect(issuesOf({ ...VALID, id: 'is_' })).toEqual(['id']);
  });

  it('rejects a level or network outside the vocabulary', () => {
    expect(issuesOf({ ...VALID, level: '县级', network: 'internet' })).toEqual([
      'level',
      'network',
    ]);
  });

  it('rejects a fed entry code that is not 分类码/顺序码, or one listed twice', () => {
    expect(issuesOf({ ...VALID, feeds: ['101-000001'] })).toEqual(['feeds.0']);
    expect(issuesOf({ ...VALID, feeds: ['101/000001', '101/000001'] })).toEqual(['feeds']);
  });

  it('rejects an unknown key and a connection flag written as text', () => {
    expect(issuesOf({ ...VALID, connected: 'yes', vendor: 'x' }).sort()).toEqual(['', 'connected']);
  });
});

describe('InventorySchema', () => {
  it('reads a file of systems under one key', () => {
    expect(InventorySchema.parse({ systems: [VALID] }).systems).toHaveLength(1);
    expect(InventorySchema.safeParse({ system: [VALID] }).success).toBe(false);
  });
});
