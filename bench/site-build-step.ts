/**
 * One site build from a prepared input folder, in a process of its own so that its peak memory
 * is the build's alone: `node --import tsx bench/site-build-step.ts <inputDir> <outDir> <cacheDir>`.
 * Prints one JSON line with the timings and peaks.
 */
import { buildSiteFromInput } from '../functions/src/services/site/build-site.ts';

const [inputDir, outDir, cacheDir] = process.argv.slice(2);
if (!inputDir || !outDir || !cacheDir)
  throw new Error('usage: site-build-step.ts <inputDir> <outDir> <cacheDir>');
const started = Date.now();
const stats = await buildSiteFromInput({ inputDir, outDir, cacheDir });
console.log(
  JSON.stringify({
    ...stats,
    totalMs: Date.now() - started,
    // CPU time of this process (Astro; Pagefind is a child), which other load does not inflate.
    cpuMs: Math.round((process.cpuUsage().user + process.cpuUsage().system) / 1000),
    nodePeakRssBytes: process.resourceUsage().maxRSS * 1024,
  }),
);
