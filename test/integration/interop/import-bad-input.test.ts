import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { importCatalog } from '../../../functions/src/services/interop/import-catalog.ts';
import { loadCatalog } from '../../../functions/src/services/load-catalog.ts';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const CNPDS = '/work/shared/realdata/cn-gov-open-data-catalog-metadata-cnpds';
const cleanup: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'datarun-bad-import-'));
  cleanup.push(dir);
  return dir;
}

/** Writes a fixture into a fresh temp folder and imports it into `out` there. */
async function importBytes(name: string, bytes: Uint8Array | string) {
  const dir = await tempDir();
  const file = join(dir, name);
  await writeFile(file, bytes);
  const outDir = join(dir, 'out');
  const report = await importCatalog({ from: 'cnpds', file, bytes: await readFile(file), outDir });
  return { file, outDir, report };
}

const realRecords = async (name: string): Promise<Record<string, unknown>[]> =>
  JSON.parse(await readFile(join(CNPDS, name), 'utf8'));

/** An encoder for GBK, built from the platform's decoder (Node has no GBK encoder). */
function toGbk(text: string): Uint8Array {
  const table = new Map<string, [number, number]>();
  const decoder = new TextDecoder('gbk');
  for (let lead = 0x81; lead <= 0xfe; lead++)
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (trail !== 0x7f && ch.length === 1 && ch !== '\uFFFD' && !table.has(ch))
        table.set(ch, [lead, trail]);
    }
  const out: number[] = [];
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80) out.push(code);
    else out.push(...table.get(ch)!);
  }
  return Uint8Array.from(out);
}

afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe('importCatalog with bad input', () => {
  it('imports every record of two arrays written one after the other', async () => {
    const records = await realRecords('zhejiang_zhoushan.json');
    const text = `${JSON.stringify(records.slice(0, 300), null, 4)}\n${JSON.stringify(records.slice(300), null, 4)}`;
    const { report } = await importBytes('zhejiang_zhoushan.json', text);
    expect(report).toMatchObject({ records: 522, imported: 522, skipped: [] });
  }, 60_000);

  it('keeps the records before the cut of a truncated file and lists the cut one', async () => {
    const text = await readFile(join(CNPDS, 'zhejiang_zhoushan.json'), 'utf8');
    const cut = text.slice(0, text.indexOf('"资源名称": "舟山市水雨情信息"') + 20);
    const { report, outDir } = await importBytes('zhejiang_zhoushan.json', cut);
    const lines = cut.split('\r\n'); // the export has Windows line ends
    const line = lines.findLastIndex((l) => l === '    {') + 1;
    expect(report.skipped).toEqual([
      {
        index: report.records - 1,
        line,
        column: 5,
        reason: 'the file ends inside this record (truncated)',
      },
    ]);
    expect(report.imported).toBe(report.records - 1);
    expect((await loadCatalog(new FolderCatalogSource(outDir))).entries).toHaveLength(
      report.imported,
    );
  }, 60_000);

  it('imports a GBK and a UTF-16 copy of an export like the UTF-8 original', async () => {
    const text = await readFile(join(CNPDS, 'anhui_anhui.json'), 'utf8');
    const gbk = await importBytes('anhui_anhui.json', toGbk(text));
    const utf16 = await importBytes('anhui_anhui.json', Buffer.from(`\uFEFF${text}`, 'utf16le'));
    for (const { report } of [gbk, utf16])
      expect(report).toMatchObject({ records: 700, imported: 700, skipped: [] });
    const entries = (await loadCatalog(new FolderCatalogSource(gbk.outDir))).entries;
    expect(entries.map(({ entry }) => entry.title.zh)).toContain('六次全省人口普查基本情况信息');
  }, 60_000);

  it('reads dates written five ways as the same dates', async () => {
    const records = await realRecords('anhui_anhui.json');
    const forms = [
      (d: string) => d,
      (d: string) => d.replaceAll('-0', '-').replaceAll('-', '/'),
      (d: string) => `${d.slice(0, 4)}年${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`,
      (d: string) => d.replaceAll('-', ''),
      // midnight in Beijing, as epoch milliseconds
      (d: string) => Date.parse(`${d}T00:00:00+08:00`),
    ];
    const written = records.map((r, i) => ({
      ...r,
      发布日期: forms[i % 5]!(r['发布日期'] as string),
      更新日期: forms[(i + 1) % 5]!(r['更新日期'] as string),
    }));
    const { report, outDir } = await importBytes('anhui_anhui.json', JSON.stringify(written));
    expect(report).toMatchObject({ records: 700, imported: 700, skipped: [] });
    const dates = (await loadCatalog(new FolderCatalogSource(outDir))).entries.map(({ entry }) => [
      entry.origin!.id.split('/')[1],
      entry.issued,
      entry.modified,
    ]);
    const expected = records.map((r) => [r['标题'], r['发布日期'], r['更新日期']]);
    expect(new Set(dates.map((d) => d.join()))).toEqual(
      new Set(expected.map(([t, i, m]) => [t, i, m! < i! ? i : m].join())),
    );
  }, 60_000);

  it('writes nothing for a file that is not JSON or not text', async () => {
    for (const bytes of ['这不是 JSON', Buffer.from([0x5b, 0xff, 0xfe, 0xfd, 0x5d, 0x80])]) {
      const attempt = importBytes('anhui_anhui.json', bytes);
      await expect(attempt).rejects.toBeInstanceOf(DatarunError);
    }
    const dir = cleanup[cleanup.length - 1]!;
    await expect(stat(join(dir, 'out'))).rejects.toThrow();
  });

  it('imports 10,000 records around a few broken ones, listing each with its line and column', async () => {
    const real = await realRecords('zhejiang_zhejiang.json');
    const records = Array.from({ length: 10_000 }, (_, i) => {
      const r = { ...real[i % real.length]! };
      r['详情页网址'] = `${r['详情页网址']}&copy=${i}`;
      return r;
    });
    records[7000]!['标题'] = '';
    records[9000]!['发布日期'] = '2023-02-30';
    records[9000]!['更新日期'] = '2023/2/30';
    const texts = records.map(
      (r) => `    ${JSON.stringify(r, null, 4).replaceAll('\n', '\n    ')}`,
    );
    texts[2000] = texts[2000]!.replace(/",\n/, ',\n');
    texts[5000] = texts[5000]!.replace(/"\n {4}\}$/, '",\n    }');
    const startLine = (i: number) => 2 + texts.slice(0, i).join('\n').split('\n').length;
    const { report, file, outDir } = await importBytes(
      'zhejiang_zhejiang.json',
      `[\n${texts.join(',\n')}\n]\n`,
    );
    expect(report).toMatchObject({ records: 10_000, imported: 9_996, duplicates: 0 });
    expect(report.skipped.map((s) => [s.index, s.line, s.column])).toEqual(
      [2000, 5000, 7000, 9000].map((i) => [i, startLine(i), 5]),
    );
    const reasons = report.skipped.map((s) => s.reason);
    expect(reasons[0]).toMatch(
      /^Bad control character in string literal in JSON at line \d+, column \d+$/,
    );
    expect(reasons[1]).toMatch(
      /^Expected double-quoted property name in JSON at line \d+, column 5$/,
    );
    expect(reasons[2]).toBe('no title (标题)');
    expect(reasons[3]).toBe(
      'no issued or modified date (发布日期 "2023-02-30", 更新日期 "2023/2/30")',
    );

    const run = promisify(execFile);
    const cli = await run(
      process.execPath,
      [join(ROOT, 'bin/datarun.js'), 'import', '--from', 'cnpds', file, '--out', outDir],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '' },
      },
    ).catch((error: { code: number; stdout: string }) => error);
    expect('code' in cli && cli.code).toBe(2);
    expect(cli.stdout).toMatch(/imported\s+9,996 \(created 0, updated 0, unchanged 9,996\)/);
    expect(cli.stdout).toContain(`${file}:${startLine(7000)}:5: record 7001: no title (标题)`);
  }, 120_000);
});
