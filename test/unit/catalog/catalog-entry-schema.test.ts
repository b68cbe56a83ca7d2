import { describe, expect, it } from 'vitest';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { openEntry } from '../../support/entries.ts';

function issues(input: unknown) {
  const result = CatalogEntrySchema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('CatalogEntrySchema', () => {
  it('accepts a complete open entry and fills defaults', () => {
    const entry = CatalogEntrySchema.parse(openEntry({ related: undefined, keywords: undefined }));
    expect(entry.related).toEqual([]);
    expect(entry.items[0]).toMatchObject({ required: false, key: false });
  });

  it('requires a 共享条件 for 有条件共享', () => {
    expect(issues(openEntry({ shareType: '有条件共享' }))).toContainEqual({
      path: 'shareCondition',
      message: '有条件共享 needs a 共享条件 (shareCondition)',
    });
    expect(issues(openEntry({ shareType: '有条件共享', shareCondition: '用于政务服务' }))).toEqual(
      [],
    );
  });

  it('requires a legal basis for 不予共享', () => {
    expect(issues(openEntry({ shareType: '不予共享' })).map((i) => i.path)).toEqual(['shareBasis']);
  });

  it('requires a 开放条件 for 有条件开放', () => {
    expect(issues(openEntry({ openType: '有条件开放' })).map((i) => i.path)).toEqual([
      'openCondition',
    ]);
  });

  it('allows only level 1 to be 无条件开放', () => {
    for (const level of [2, 3, 4] as const)
      expect(issues(openEntry({ level }))).toContainEqual({
        path: 'level',
        message: `only level 1 may be 无条件开放; this entry is level ${level}`,
      });
  });

  it('keeps sensitive and core data (levels 3 and 4) closed', () => {
    expect(
      issues(openEntry({ level: 3, openType: '有条件开放', openCondition: '申请' })).map(
        (i) => i.path,
      ),
    ).toEqual(['level']);
    expect(issues(openEntry({ level: 2, openType: '有条件开放', openCondition: '申请' }))).toEqual(
      [],
    );
    expect(issues(openEntry({ level: 4, openType: '不予开放' }))).toEqual([]);
  });

  it('rejects values outside the vocabularies', () => {
    expect(issues(openEntry({ updateCycle: '每两年' as never })).map((i) => i.path)).toEqual([
      'updateCycle',
    ]);
    expect(issues(openEntry({ category: '主题/旅游' as never })).map((i) => i.path)).toEqual([
      'category',
    ]);
    expect(issues(openEntry({ format: 'CSV' as never })).map((i) => i.path)).toEqual(['format']);
  });

  it('rejects codes that are not 分类码/顺序码', () => {
    for (const code of ['101-000001', '101/1', 'abc/000001', '/000001'])
      expect(issues(openEntry({ code })).map((i) => i.path)).toEqual(['code']);
  });

  it('rejects dates that do not exist and a modified date before issued', () => {
    expect(issues(openEntry({ issued: '2023-02-30' })).map((i) => i.path)).toContain('issued');
    expect(
      issues(openEntry({ issued: '2023-07-01', modified: '2023-06-30' })).map((i) => i.path),
    ).toEqual(['modified']);
  });

  it('rejects a 信息项 named twice and unknown fields', () => {
    const twice = openEntry({
      items: [
        { name: 'a', type: '字符型' },
        { name: 'a', type: '整型' },
      ],
    });
    expect(issues(twice).map((i) => i.path)).toEqual(['items.1.name']);
    expect(issues({ ...openEntry(), colour: 'red' }).map((i) => i.path)).toEqual(['']);
  });
});
