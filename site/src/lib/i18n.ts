import zhCN from '../i18n/zh-CN.json' with { type: 'json' };
import en from '../i18n/en.json' with { type: 'json' };

/** The site's languages: Chinese at `/`, English at `/en/`. */
export const LANGS = ['zh-CN', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The language catalog data is written in. */
export const DATA_LANG: Lang = 'zh-CN';

const STRINGS: Record<Lang, Record<string, string>> = { 'zh-CN': zhCN, en };

/** Looks up UI strings of one language: `t('search.label')`, `t('list.count', { n: 3 })`. */
export type Translate = (key: string, params?: Record<string, string | number>) => string;

/** The UI strings of a language; a missing key fails the build rather than showing a key. */
export function useTranslations(lang: Lang): Translate {
  const strings = STRINGS[lang];
  return (key, params) => {
    const text = strings[key];
    if (text === undefined) throw new Error(`i18n: no "${key}" in ${lang}.json`);
    return params
      ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole))
      : text;
  };
}

/** The path of a page in a language: `/datasets/` in Chinese is `/en/datasets/` in English. */
export function localePath(lang: Lang, path: string): string {
  return lang === 'en' ? `/en${path}` : path;
}

/** The other language, for the language switch. */
export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-CN' : 'en';
}

/** Text in the language it is written in, so pages can mark Chinese data on English pages. */
export type LangText = { text: string; lang: Lang };

/**
 * The `lang` attribute an element holding the text needs on a page in `page`: none when the
 * languages agree, so a screen reader switches voice only for Chinese data on English pages.
 */
export function langOf(text: LangText, page: Lang): Lang | undefined {
  return text.lang === page ? undefined : text.lang;
}

/** A localized catalog text in the page language, falling back to the Chinese original. */
export function pick(text: { zh: string; en?: string | undefined }, lang: Lang): LangText {
  return lang === 'en' && text.en
    ? { text: text.en, lang: 'en' }
    : { text: text.zh, lang: 'zh-CN' };
}
