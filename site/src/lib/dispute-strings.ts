/**
 * The UI strings of the public dispute pages' scripts (the report form, the status page), taken
 * from the i18n files at build time: the `dispute.*` keys and the deadline words the portal uses.
 */
import type { Lang } from './i18n.ts';
import { prefixedStrings } from './agency-strings.ts';

const PREFIXES = ['dispute.', 'agency.deadline.'];

/** The strings of the dispute scripts in one language, keyed as the scripts look them up. */
export function disputeStrings(lang: Lang): Record<string, string> {
  return prefixedStrings(lang, PREFIXES);
}
