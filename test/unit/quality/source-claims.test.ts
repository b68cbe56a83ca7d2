import { describe, expect, it } from 'vitest';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  CatalogEntrySchema,
  type CatalogEntryInput,
} from '../../../functions/src/core/schemas/catalog-entry.ts';
import { parseEntryFile } from '../../../functions/src/core/catalog/parse-source.ts';
import {
  sourceClaimProblems,
  sourceConflicts,
} from '../../../functions/src/core/quality/source-claims.ts';
import { openEntry } from '../../support/entries.ts';
import { DEMO_DATA } from '../../support/catalog-folder.ts';
import { describeEvent } from '../../../functions/src/local/progress.ts';

const population = (overrides: Partial<CatalogEntryInput> = {}) =>
  CatalogEntrySchema.parse(
    openEntry({
      modified: '2026-10-15',
      code: '101/000001',
      category: '基础/人口',
      issued: '2024-03-01',
      items: [
        { name: '公民身份号码', type: '字符型', authoritative: true },
        { name: '姓名', type: '字符型', authoritative: true },
      ],
      ...overrides,
    }),
  );

describe('ItemSchema authoritative', () => {
  it('leaves an entry without the flag exactly as it parsed before', () => {
    const entry = CatalogEntrySchema.parse(openEntry());
    expect(entry.items.every((item) => !('authoritative' in item))).toBe(true);
  });

  it('refuses the flag on an entry outside the base libraries, naming the item', () => {
    const result = CatalogEntrySchema.safeParse(
      openEntry({
        category: '主题/公共服务',
        items: [
          { name: 'code', type: '字符型' },
          { name: 'name', type: '字符型' },
          { name: 'area', type: '字符型', authoritative: true },
        ],
      }),
    );
    expect(result.success).toBe(false);
    const issue = result.error!.issues[0]!;
    expect(issue.path).toEqual(['items', 2, 'authoritative']);
    expect(issue.message).toContain('基础/');
    expect(issue.message).toContain('主题/公共服务');
  });

  it('reports the line of the flag in an entry file', () => {
    const text = [
      'code: 201/000001',
      'title: { zh: 测试 }',
      'abstract: { zh: 测试 }',
      'provider: nbs',
      'category: 部门',
      'format: 电子表格',
      'items:',
      '  - { name: a, type: 字符型 }',
      '  - { name: b, type: 字符型, authoritative: true }',
      'shareType: 无条件共享',
      'shareMethod: [ 文件 ]',
      'openType: 无条件开放',
      'updateCycle: 每年',
      'issued: 2024-01-01',
      'modified: 2024-01-01',
      'level: 1',
    ].join('\n');
    const parsed = parseEntryFile({ path: 'data/entries/201-000001.yaml', text });
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        file: 'data/entries/201-000001.yaml',
        line: 9,
        field: 'items[1].authoritative',
      }),
    ]);
  });
});

describe('sourceConflicts', () => {
  it('finds no conflict when each 信息项 has one claimant', () => {
    const photos = population({
      code: '101/000002',
      items: [{ name: '人像照片', type: '通用型', authoritative: true }],
    });
    expect(sourceConflicts([population(), photos])).toEqual([]);
  });

  it('keeps the earliest issued entry as the source and flags the others', () => {
    const later = population({ code: '101/000003', issued: '2025-01-01' });
    const earlier = population({ code: '101/000009', issued: '2020-01-01' });
    expect(sourceConflicts([later, population(), earlier])).toEqual([
      {
        library: '基础/人口',
        item: '公民身份号码',
        source: '101/000009',
        claimants: ['101/000001', '101/000003'],
      },
      {
        library: '基础/人口',
        item: '姓名',
        source: '101/000009',
        claimants: ['101/000001', '101/000003'],
      },
    ]);
  });

  it('breaks a tie of issue dates by the lowest code, whatever the order read', () => {
    const a = population({ code: '101/000005' });
    const b = population({ code: '101/000004' });
    expect(sourceConflicts([a, b])[0]!.source).toBe('101/000004');
    expect(sourceConflicts([b, a])[0]!.source).toBe('101/000004');
  });

  it('does not count items that are not claimed, or claims in another library', () => {
    const unclaimed = population({
      code: '101/000002',
      items: [{ name: '公民身份号码', type: '字符型' }],
    });
    const otherLibrary = population({ code: '102/000001', category: '基础/法人单位' });
    expect(sourceConflicts([population(), unclaimed, otherLibrary])).toEqual([]);
  });

  it('finds no conflict in the demo catalog', async () => {
    const files = (await readdir(join(DEMO_DATA, 'entries'))).filter((f) => f.endsWith('.yaml'));
    const entries = await Promise.all(
      files.map(async (file) => {
        const path = join(DEMO_DATA, 'entries', file);
        return parseEntryFile({ path, text: await readFile(path, 'utf8') }).value!;
      }),
    );
    const claimed = entries.filter((entry) => entry.items.some((item) => item.authoritative));
    expect(claimed.map((entry) => entry.code)).toContain('101/000001');
    expect(sourceConflicts(entries)).toEqual([]);
  });
});

describe('sourceClaimProblems', () => {
  it("names each flagged entry's file and item, and the source kept", () => {
    const source = { file: 'data/entries/101-000001.yaml', entry: population() };
    const claimant = {
      file: 'data/entries/101-000007.yaml',
      entry: population({
        code: '101/000007',
        issued: '2025-05-01',
        items: [
          { name: '照片', type: '通用型' },
          { name: '公民身份号码', type: '字符型', authoritative: true },
        ],
      }),
    };
    const problems = sourceClaimProblems([claimant, source]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'duplicate',
      file: 'data/entries/101-000007.yaml',
      field: 'items[1].authoritative',
    });
    expect(problems[0]!.message).toContain('公民身份号码');
    expect(problems[0]!.message).toContain('101/000001 (data/entries/101-000001.yaml');
  });
});

describe('describeEvent for a publish warning', () => {
  it('prints the flagged claim with its file and field, as a warning', () => {
    const [warning] = sourceClaimProblems([
      { file: 'data/entries/101-000001.yaml', entry: population() },
      { file: 'data/entries/101-000004.yaml', entry: population({ code: '101/000004' }) },
    ]);
    const line = describeEvent({ type: 'warning', problem: warning! });
    expect(line).toMatch(
      /^ {2}! warning: data\/entries\/101-000004\.yaml: items\[0\]\.authoritative: 信息项 "公民身份号码"/,
    );
  });
});
