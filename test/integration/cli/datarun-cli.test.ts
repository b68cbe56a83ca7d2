import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { catalogFolder, entryWithData } from '../../support/catalog-folder.ts';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const run = promisify(execFile);
const cleanup: string[] = [];

/** Runs the real `datarun` entry point, as `npx datarun` does. */
async function datarun(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [join(ROOT, 'bin/datarun.js'), ...args],
      {
        cwd: ROOT,
        env: { ...process.env, NODE_OPTIONS: '', ...env },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe('the datarun CLI', () => {
  it('lists its commands, and each command has --help', async () => {
    const help = await datarun(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['start', 'publish', 'validate', 'catalog']) {
      expect(help.stdout).toContain(command);
      const own = await datarun([command, '--help']);
      expect(own.code, command).toBe(0);
      expect(own.stdout).toContain(`Usage: datarun ${command}`);
    }
  });

  it('validates the demo catalog', async () => {
    const result = await datarun(['validate']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/agencies and \d+ entries are valid/);
  });

  it('answers bad input with the file and line, and exit code 1', async () => {
    const dir = await catalogFolder([]);
    cleanup.push(dir);
    await writeFile(
      join(dir, 'entries', '103-000001.yaml'),
      'code: 103/000001\ntitle:\n zh: a\n  en: b\n',
    );
    const result = await datarun(['validate', '--data', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${join(dir, 'entries/103-000001.yaml')}:3:6:`);
    expect(result.stderr).toContain('nothing was changed');
  });

  it('publishes with progress, then finds nothing changed, and lists the catalog', async () => {
    const state = await mkdtemp(join(tmpdir(), 'datarun-state-'));
    const dir = await catalogFolder([entryWithData('103/000001', 'p.csv')], {
      'datasets/p.csv': 'code,name\n110000,北京市\n',
    });
    cleanup.push(state, dir);
    const env = { DATARUN_STATE_DIR: state };
    const first = await datarun(['publish', '--data', dir], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('[1/1] 103/000001 行政区划代码');
    expect(first.stdout).toContain('+ 103/000001: v1 live in open/');
    const second = await datarun(['publish', '--data', dir], env);
    expect(second.stdout).toContain('= 103/000001: unchanged, v1 stays live');
    const list = await datarun(['catalog'], env);
    expect(list.stdout).toMatch(/103\/000001\s+published\s+v1 open\/ 1 rows/);
  }, 60_000);
});
