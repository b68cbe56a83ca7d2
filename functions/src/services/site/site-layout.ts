import { join } from 'node:path';
import { codeSlug } from '../../core/publish/object-keys.ts';

// The layout of a site input folder, shared by the exporter and the Astro site. It imports no
// schema library, so the site's server bundle stays small.

/** The environment variable through which the Astro build learns where its input folder is. */
export const SITE_INPUT_ENV = 'DATARUN_SITE_INPUT';

/** The environment variable that limits an Astro build to some languages (`zh-CN,en`). */
export const SITE_LANGS_ENV = 'DATARUN_SITE_LANGS';

/** The files of a site input folder; the Astro site reads them by these names. */
export const SITE_INPUT_FILES = {
  snapshot: 'catalog.json',
  options: 'site.json',
  previews: 'previews',
} as const;

/** The path of one entry's preview file inside a site input folder. */
export function previewPath(inputDir: string, code: string): string {
  return join(inputDir, SITE_INPUT_FILES.previews, `${codeSlug(code)}.json`);
}
