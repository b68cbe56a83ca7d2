/**
 * `npm run bench`: generates the benchmark CSVs from the repository's real data, then measures
 * each publish step in a fresh process (so peak memory is that step's own) and prints a
 * Markdown table for docs/benchmarks.md.
 *
 *   npm run bench                 # 100 MB: scan, pipeline, whole publish
 *   npm run bench -- --large      # also 200 MB and 1 GB pipelines, for peak memory
 *
 * Then the API function: bundle size and initialisation (bench/api-cold-start.ts), and the API
 * under 200 concurrent clients (bench/api-load.ts).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';

const large = process.argv.includes('--large');
const out = join(import.meta.dirname, '..', 'bench-output');
mkdirSync(out, { recursive: true });
const tsx = ['--openssl-legacy-provider', '--import', 'tsx'];
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function generate(mb: number): { csv: string; items: string } {
  const csv = join(out, `bench-${mb}.csv`);
  const items = join(out, `bench-${mb}.items.yaml`);
  if (!existsSync(csv) || !existsSync(items)) {
    console.error(`generating ${mb} MB of CSV from data/ …`);
    const run = spawnSync(
      process.execPath,
      [
        ...tsx,
        'scripts/generate-bench-csv.ts',
        '--mb',
        String(mb),
        '--out',
        csv,
        '--schema',
        items,
      ],
      {
        stdio: 'inherit',
        env,
      },
    );
    if (run.status !== 0) throw new Error('could not generate the benchmark CSV');
  }
  return { csv, items };
}

type Result = {
  step: string;
  mb: number;
  rows: number;
  seconds: number;
  mbPerSecond: number;
  peakRssMb: number;
};

function measure(step: string, mb: number): Result {
  const { csv, items } = generate(mb);
  console.error(`measuring ${step} on ${mb} MB …`);
  const run = spawnSync(
    process.execPath,
    [...tsx, 'bench/publish-throughput.ts', '--step', step, '--csv', csv, '--items', items],
    {
      encoding: 'utf8',
      env,
      maxBuffer: 1 << 20,
    },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) throw new Error(`${step} failed:\n${run.stderr}`);
  return JSON.parse(line) as Result;
}

const plan: [string, number][] = [
  ['scan', 100],
  ['pipeline', 100],
  ['publish', 100],
  ...(large
    ? ([
        ['pipeline', 200],
        ['pipeline', 1000],
      ] as [string, number][])
    : []),
];
const results = plan.map(([step, mb]) => measure(step, mb));
console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)} at the end\n`,
);
console.log('| step | input | rows | seconds | MB/s | peak RSS |');
console.log('|---|---|---|---|---|---|');
for (const r of results)
  console.log(
    `| ${r.step} | ${r.mb.toFixed(0)} MB | ${r.rows.toLocaleString('en')} | ${r.seconds.toFixed(2)} | ${r.mbPerSecond.toFixed(1)} | ${r.peakRssMb.toFixed(0)} MB |`,
  );
console.log(
  '\nscan: the personal-data scan alone over cells already parsed (rows counts cells). pipeline: read, check, scan and write CSV, JSON and Parquet, no storage. publish: `datarun publish` into the embedded servers, uploads and catalog included.',
);

// The API function: bundle size and initialisation in fresh processes (its own table).
const api = spawnSync(process.execPath, [...tsx, 'bench/api-cold-start.ts'], {
  stdio: 'inherit',
  env,
});
if (api.status !== 0) throw new Error('the API cold-start benchmark failed');

// The API under 200 concurrent clients for 30 s (its own table).
const load = spawnSync(process.execPath, [...tsx, 'bench/api-load.ts'], { stdio: 'inherit', env });
if (load.status !== 0) throw new Error('the API load benchmark failed');

// Row queries on a published 1,000,000-row dataset (its own table).
if (
  spawnSync(process.execPath, ['--expose-gc', ...tsx, 'bench/rows-query.ts'], {
    stdio: 'inherit',
    env,
  }).status !== 0
)
  throw new Error('the row-query benchmark failed');
