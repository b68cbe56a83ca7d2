/**
 * One measured step of the interoperability benchmark, in its own process so its peak memory
 * is its own; prints one JSON line.
 *
 *   import  --file F --out DIR       `importCatalog` of a CNPDS export into an empty folder
 *   harvest --file F                 a harvest of a DCAT-AP JSON-LD file served over HTTP into
 *                                    the embedded storage
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile, rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { importCatalog } from '../functions/src/services/interop/import-catalog.ts';
import { harvestSource } from '../functions/src/services/federation/harvest-source.ts';
import { startEmbeddedStorage } from '../functions/src/local/embedded-storage.ts';
import { createStores } from '../functions/src/adapters/index.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { file: { type: 'string' }, out: { type: 'string' } },
});
const step = positionals[0];
const file = values.file!;
const peakRssMb = () => process.resourceUsage().maxRSS / 1024;

if (step === 'import') {
  await rm(values.out!, { recursive: true, force: true });
  const bytes = new Uint8Array(await readFile(file));
  const started = performance.now();
  const report = await importCatalog({ from: 'cnpds', file, bytes, outDir: values.out! });
  const seconds = (performance.now() - started) / 1000;
  console.log(
    JSON.stringify({
      step,
      records: report.records,
      entries: report.imported,
      seconds,
      peakRssMb: peakRssMb(),
    }),
  );
} else if (step === 'harvest') {
  const body = await readFile(file);
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/ld+json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/catalog/dcat.jsonld`;
  const storage = await startEmbeddedStorage();
  const stores = createStores(storage.config, storage.clients);
  const source = {
    id: 'national',
    name: { zh: '基准目录' },
    kind: 'dcat' as const,
    url,
    everyMinutes: 60,
  };
  const deps = { federation: stores.federation, audit: stores.audit };
  const started = performance.now();
  const first = await harvestSource(deps, source);
  const seconds = (performance.now() - started) / 1000;
  const againStarted = performance.now();
  const second = await harvestSource(deps, source);
  const againSeconds = (performance.now() - againStarted) / 1000;
  if (first.error || second.error) throw new Error(first.error ?? second.error);
  console.log(
    JSON.stringify({
      step,
      bytes: body.length,
      records: first.records,
      added: first.added.length,
      seconds,
      againChanged: second.added.length + second.changed.length + second.removed.length,
      againSeconds,
      peakRssMb: peakRssMb(),
    }),
  );
  server.close();
  await storage.stop();
} else {
  throw new Error(`unknown step ${step}: import or harvest`);
}
