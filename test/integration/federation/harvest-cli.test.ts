import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDatarun } from '../../support/run-datarun.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-harvest-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const datarun = (args: string[]) => runDatarun(args, join(dir, 'state'));

describe('datarun harvest', () => {
  it('has --help naming its options', async () => {
    const help = await datarun(['harvest', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--data', '--source', '--url', '--kind', '--id', '--list'])
      expect(help.stdout).toContain(option);
  });

  it('refuses a bad ad-hoc source by its flags, with exit code 1, before opening storage', async () => {
    const result = await datarun(['harvest', '--url', 'not a url', '--kind', 'ftp', '--id', 'X']);
    expect(result.code).toBe(1);
    for (const flag of ['--url', '--kind', '--id']) expect(result.stderr).toContain(`${flag}:`);
    expect(result.stderr).toContain('nothing was changed');
    expect(existsSync(join(dir, 'state'))).toBe(false);
  });

  it('names the file, line and field of a wrong federation.yaml', async () => {
    await writeFile(
      join(dir, 'federation.yaml'),
      'sources:\n  - id: city\n    name: { zh: 市 }\n    kind: datarun\n    url: http://localhost:4322\n    everyMinutes: 1\n',
    );
    const result = await datarun(['harvest', '--data', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `${join(dir, 'federation.yaml')}:6:19: sources[0].everyMinutes:`,
    );
  });

  it('names the sources there are when asked for one that is not listed', async () => {
    await writeFile(
      join(dir, 'federation.yaml'),
      'sources:\n  - { id: city, name: { zh: 市 }, kind: datarun, url: "http://localhost:4322" }\n',
    );
    const result = await datarun(['harvest', '--data', dir, '--source', 'town']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--source: ');
    expect(result.stderr).toContain('has no source "town"; it lists city');
  });
});
