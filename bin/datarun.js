#!/usr/bin/env node
// Entry point of the `datarun` CLI. It makes sure Node runs with the OpenSSL legacy provider
// (s3rver, the embedded S3 server, signs ListObjectsV2 continuation tokens with DES) and then
// loads the TypeScript CLI through tsx, so no build step stands between a clone and a run.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LEGACY = '--openssl-legacy-provider';
const hasLegacy =
  process.execArgv.includes(LEGACY) || (process.env.NODE_OPTIONS ?? '').includes(LEGACY);

if (!hasLegacy) {
  const child = spawn(
    process.execPath,
    [LEGACY, ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    {
      stdio: 'inherit',
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    },
  );
  // Ctrl-C reaches the whole process group, so the child already has its SIGINT; a SIGTERM sent
  // to this process alone is passed on. Either way we wait for the child to stop cleanly.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => child.kill('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { tsImport } = await import('tsx/esm/api');
  const cli = await tsImport('../functions/src/local/cli.ts', import.meta.url);
  await cli.main(process.argv.slice(2));
}
