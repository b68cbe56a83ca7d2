import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStores } from '../../../../functions/src/adapters/index.ts';
import { createApi } from '../../../../functions/src/api/app.ts';
import { startEmbeddedStorage } from '../../../../functions/src/local/embedded-storage.ts';
import { catalogFolder, entryWithData } from '../../../support/catalog-folder.ts';
import { callFrom } from './access-under-test.ts';
import { runDatarun } from '../../../support/run-datarun.ts';

const cleanup: string[] = [];
let state: string;

const datarun = (args: string[]) => runDatarun(args, state);

const secretIn = (text: string) => /^(drk_[A-Za-z0-9_-]{43})$/m.exec(text)?.[1];
const idIn = (text: string) => /\b(key_[0-9a-f]{16})\b/.exec(text)?.[1];

beforeAll(async () => {
  state = await mkdtemp(join(tmpdir(), 'datarun-keys-state-'));
  const data = await catalogFolder([entryWithData('103/000001', 'p.csv')], {
    'datasets/p.csv': 'code,name\n110000,北京市\n',
  });
  cleanup.push(state, data);
  const published = await datarun(['publish', '--data', data]);
  expect(published.code, published.stderr).toBe(0);
}, 60_000);
afterAll(async () => {
  for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
});

describe('datarun key', () => {
  it('creates, lists and revokes keys, and the API then honours and refuses them', async () => {
    const plain = await datarun(['key', 'create', '--name', 'Ada', '--email', 'ada@example.org']);
    expect(plain.code, plain.stderr).toBe(0);
    const agencyKey = await datarun([
      'key',
      'create',
      '--name',
      'NBS data office',
      '--email',
      'data@stats.example.gov.cn',
      '--purpose',
      'share requests',
      '--agency',
      'nbs',
    ]);
    expect(agencyKey.code, agencyKey.stderr).toBe(0);
    expect(agencyKey.stdout).toContain('acting for agency nbs');
    const [secret, agencySecret] = [secretIn(plain.stdout), secretIn(agencyKey.stdout)];
    const [id, agencyId] = [idIn(plain.stdout), idIn(agencyKey.stdout)];
    expect(secret && agencySecret && id && agencyId).toBeTruthy();

    const list = await datarun(['key', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${id}\\s+active .*Ada <ada@example.org>`));
    expect(list.stdout).toMatch(new RegExp(`${agencyId}\\s+active .*nbs`));
    expect(list.stdout).toContain('2 key(s), 2 active');
    expect(list.stdout).not.toContain('drk_');

    const revoked = await datarun(['key', 'revoke', id!]);
    expect(revoked.code, revoked.stderr).toBe(0);
    expect(revoked.stdout).toContain(`Revoked ${id}`);
    expect((await datarun(['key', 'revoke', id!])).stdout).toContain('already revoked');
    expect((await datarun(['key', 'list'])).stdout).toMatch(new RegExp(`${id}\\s+revoked`));

    const storage = await startEmbeddedStorage({ stateDir: state });
    try {
      const stores = createStores(storage.config, storage.clients);
      const app = createApi({ stores, access: { stores } });
      const me = (key: string) =>
        callFrom(app, '192.0.2.50', '/api/v1/keys/me', { headers: { 'X-API-Key': key } });
      expect((await me(secret!)).status).toBe(401);
      const agency = await me(agencySecret!);
      expect(agency.status).toBe(200);
      expect(agency.body).toMatchObject({
        data: { id: agencyId, agency: 'nbs', purpose: 'share requests' },
      });
    } finally {
      await storage.stop();
    }
  }, 90_000);

  it('refuses bad input with the option it is about, exit code 1, and creates nothing', async () => {
    const before = (await datarun(['key', 'list'])).stdout;
    const bad = await datarun(['key', 'create', '--name', ' ', '--email', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--name: expected your name');
    expect(bad.stderr).toContain('--email: expected an e-mail address');
    const agency = await datarun([
      'key',
      'create',
      '--name',
      'X',
      '--email',
      'x@example.org',
      '--agency',
      'nobody',
    ]);
    expect(agency.code).toBe(1);
    expect(agency.stderr).toContain('--agency: no agency "nobody"; known: nbs');
    const unknown = await datarun(['key', 'revoke', 'key_0000000000000000']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no API key key_0000000000000000');
    expect((await datarun(['key', 'list'])).stdout).toBe(before);
  }, 60_000);

  it('has help for the command and each subcommand', async () => {
    for (const args of [['key'], ['key', 'create'], ['key', 'list'], ['key', 'revoke']]) {
      const help = await datarun([...args, '--help']);
      expect(help.code, args.join(' ')).toBe(0);
      expect(help.stdout).toContain(`Usage: datarun ${args.join(' ')}`);
    }
  }, 60_000);
});
