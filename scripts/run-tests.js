#!/usr/bin/env node
// Runs the whole test suite (vitest) and ends with the plain `N passed, N failed` line CI reads.
// Arguments are passed to vitest, so `npm test -- test/unit` runs a part.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';

const report = 'test-output/vitest.json';
mkdirSync('test-output', { recursive: true });
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  { stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, 'utf8'));
  passed = results.numPassedTests ?? 0;
  // A file that fails to load has no failed tests but a failed suite: count it too.
  failed = Math.max(results.numFailedTests ?? 0, results.numFailedTestSuites ?? 0);
}
if (run.status !== 0 && failed === 0) failed = 1; // vitest itself crashed
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status ?? 1);
