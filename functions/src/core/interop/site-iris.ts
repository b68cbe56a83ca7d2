import { codeSlug } from '../publish/object-keys.ts';

/**
 * The IRIs and URLs of a datarun instance served from `base` (its public origin, e.g.
 * `https://data.example.gov.cn`): the same paths the site and CloudFront serve.
 */
export function siteIris(base: string) {
  const origin = base.replace(/\/+$/, '');
  return {
    origin,
    catalog: `${origin}/catalog/dcat.jsonld`,
    dataset: (code: string) => `${origin}/datasets/${codeSlug(code)}/`,
    agency: (code: string) => `${origin}/agencies/${code}/`,
    /** A published object (distribution, schema) by its key in the open bucket. */
    object: (key: string) => `${origin}/${key}`,
    exportFile: (key: string) => `${origin}/${key}`,
  };
}
export type SiteIris = ReturnType<typeof siteIris>;
