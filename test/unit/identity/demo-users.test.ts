import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAgenciesFile } from '../../../functions/src/core/catalog/parse-source.ts';
import {
  demoUserFor,
  parseDemoUsersFile,
} from '../../../functions/src/core/identity/demo-users.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { loadDemoDirectory } from '../../../functions/src/adapters/identity/demo-directory.ts';

const AGENCIES_TEXT = readFileSync('data/agencies.yaml', 'utf8');
const AGENCY_CODES = parseAgenciesFile({
  path: 'data/agencies.yaml',
  text: AGENCIES_TEXT,
}).value!.map((agency) => agency.code);
const USERS_TEXT = readFileSync('data/users.yaml', 'utf8');

const parse = (text: string) => parseDemoUsersFile({ path: 'users.yaml', text }, AGENCY_CODES);

describe('parseDemoUsersFile', () => {
  it('reads data/users.yaml: every user at a real agency of data/agencies.yaml', () => {
    const { value, problems } = parse(USERS_TEXT);
    expect(problems).toEqual([]);
    expect(value!.length).toBeGreaterThanOrEqual(6);
    for (const user of value!) {
      expect(AGENCY_CODES).toContain(user.agency);
      expect(user.id).toBe(`demo-${user.roles[0]}-${user.agency}`);
      expect(user.name.zh).toMatch(/^演示用户·/);
    }
  });

  it('has the users of the walk-throughs: 314/000002 in Shanghai, 101/000001 in Zhejiang', () => {
    const users = parse(USERS_TEXT).value!;
    for (const [agency, role] of [
      ['sh-civil-affairs', 'consumer'],
      ['sh-foreign-affairs', 'provider'],
      ['zj-big-data', 'reviewer'],
      ['zj-big-data', 'admin'],
      ['zj-police', 'provider'],
      ['zj-market', 'consumer'],
    ] as const)
      expect(demoUserFor(users, agency, [role])?.id, `${role} at ${agency}`).toBe(
        `demo-${role}-${agency}`,
      );
  });

  it('names file, line, column and field of an agency the catalog does not have', () => {
    const text = [
      'users:',
      '  - id: demo-consumer-sh-civil-affairs',
      '    name: { zh: 演示用户·上海市民政局共享申请人 }',
      '    agency: sh-civil-affairs',
      '    roles: [consumer]',
      '  - id: demo-consumer-nowhere',
      '    name: { zh: 演示用户·不存在的部门 }',
      '    agency: sh-nowhere',
      '    roles: [consumer]',
    ].join('\n');
    expect(parse(text)).toEqual({
      problems: [
        {
          code: 'unknown-reference',
          message: `no agency "sh-nowhere" in the catalog's agencies.yaml`,
          file: 'users.yaml',
          line: 8,
          column: 13,
          field: 'users[1].agency',
        },
      ],
    });
  });

  it('names the line of a bad field, an unknown role and an id given twice', () => {
    const text = [
      'users:',
      '  - id: demo-a',
      '    name: { zh: 演示用户·甲 }',
      '    agency: nbs',
      '    roles: [auditor]',
      '  - id: demo-b',
      '    agency: nbs',
      '    roles: [admin]',
    ].join('\n');
    const { problems } = parse(text);
    expect(problems.map((p) => [p.code, p.line, p.field])).toEqual([
      ['invalid-field', 5, 'users[0].roles[0]'],
      ['invalid-field', 6, 'users[1].name'],
    ]);
    const twice = [
      'users:',
      '  - { id: demo-a, name: { zh: 甲 }, agency: nbs, roles: [admin] }',
      '  - { id: demo-a, name: { zh: 乙 }, agency: nbs, roles: [admin, admin] }',
    ].join('\n');
    expect(parse(twice).problems.map((p) => [p.code, p.line, p.field, p.message])).toEqual([
      ['invalid-field', 3, 'users[1].roles', 'lists a role twice'],
    ]);
    const duplicate = twice.replace('[admin, admin]', '[consumer]');
    expect(parse(duplicate).problems).toEqual([
      expect.objectContaining({ code: 'duplicate', line: 3, field: 'users[1].id' }),
    ]);
  });

  it('reports broken YAML with its line', () => {
    const { problems } = parse('users:\n  - id: demo-a\n    id: demo-b\n');
    expect(problems[0]).toMatchObject({ code: 'yaml-syntax', file: 'users.yaml', line: 3 });
  });
});

describe('loadDemoDirectory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'datarun-users-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads the agencies and users of data/', async () => {
    const { agencies, users } = await loadDemoDirectory('data');
    expect(agencies.map((a) => a.code)).toEqual(AGENCY_CODES);
    expect(users).toEqual(parse(USERS_TEXT).value);
  });

  it('has no demo users where there is no users.yaml', async () => {
    await copyFile('data/agencies.yaml', join(dir, 'agencies.yaml'));
    expect((await loadDemoDirectory(dir)).users).toEqual([]);
  });

  it('throws every problem of users.yaml, naming the file', async () => {
    await writeFile(
      join(dir, 'users.yaml'),
      'users:\n  - { id: demo-x, name: { zh: 甲 }, agency: xx-none, roles: [admin] }\n',
    );
    const error = await loadDemoDirectory(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatarunError);
    expect((error as Error).message).toBe(
      `${join(dir, 'users.yaml')}:2:44: users[0].agency: no agency "xx-none" in the catalog's agencies.yaml`,
    );
  });

  it('says where agencies.yaml was looked for when it is missing', async () => {
    await expect(loadDemoDirectory(join(dir, 'nowhere'))).rejects.toThrow(
      /nowhere\/agencies\.yaml: no agencies\.yaml here/,
    );
  });
});
