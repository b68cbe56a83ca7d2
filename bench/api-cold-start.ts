/**
 * The API function as Lambda runs it: bundled with the CDK app's settings, its size, and how
 * long a fresh Node process takes to load it (the handler's initialisation, before the first
 * request). Prints a Markdown table for docs/benchmarks.md.
 *
 *   npx tsx bench/api-cold-start.ts [--runs 15]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLING } from '../infra/constructs/datarun-function.ts';
import { BUCKETS, TABLES } from '../functions/src/storage-layout.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 15);
const root = join(import.meta.dirname, '..');
const out = join(root, 'bench-output', 'api-bundle');
mkdirSync(out, { recursive: true });
const bundle = join(out, 'index.mjs');

await build({
  entryPoints: [join(root, 'functions/src/handlers/api.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLING.target,
  mainFields: [...BUNDLING.mainFields],
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap,
  sourcesContent: false,
  banner: { js: BUNDLING.banner },
  logLevel: 'warning',
});

// What the CDK app gives the function: a region and the physical name of every table and bucket.
const env: Record<string, string> = { ...process.env, AWS_REGION: 'cn-north-1' } as never;
for (const table of Object.values(TABLES)) env[table.envVar] = 'bench-table';
for (const bucket of Object.values(BUCKETS)) env[bucket.envVar] = 'bench-bucket';

const probe = `const t = performance.now(); await import(${JSON.stringify(bundle)}); console.log(performance.now() - t);`;
const inits: number[] = [];
const walls: number[] = [];
for (let i = 0; i < runs; i++) {
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', probe], {
    env,
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the bundle failed to load:\n${run.stderr}`);
  walls.push(performance.now() - started);
  inits.push(Number(run.stdout.trim()));
}

const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(values.length * p))]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
console.log(`\nAPI function bundle, ${runs} fresh processes (Node ${process.version})\n`);
console.log('| measure | value | target |');
console.log('|---|---|---|');
console.log(`| bundle size (index.mjs) | ${kb(statSync(bundle).size)} | ≤ 1024 KB |`);
console.log(
  `| handler initialisation (import), median / p90 | ${percentile(inits, 0.5).toFixed(0)} / ${percentile(inits, 0.9).toFixed(0)} ms | ≤ 300 ms |`,
);
console.log(
  `| whole fresh process (Node start + import), median | ${percentile(walls, 0.5).toFixed(0)} ms | |`,
);
