import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDatarun } from '../../support/run-datarun.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-cross-check-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const datarun = (args: string[]) => runDatarun(args, join(dir, 'state'));

describe('datarun cross-check', () => {
  it('has --help naming its options', async () => {
    const help = await datarun(['cross-check', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--data', '--json']) expect(help.stdout).toContain(option);
  });

  it('says there is nothing to check without a cross-checks.yaml, and opens no storage', async () => {
    const result = await datarun(['cross-check', '--data', dir]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`No cross-checks: ${join(dir, 'cross-checks.yaml')}`);
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('names the file, line and field of a wrong cross-checks.yaml, with exit code 1', async () => {
    await writeFile(
      join(dir, 'cross-checks.yaml'),
      [
        'checks:',
        '  - id: province-codes',
        '    title: { zh: 省级区划代码一致, en: Province codes match }',
        '    field: 省级区划代码',
        '    reference: { code: 103/000002, column: code }',
        '    compare: [ { code: 103/000003, column: provinceCode } ]',
        '    maxFindings: 0',
      ].join('\n'),
    );
    const result = await datarun(['cross-check', '--data', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${join(dir, 'cross-checks.yaml')}:7:18: checks[0].maxFindings:`,
    );
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });
});
