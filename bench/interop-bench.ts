/**
 * `npm run bench:interop`: the targets of issue 6, each step in a fresh process.
 * - import: the 4,494-record Shanghai export (target ≤ 5 s), and the four other portals;
 * - harvest: a 15,052-entry DCAT-AP JSON-LD catalog generated from the five real exports
 *   (bench/interop-catalog.ts) and served over HTTP (target ≤ 60 s, memory < 1 GB), then the
 *   same harvest again, which must change nothing.
 * Prints Markdown tables for docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { dcatQuads } from '../functions/src/core/exports/dcat-graph.ts';
import { toJsonLd } from '../functions/src/core/exports/dcat-serialize.ts';
import { CNPDS, PORTAL_FILES, cycledSnapshot } from './interop-catalog.ts';

const out = join(import.meta.dirname, '..', 'bench-output', 'interop');
mkdirSync(out, { recursive: true });
const env = { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

function step(args: string[]): Record<string, number | string> {
  const run = spawnSync(
    process.execPath,
    [
      '--openssl-legacy-provider',
      '--import',
      'tsx',
      join(import.meta.dirname, 'interop-step.ts'),
      ...args,
    ],
    { encoding: 'utf8', env, maxBuffer: 1 << 24 },
  );
  const line = run.stdout.split('\n').find((l) => l.startsWith('{'));
  if (run.status !== 0 || !line) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  return JSON.parse(line) as Record<string, number | string>;
}

console.error('importing the five portal exports …');
const imports: Record<string, number | string>[] = PORTAL_FILES.map((name) => ({
  name,
  ...step(['import', '--file', join(CNPDS, name), '--out', join(out, name.replace('.json', ''))]),
}));

const size = 15_052;
console.error(`generating a ${size.toLocaleString('en')}-entry DCAT-AP catalog …`);
const generated = performance.now();
const jsonld = toJsonLd(dcatQuads(await cycledSnapshot(size), 'https://national.example.gov.cn'));
const dcatFile = join(out, `dcat-${size}.jsonld`);
writeFileSync(dcatFile, jsonld);
console.error(
  `  ${(jsonld.length / 1e6).toFixed(1)} MB in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
);
console.error('harvesting it …');
const harvest = step(['harvest', '--file', dcatFile]);

console.log(
  `\nMachine: ${cpus().length} × ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()[0]!.toFixed(2)} at the end\n`,
);
console.log('| import (`importCatalog`, CNPDS) | records | entries | seconds | peak RSS |');
console.log('|---|---|---|---|---|');
for (const r of imports)
  console.log(
    `| ${r.name} | ${Number(r.records).toLocaleString('en')} | ${Number(r.entries).toLocaleString('en')} | ${Number(r.seconds).toFixed(2)} | ${Number(r.peakRssMb).toFixed(0)} MB |`,
  );
console.log(
  '\n| harvest (DCAT-AP JSON-LD over HTTP) | size | datasets | seconds | peak RSS | again: changed, seconds |',
);
console.log('|---|---|---|---|---|---|');
console.log(
  `| first run | ${(Number(harvest.bytes) / 1e6).toFixed(1)} MB | ${Number(harvest.added).toLocaleString('en')} added of ${Number(harvest.records).toLocaleString('en')} | ${Number(harvest.seconds).toFixed(1)} | ${Number(harvest.peakRssMb).toFixed(0)} MB | ${harvest.againChanged}, ${Number(harvest.againSeconds).toFixed(1)} s |`,
);
