#!/usr/bin/env node
// The one gate: types, lint and format, then the whole vitest suite (unit, integration, infra
// synth, e2e). Ends with the plain `N passed, N failed` line CI reads; a failed static check
// counts as a failure. Arguments go to vitest alone: `npm test -- test/unit` runs a part.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env }).status === 0;
const vitestArgs = process.argv.slice(2);

let failedChecks = 0;
if (vitestArgs.length === 0) {
  for (const [name, args] of [
    ['typecheck', ['tsc', '--noEmit']],
    ['lint', ['eslint', '.']],
    ['format', ['prettier', '--check', '.', '--log-level', 'warn']],
  ]) {
    console.log(`\n▶ ${name}`);
    if (!run('npx', args)) {
      failedChecks++;
      console.log(`✗ ${name} failed`);
    }
  }
}

const report = 'test-output/vitest.json';
mkdirSync('test-output', { recursive: true });
rmSync(report, { force: true });
console.log('\n▶ tests');
const ok = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...vitestArgs,
]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests ?? 0;
  // A file that fails to load has no failed tests but a failed suite: count it too.
  failed = Math.max(results.numFailedTests ?? 0, results.numFailedTestSuites ?? 0);
}
if (!ok && failed === 0) failed = 1; // vitest itself crashed
failed += failedChecks;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
