import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { publishCatalog } from '../../../functions/src/services/publish/publish-catalog.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Problem } from '../../../functions/src/core/errors.ts';
import type { CatalogEntryInput } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { startTestStorage, storageFingerprint } from '../../support/storage.ts';
import type { TestStorage } from '../../support/storage.ts';
import { catalogFolder, entryWithData } from '../../support/catalog-folder.ts';

const GOOD = entryWithData('103/000001', 'good.csv');
const GOOD_CSV = 'code,name\n110000,北京市\n';
const CHANGED_CSV = 'code,name\n110000,北京市\n120000,天津市\n';
let storage: TestStorage;
const folders: string[] = [];

/** Publishing the good entry (with changed data) next to a bad one must fail and change nothing. */
async function rejected(
  bad: CatalogEntryInput | undefined,
  files: Record<string, string | Uint8Array>,
  edit?: (dir: string) => Promise<void>,
): Promise<Problem[]> {
  const dir = await catalogFolder(bad ? [GOOD, bad] : [GOOD], {
    'datasets/good.csv': CHANGED_CSV,
    ...files,
  });
  folders.push(dir);
  await edit?.(dir);
  const before = await storageFingerprint(storage);
  const error = await publishCatalog({
    source: new FolderCatalogSource(dir),
    stores: storage.stores,
    tmpDir: '/tmp',
  }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DatarunError);
  expect(await storageFingerprint(storage)).toBe(before);
  return [...(error as DatarunError).problems].map((p) => ({
    ...p,
    file: p.file?.replace(`${dir}/`, ''),
  }));
}

beforeAll(async () => {
  storage = await startTestStorage();
  const dir = await catalogFolder([GOOD], { 'datasets/good.csv': GOOD_CSV });
  folders.push(dir);
  await publishCatalog({
    source: new FolderCatalogSource(dir),
    stores: storage.stores,
    tmpDir: '/tmp',
  });
});
afterAll(async () => {
  await storage?.stop();
  for (const dir of folders) await rm(dir, { recursive: true, force: true });
});

describe('bad input is answered with where and what, and nothing is published', () => {
  it('a YAML syntax error names the file, line and column', async () => {
    const problems = await rejected(undefined, {}, (dir) =>
      writeFile(
        join(dir, 'entries/103-000002.yaml'),
        'code: 103/000002\ntitle:\n zh: a\n  en: b\n',
      ),
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'yaml-syntax',
        file: 'entries/103-000002.yaml',
        line: 3,
        column: 6,
      }),
      expect.objectContaining({ code: 'yaml-syntax', file: 'entries/103-000002.yaml', line: 3 }),
    ]);
  });

  it('an unknown agency is named', async () => {
    const problems = await rejected(
      { ...GOOD, code: '103/000002', provider: 'sh-unknown', data: undefined },
      {},
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'unknown-reference',
        file: 'entries/103-000002.yaml',
        field: 'provider',
      }),
    ]);
  });

  it('a missing required field is named with its line', async () => {
    const { abstract: _missing, ...entry } = { ...GOOD, code: '103/000002', data: undefined };
    const problems = await rejected(entry as CatalogEntryInput, {});
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid-field',
        field: 'abstract',
        message: 'is required',
        line: 1,
      }),
    ]);
  });

  it('有条件共享 without a condition is refused', async () => {
    const problems = await rejected(
      { ...GOOD, code: '103/000002', shareType: '有条件共享', data: undefined },
      {},
    );
    expect(problems).toEqual([
      expect.objectContaining({
        field: 'shareCondition',
        message: '有条件共享 needs a 共享条件 (shareCondition)',
      }),
    ]);
    const line = stringify({
      ...GOOD,
      code: '103/000002',
      shareType: '有条件共享',
      data: undefined,
    })
      .split('\n')
      .findIndex((l) => l.startsWith('code'));
    expect(problems[0]!.line).toBe(line + 1);
  });

  it('a ragged row names its line', async () => {
    const problems = await rejected(entryWithData('103/000002', 'ragged.csv'), {
      'datasets/ragged.csv': 'code,name\n110000,北京市\n120000,天津市,多余\n130000,河北省\n',
    });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'ragged-row', file: 'datasets/ragged.csv', line: 3 }),
    ]);
    expect(problems[0]!.message).toMatch(/expected 2 fields, found 3/);
  });

  it('bytes that decode in no supported encoding are refused', async () => {
    const bytes = Buffer.concat([
      Buffer.from('code,name\n110000,'),
      Buffer.from([0xff, 0xff, 0xff]),
      Buffer.from('\n'),
    ]);
    const problems = await rejected(entryWithData('103/000002', 'binary.csv'), {
      'datasets/binary.csv': bytes,
    });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'encoding', file: 'datasets/binary.csv', line: 2 }),
    ]);
  });

  it('a header that does not match the declared 信息项 is refused', async () => {
    const problems = await rejected(entryWithData('103/000002', 'header.csv'), {
      'datasets/header.csv': '代码,名称\n110000,北京市\n',
    });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'header-mismatch', file: 'datasets/header.csv', line: 1 }),
    ]);
    expect(problems[0]!.message).toContain('column 1 is "代码", expected "code"');
  });

  it('an empty file is refused', async () => {
    const problems = await rejected(entryWithData('103/000002', 'empty.csv'), {
      'datasets/empty.csv': '',
    });
    expect(problems).toEqual([
      expect.objectContaining({ code: 'empty-file', file: 'datasets/empty.csv' }),
    ]);
  });

  it('a value of the wrong type names the line, column and expected type', async () => {
    const entry = entryWithData('103/000002', 'typed.csv', {
      items: [
        { name: 'code', type: '字符型' },
        { name: 'population', type: '整型' },
      ],
    });
    const problems = await rejected(entry, {
      'datasets/typed.csv': 'code,population\n110000,2189\n120000,约1387万\n',
    });
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid-value',
        file: 'datasets/typed.csv',
        line: 3,
        field: 'population',
      }),
    ]);
    expect(problems[0]!.message).toMatch(/integer/);
  });

  it('a data file that does not exist is named with the entry field', async () => {
    const problems = await rejected(entryWithData('103/000002', 'missing.csv'), {});
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'file-not-found',
        file: 'entries/103-000002.yaml',
        field: 'data.path',
      }),
    ]);
  });
});
