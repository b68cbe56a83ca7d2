import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { codeSlug } from '../functions/src/core/publish/object-keys.ts';

/** The code of the one entry every benchmark publishes. */
export const BENCH_CODE = '201/900001';

/** The benchmark entry: open, level 1, its data the generated CSV with the given 信息项. */
export function benchEntry(items: unknown) {
  return {
    code: BENCH_CODE,
    title: { zh: '政务服务办件登记（基准测试）' },
    abstract: { zh: '由真实行政区划与目录条目生成的基准数据。' },
    provider: 'bench',
    category: '主题/公共服务',
    format: '电子表格',
    items,
    shareType: '无条件共享',
    shareMethod: ['文件'],
    openType: '无条件开放',
    updateCycle: '每日',
    issued: '2026-11-28',
    modified: '2026-11-28',
    level: 1,
    status: 'approved',
    data: { path: 'datasets/bench.csv' },
  };
}

/** A catalog folder under `work` with the benchmark agency and entry, its data linked to `csv`. */
export async function writeBenchCatalog(
  work: string,
  csv: string,
  items: unknown,
): Promise<string> {
  const data = join(work, 'data');
  await mkdir(join(data, 'entries'), { recursive: true });
  await mkdir(join(data, 'datasets'));
  await symlink(csv, join(data, 'datasets', 'bench.csv'));
  await writeFile(
    join(data, 'agencies.yaml'),
    stringify({
      agencies: [{ code: 'bench', name: { zh: '基准测试中心' }, level: '省级', region: '310000' }],
    }),
  );
  await writeFile(
    join(data, 'entries', `${codeSlug(BENCH_CODE)}.yaml`),
    stringify(benchEntry(items)),
  );
  return data;
}
