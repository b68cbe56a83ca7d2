import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderCatalogSource } from '../../../functions/src/adapters/fs/folder-catalog-source.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { FederationSourceSchema } from '../../../functions/src/core/federation/federated-catalog.ts';
import type { HarvestReport } from '../../../functions/src/core/federation/federated-catalog.ts';
import {
  isDue,
  readFederationFile,
} from '../../../functions/src/services/federation/harvest-due.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-federation-file-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function sourcesOf(text: string) {
  await writeFile(join(dir, 'federation.yaml'), text);
  return readFederationFile(new FolderCatalogSource(dir));
}

async function problemsOf(text: string) {
  const error = await sourcesOf(text).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(DatarunError);
  return (error as DatarunError).problems;
}

describe('readFederationFile', () => {
  it('reads the sources, with every minutes 60 when not given', async () => {
    expect(
      await sourcesOf(
        'sources:\n  - id: zhoushan\n    name: { zh: 舟山 }\n    kind: datarun\n    url: http://localhost:4322\n',
      ),
    ).toEqual([
      {
        id: 'zhoushan',
        name: { zh: '舟山' },
        kind: 'datarun',
        url: 'http://localhost:4322',
        everyMinutes: 60,
      },
    ]);
  });

  it('has no sources for a folder without the file', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'datarun-no-federation-'));
    try {
      expect(await readFederationFile(new FolderCatalogSource(empty))).toEqual([]);
    } finally {
      await rm(empty, { recursive: true, force: true });
    }
  });

  it('names file, line and field of a wrong value', async () => {
    const problems = await problemsOf(
      'sources:\n  - id: zhoushan\n    name: { zh: 舟山 }\n    kind: ftp\n    url: http://localhost:4322\n',
    );
    expect(problems).toEqual([
      expect.objectContaining({
        code: 'invalid-field',
        file: join(dir, 'federation.yaml'),
        line: 4,
        field: 'sources[0].kind',
        message: expect.stringContaining('"datarun", "dcat", "ckan"'),
      }),
    ]);
  });

  it('names the line of a YAML syntax error', async () => {
    const [problem] = await problemsOf('sources:\n  - id: [zhoushan\n');
    expect(problem).toMatchObject({ code: 'yaml-syntax', file: join(dir, 'federation.yaml') });
    expect(problem?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a source id listed twice, naming the second', async () => {
    const one = '{ id: city, name: { zh: 市 }, kind: datarun, url: "http://localhost:4322" }';
    const problems = await problemsOf(`sources:\n  - ${one}\n  - ${one}\n`);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'duplicate', line: 3, field: 'sources[1].id' }),
    ]);
  });
});

describe('isDue', () => {
  const source = FederationSourceSchema.parse({
    id: 'city',
    name: { zh: '市' },
    kind: 'datarun',
    url: 'http://localhost:4322',
    everyMinutes: 30,
  });
  const run = (startedAt: string, error?: string): HarvestReport => ({
    source: 'city',
    startedAt,
    finishedAt: startedAt,
    records: 0,
    added: [],
    changed: [],
    removed: [],
    unchanged: 0,
    skipped: [],
    ...(error && { error }),
  });

  it('is due when never harvested', () => {
    expect(isDue(source, undefined, new Date('2026-11-28T10:00:00Z'))).toBe(true);
  });

  it('is due once everyMinutes have passed since the last run started, failed runs included', () => {
    const last = run('2026-11-28T10:00:00.000Z', 'unreachable');
    expect(isDue(source, last, new Date('2026-11-28T10:29:59Z'))).toBe(false);
    expect(isDue(source, last, new Date('2026-11-28T10:30:00Z'))).toBe(true);
  });
});
