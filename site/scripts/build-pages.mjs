// Renders the portal's pages with Astro's programmatic build(), in a Node process of its own and
// without a TypeScript loader: Vite compiles the site's TypeScript itself, and a loader hooked
// into every import (tsx) made the build a third slower and twice as large in memory.
// Usage: node site/scripts/build-pages.mjs <outDir> <cacheDir> <siteUrl>; the catalog input
// folder comes in DATARUN_SITE_INPUT. Prints one JSON line: pages written (of them English), the
// process's CPU time and peak memory.
import { build } from 'astro';
import { fileURLToPath } from 'node:url';

const [outDir, cacheDir, siteUrl] = process.argv.slice(2);
if (!outDir || !cacheDir || !siteUrl || !process.env.DATARUN_SITE_INPUT) {
  console.error(
    'usage: DATARUN_SITE_INPUT=<dir> node build-pages.mjs <outDir> <cacheDir> <siteUrl>',
  );
  process.exit(2);
}
process.env.ASTRO_TELEMETRY_DISABLED = '1';
const built = { pages: 0, english: 0 };
await build(
  {
    root: fileURLToPath(new URL('..', import.meta.url)),
    outDir,
    cacheDir,
    site: siteUrl,
    logLevel: 'warn',
    // Everything bundled: the server chunks run from the output folder, which may be anywhere.
    vite: { cacheDir: `${cacheDir}/vite`, logLevel: 'warn', ssr: { noExternal: true } },
    integrations: [
      {
        name: 'datarun-page-count',
        hooks: {
          'astro:build:done': ({ pages }) => {
            built.pages = pages.length;
            built.english = pages.filter((page) => page.pathname.startsWith('en/')).length;
          },
        },
      },
    ],
  },
  { teardownCompiler: true },
);
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    ...built,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
