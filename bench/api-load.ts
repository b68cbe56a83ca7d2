/**
 * The API under load on loopback: the demo catalog published into fresh embedded servers,
 * the API served by the same node server `datarun start` uses, and 200 concurrent clients for
 * 30 s (autocannon) over a mix of catalog, row, download and CKAN requests. Two runs:
 * - keyed: one developer key with its limit raised out of the way, to measure throughput;
 * - anonymous: the default limit of 60 a minute from one address, so almost every answer is
 *   a deliberate 429; nothing else may fail.
 * Prints a Markdown table for docs/benchmarks.md.
 *
 *   npx tsx bench/api-load.ts [--seconds 30] [--connections 200]
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import autocannon from 'autocannon';
import type { Result } from 'autocannon';
import { FolderCatalogSource } from '../functions/src/adapters/fs/folder-catalog-source.ts';
import { createStores } from '../functions/src/adapters/index.ts';
import { createApi } from '../functions/src/api/app.ts';
import type { RateLimitSettings } from '../functions/src/core/access/rate-limit.ts';
import { DEFAULT_RATE_LIMITS } from '../functions/src/core/access/rate-limit.ts';
import { startEmbeddedStorage } from '../functions/src/local/embedded-storage.ts';
import { issueApiKey } from '../functions/src/services/access/issue-api-key.ts';
import { publishCatalog } from '../functions/src/services/publish/publish-catalog.ts';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const seconds = option('seconds', 30);
const connections = option('connections', 200);

/** What a developer's app asks for: search, one entry, pages of rows, a download, CKAN. */
const MIX = [
  '/api/v1/datasets?q=%E4%BA%BA%E5%8F%A3',
  '/api/v1/datasets/103-000004',
  '/api/v1/datasets/103-000004/rows?limit=100&name__contains=%E5%8C%BA',
  '/api/v1/datasets/301-000002/rows?limit=100',
  '/api/v1/datasets/103-000003/rows?sort=-code&limit=50',
  '/api/v1/datasets/103-000002/download?format=csv',
  '/api/v1/stats',
  '/api/3/action/package_search?q=%E4%BA%BA%E5%8F%A3&rows=5',
  '/api/3/action/datastore_search?resource_id=103-000002.v1.csv&limit=10',
].map((path) => ({ method: 'GET', path }));

console.error('publishing the demo catalog into fresh embedded servers …');
const storage = await startEmbeddedStorage();
const stores = createStores(storage.config, storage.clients);
await publishCatalog({ source: new FolderCatalogSource('data'), stores, tmpDir: '/tmp' });
const { secret } = await issueApiKey(stores.apiKeys, { name: 'bench', email: 'bench@example.org' });

async function run(
  label: string,
  limits: RateLimitSettings | undefined,
  headers: Record<string, string>,
) {
  const app = createApi({ stores, ...(limits && { access: { stores, limits } }) });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  console.error(`${label}: ${connections} clients for ${seconds} s …`);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers,
    requests: MIX,
  });
  await new Promise((resolve) => server.close(resolve));
  return { label, result };
}

const runs = [
  await run('no access control (for comparison)', undefined, {}),
  await run(
    'keyed, limit out of the way',
    { ...DEFAULT_RATE_LIMITS, keyPerMinute: 100_000_000 },
    { 'X-API-Key': secret },
  ),
  await run('anonymous, default limits', DEFAULT_RATE_LIMITS, {}),
];
await storage.stop();

const statuses = (result: Result) =>
  Object.entries(result.statusCodeStats)
    .map(([status, { count }]) => `${status}: ${count.toLocaleString('en')}`)
    .join(', ');
console.log(
  `\nAPI under load: ${connections} clients, ${seconds} s each, Node ${process.version}\n`,
);
console.log('| run | requests/s | latency p50 / p99 | answers | errors, timeouts |');
console.log('|---|---|---|---|---|');
for (const { label, result } of runs)
  console.log(
    `| ${label} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} / ${result.latency.p99} ms | ${statuses(result)} | ${result.errors}, ${result.timeouts} |`,
  );
if (runs.some(({ result }) => result.errors > 0 || result.timeouts > 0)) process.exitCode = 1;
