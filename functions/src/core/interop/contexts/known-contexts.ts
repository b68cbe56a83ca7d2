import { DCAT_AP_3_0_1_CONTEXT } from './dcat-ap-3.0.1.context.ts';

const EXAMPLES = 'DCAT-AP/releases/3.0.0/html/examples/context.jsonld';
const EXAMPLES_301 = 'DCAT-AP/releases/3.0.1/html/examples/context.jsonld';

/**
 * The 3.0.0 examples' context (SEMICeu/DCAT-AP, `releases/3.0.0/html/examples/context.jsonld`)
 * differs from 3.0.1 only in naming the Dublin Core prefix `dcterms` instead of `dct`; the
 * 3.0.1 examples still link to it.
 */
const DCAT_AP_3_0_0_CONTEXT = (() => {
  const { dct, ...rest } = DCAT_AP_3_0_1_CONTEXT['@context'];
  return { '@context': { ...rest, dcterms: dct } };
})();

/**
 * Remote JSON-LD contexts that datarun serves from the repository, by the URLs documents name
 * them with. Any other remote context is refused: datarun does not fetch from the network.
 */
export const KNOWN_CONTEXTS: ReadonlyMap<string, object> = new Map<string, object>([
  [`https://semiceu.github.io/uri.semic.eu-generated/${EXAMPLES}`, DCAT_AP_3_0_0_CONTEXT],
  [`https://semiceu.github.io/${EXAMPLES}`, DCAT_AP_3_0_0_CONTEXT],
  [`https://semiceu.github.io/uri.semic.eu-generated/${EXAMPLES_301}`, DCAT_AP_3_0_1_CONTEXT],
  [`https://semiceu.github.io/${EXAMPLES_301}`, DCAT_AP_3_0_1_CONTEXT],
]);

/** A known context document by its URL (ignoring `http:` versus `https:`), or undefined. */
export function knownContext(url: string): object | undefined {
  return KNOWN_CONTEXTS.get(url.replace(/^http:\/\//i, 'https://'));
}
