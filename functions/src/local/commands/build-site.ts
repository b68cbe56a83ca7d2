import { join, relative } from 'node:path';
import { createStores } from '../../adapters/index.ts';
import { SITE_ROOT, buildSite } from '../../services/site/build-site.ts';
import type { SiteBuildEvent } from '../../services/site/build-site.ts';
import { stateDir } from '../storage-session.ts';
import type { StorageSession } from '../storage-session.ts';

export type BuildSiteCommandOptions = {
  /** Where the built site goes. @default siteDist() */
  outDir?: string;
  /** The origin the site is served from, for absolute links. */
  siteUrl: string;
  /** Rebuild even when nothing changed. */
  force?: boolean;
};

/**
 * The default output folder of the site build: site/dist, or inside the state folder when
 * DATARUN_STATE_DIR names one, so two local instances (the federation demo) keep their own sites.
 */
export function siteDist(): string {
  return process.env.DATARUN_STATE_DIR ? join(stateDir(), 'dist') : join(SITE_ROOT, 'dist');
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function describe(event: SiteBuildEvent): string {
  switch (event.type) {
    case 'snapshot':
      return `Site: public snapshot with ${event.entries} entries, ${event.withData} with data`;
    case 'unchanged':
      return `  = nothing changed since the last build; serving ${relative(process.cwd(), event.outDir) || '.'} as it is`;
    case 'previews':
      return `  previews of the first rows of ${event.count} dataset(s) read in ${seconds(event.ms)}`;
    case 'pages':
      return `  Astro: ${event.pages} pages in ${seconds(event.ms)}`;
    case 'index':
      return `  Pagefind: ${event.records} entries indexed in ${seconds(event.ms)}`;
    case 'built':
      return `Site built into ${relative(process.cwd(), event.outDir) || '.'} in ${seconds(event.ms)}`;
  }
}

/** Builds the public site from what storage holds, printing progress; answers whether it built. */
export async function runBuildSite(
  session: StorageSession,
  options: BuildSiteCommandOptions,
): Promise<boolean> {
  const { built } = await buildSite(createStores(session.config, session.clients).objects, {
    siteUrl: options.siteUrl,
    outDir: options.outDir ?? siteDist(),
    workDir: join(stateDir(), 'site'),
    force: options.force ?? false,
    onEvent: (event) => console.log(describe(event)),
  });
  return built;
}
