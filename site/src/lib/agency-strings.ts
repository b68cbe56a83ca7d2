/**
 * The UI strings the agency portal's browser scripts need, taken from the i18n files at build
 * time: every `agency.*`, `signin.*` and `dispute.*` key, and the labels of the catalog terms the API answers
 * in Chinese (`term.shareType.有条件共享` → "Conditional sharing").
 */
import zhCN from '../i18n/zh-CN.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };
import { useTranslations } from './i18n.ts';
import type { Lang } from './i18n.ts';
import { TERMS, termLabel } from './vocabulary.ts';

const PREFIXES = ['agency.', 'signin.', 'dispute.'];
const TERM_KINDS = ['shareType', 'shareMethod', 'updateCycle', 'itemType'] as const;

/** The strings whose keys start with one of `prefixes`, in one language. */
export function prefixedStrings(lang: Lang, prefixes: readonly string[]): Record<string, string> {
  const all: Record<string, string> = lang === 'en' ? en : zhCN;
  return Object.fromEntries(
    Object.entries(all).filter(([key]) => prefixes.some((prefix) => key.startsWith(prefix))),
  );
}

/** The strings of the portal scripts in one language, keyed as the scripts look them up. */
export function clientStrings(lang: Lang): Record<string, string> {
  const strings = prefixedStrings(lang, PREFIXES);
  const t = useTranslations(lang);
  for (const kind of TERM_KINDS)
    for (const term of TERMS[kind] as readonly string[])
      strings[`term.${kind}.${term}`] = termLabel(t, kind, term);
  return strings;
}
