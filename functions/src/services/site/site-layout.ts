import { join } from 'node:path';
import { codeSlug } from '../../core/publish/object-keys.ts';

// The layout of a site input folder and the paths and values the build service and the Astro site
// must agree on. It imports no schema library, so the site's server bundle stays small.

/** The environment variable through which the Astro build learns where its input folder is. */
export const SITE_INPUT_ENV = 'DATARUN_SITE_INPUT';

/** The environment variable that limits an Astro build to some languages (`zh-CN,en`). */
export const SITE_LANGS_ENV = 'DATARUN_SITE_LANGS';

/** The files of a site input folder; the Astro site reads them by these names. */
export const SITE_INPUT_FILES = {
  snapshot: 'catalog.json',
  options: 'site.json',
  previews: 'previews',
  /** The harvested catalogs, one per federation source, publicly listed entries only. */
  federation: 'federation.json',
  /** The quality report (`catalog/quality.json`), when one has been published. */
  quality: 'quality.json',
  /** The public corrections log (`catalog/corrections.json`), when one has been published. */
  corrections: 'corrections.json',
} as const;

/** The path of one entry's preview file inside a site input folder. */
export function previewPath(inputDir: string, code: string): string {
  return join(inputDir, SITE_INPUT_FILES.previews, `${codeSlug(code)}.json`);
}

/** The path of a harvested entry's page: `/federated/{source}/{code-slug}/`. */
export function federatedEntryPath(sourceId: string, code: string): string {
  return `/federated/${sourceId}/${codeSlug(code)}/`;
}

/**
 * The search index's `source` filter value for this platform's own entries. Harvested entries
 * carry their source's id, which starts with a letter, so the two cannot be confused.
 */
export const OWN_SOURCE = '_local';
