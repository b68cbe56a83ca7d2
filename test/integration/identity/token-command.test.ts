import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runToken } from '../../../functions/src/local/commands/token.ts';
import { createLocalIssuer } from '../../../functions/src/adapters/identity/local-issuer.ts';

let stateDir: string;
beforeAll(async () => {
  stateDir = await mkdtemp(join(tmpdir(), 'datarun-token-'));
});
afterAll(() => rm(stateDir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

/** Runs the command, capturing what it writes to stdout and stderr. */
async function token(options: Omit<Parameters<typeof runToken>[0], 'dataDir' | 'stateDir'>) {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => out.push(String(chunk)) > 0);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => err.push(String(chunk)) > 0);
  const issued = await runToken({ ...options, dataDir: 'data', stateDir });
  vi.restoreAllMocks();
  const identity = await createLocalIssuer({ stateDir }).verifier().verify(issued.token);
  return { issued, identity, stdout: out.join(''), stderr: err.join('') };
}

describe('runToken', () => {
  it("signs as the agency's demo user and prints only the token on stdout", async () => {
    const { issued, identity, stdout, stderr } = await token({
      agency: 'sh-foreign-affairs',
      role: 'provider',
    });
    expect(stdout).toBe(`${issued.token}\n`);
    expect(identity).toMatchObject({
      user: 'demo-provider-sh-foreign-affairs',
      name: '演示用户·上海市外办数据提供方审批人',
      agency: 'sh-foreign-affairs',
      roles: ['provider'],
    });
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(
      /^Token for demo-provider-sh-foreign-affairs .*provider at sh-foreign-affairs, valid until \d{4}-\d\d-\d\dT/,
    );
  });

  it('makes up an id and a descriptive name where the agency has no demo user in that role', async () => {
    const { identity } = await token({ agency: 'nbs', role: 'consumer' });
    expect(identity).toMatchObject({
      user: 'local-consumer-nbs',
      name: '国家统计局（consumer）',
      roles: ['consumer'],
    });
  });

  it('gives several roles, and the id and name asked for', async () => {
    const { identity } = await token({
      agency: 'sh-civil-affairs',
      role: 'consumer, provider',
      user: 'ops-test',
      name: '运维测试',
    });
    expect(identity).toMatchObject({
      user: 'ops-test',
      name: '运维测试',
      roles: ['consumer', 'provider'],
    });
  });

  it('lasts the hours asked for', async () => {
    const { issued } = await token({ agency: 'zj-police', role: 'provider', hours: 2 });
    const seconds = issued.expiresAt - Math.floor(Date.now() / 1000);
    expect(seconds).toBeGreaterThan(2 * 3600 - 60);
    expect(seconds).toBeLessThanOrEqual(2 * 3600);
  });

  it('names the known agencies when the agency is not one', async () => {
    await expect(token({ agency: 'sh-nowhere', role: 'consumer' })).rejects.toThrow(
      /--agency: no agency "sh-nowhere" in data\/agencies\.yaml; known: nbs, zj-survey, .*ah-stats/,
    );
  });

  it('names the four roles when the role is not one', async () => {
    for (const role of ['auditor', '', 'consumer,boss'])
      await expect(token({ agency: 'nbs', role })).rejects.toThrow(
        /--role: .*; choose from consumer, provider, reviewer, admin$/,
      );
  });

  it('refuses a demo user id for an agency or role that user does not have', async () => {
    await expect(
      token({ agency: 'zj-market', role: 'provider', user: 'demo-consumer-zj-market' }),
    ).rejects.toThrow(
      '--user: the demo user demo-consumer-zj-market is consumer at zj-market, not provider at zj-market',
    );
  });
});

describe('datarun token', () => {
  it('prints a token that TOKEN=$(npx datarun token …) can capture', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['bin/datarun.js', 'token', '--agency', 'zj-big-data', '--role', 'reviewer'],
      { env: { ...process.env, DATARUN_STATE_DIR: stateDir } },
    );
    expect(stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    const identity = await createLocalIssuer({ stateDir }).verifier().verify(stdout.trim());
    expect(identity.user).toBe('demo-reviewer-zj-big-data');
    expect(stderr).toMatch(/reviewer at zj-big-data/);
  });
});
