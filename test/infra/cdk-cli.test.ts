import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT } from '../../infra/constructs/datarun-function.ts';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'datarun-cdk-cli-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('cdk synth', () => {
  it('synthesizes the four stacks offline from cdk.json', async () => {
    await run('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', outdir], {
      cwd: REPOSITORY_ROOT,
      env: {
        ...process.env,
        CDK_DISABLE_CLI_TELEMETRY: 'true',
        CDK_DISABLE_VERSION_CHECK: 'true',
        // No credentials: an environment-agnostic app must not need any.
        AWS_ACCESS_KEY_ID: '',
        AWS_SECRET_ACCESS_KEY: '',
        AWS_PROFILE: '',
      },
    });
    for (const stack of ['DatarunData', 'DatarunApi', 'DatarunSite', 'DatarunEdge'])
      expect(existsSync(join(outdir, `${stack}.template.json`)), stack).toBe(true);
    const manifest = JSON.parse(readFileSync(join(outdir, 'manifest.json'), 'utf8')) as {
      artifacts: Record<string, { properties?: { terminationProtection?: boolean } }>;
    };
    expect(manifest.artifacts.DatarunData?.properties?.terminationProtection).toBe(true);
  }, 120_000);
});
