import type { CatalogEntryInput } from '../../functions/src/core/schemas/catalog-entry.ts';
import type { Agency } from '../../functions/src/core/schemas/agency.ts';

/** A valid open entry to vary in tests: each test changes only what it is about. */
export function openEntry(overrides: Partial<CatalogEntryInput> = {}): CatalogEntryInput {
  return {
    code: '103/000001',
    title: { zh: '行政区划代码', en: 'Administrative division codes' },
    abstract: { zh: '省、市、县三级行政区划代码及名称。' },
    provider: 'nbs',
    category: '基础/自然资源和空间地理',
    format: '电子表格',
    items: [
      { name: 'code', type: '字符型', length: 6 },
      { name: 'name', type: '字符型' },
    ],
    shareType: '无条件共享',
    shareMethod: ['文件'],
    openType: '无条件开放',
    updateCycle: '每年',
    issued: '2023-06-30',
    modified: '2023-06-30',
    level: 1,
    status: 'approved',
    ...overrides,
  };
}

/** A valid agency to vary in tests. */
export function agency(overrides: Partial<Agency> = {}): Agency {
  return {
    code: 'nbs',
    name: { zh: '国家统计局', en: 'National Bureau of Statistics' },
    level: '国家级',
    region: '110000',
    ...overrides,
  };
}
