import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { SITE_INPUT_ENV, SITE_LANGS_ENV } from './site-layout.ts';

export type AstroBuildOptions = {
  /** The Astro project (`site/`); its `scripts/build-pages.mjs` runs the build. */
  siteRoot: string;
  /** Where the pages go; emptied first. */
  outDir: string;
  /** The site input folder the pages are built from. */
  inputDir: string;
  /** Astro's and Vite's caches, kept out of the source tree. */
  cacheDir: string;
  siteUrl: string;
  /** Render only the pages of these languages; all when absent. */
  langs?: readonly string[];
};

/** What the Astro process reports: pages written (of them English), CPU time and peak memory. */
export type AstroBuildResult = {
  pages: number;
  english: number;
  cpuMs: number;
  peakRssBytes: number;
};

/**
 * Runs the Astro build of the portal in a child Node process. The pages read the catalog from
 * the input folder named by an environment variable, as Astro offers no other way to hand data
 * to `getStaticPaths`; a process of its own keeps the build's memory out of a long-running
 * server and lets the search index be built at the same time on the other core.
 */
export function buildAstroSite(options: AstroBuildOptions): Promise<AstroBuildResult> {
  const script = join(options.siteRoot, 'scripts', 'build-pages.mjs');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [script, options.outDir, options.cacheDir, options.siteUrl],
      {
        env: {
          ...process.env,
          [SITE_INPUT_ENV]: options.inputDir,
          [SITE_LANGS_ENV]: options.langs?.join(',') ?? '',
          // The parent may run under a TypeScript loader; the build must not.
          NODE_OPTIONS: '',
          // libuv's io_uring file I/O cost five times the system time of the thread pool for the
          // tens of thousands of small page files a large catalog writes (measured on Linux VMs).
          UV_USE_IO_URING: '0',
          ASTRO_TELEMETRY_DISABLED: '1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        // Astro writes its server chunks inside the output folder when that is under the working
        // directory, and into a shared `./.astro/` otherwise: two builds at once would collide.
        cwd: dirname(options.outDir),
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) =>
      reject(new Error(`the site pages could not be built: Astro did not start`, { cause: error })),
    );
    child.on('exit', (code, signal) => {
      const report = stdout.split('\n').find((line) => line.startsWith('{'));
      if (code === 0 && report) return resolve(JSON.parse(report) as AstroBuildResult);
      const detail = (stderr || stdout).trim().split('\n').slice(-12).join('\n');
      reject(
        new Error(
          `the site pages could not be built (Astro exited with ${signal ?? `code ${code}`}):\n${detail}`,
          { cause: new Error(stderr || stdout) },
        ),
      );
    });
  });
}
