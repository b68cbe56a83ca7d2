import type { Lang } from './i18n.ts';

// Formatters are made once per language: building an Intl formatter costs far more than using
// it, and a large catalog formats hundreds of thousands of dates and numbers.
const LOCALES: Record<Lang, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };

function perLang<T>(make: (locale: string, lang: Lang) => T): (lang: Lang) => T {
  const made = new Map<Lang, T>();
  return (lang) => {
    let value = made.get(lang);
    if (!value) {
      value = make(LOCALES[lang], lang);
      made.set(lang, value);
    }
    return value;
  };
}

const integers = perLang((locale) => new Intl.NumberFormat(locale));
const percents = perLang(
  (locale) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }),
);
const decimals = perLang((locale) => new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }));
const dates = perLang(
  (locale, lang) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: lang === 'en' ? 'short' : 'long',
      day: 'numeric',
      timeZone: 'UTC',
    }),
);

/** A count with the language's digit grouping: 15,052. */
export function formatNumber(value: number, lang: Lang): string {
  return integers(lang).format(value);
}

/** A number with at most one decimal: 2.5. */
export function formatDecimal(value: number, lang: Lang): string {
  return decimals(lang).format(value);
}

/** A share as a percentage with one decimal: 24.6%. */
export function formatPercent(value: number, lang: Lang): string {
  return percents(lang).format(value);
}

/** A calendar date (YYYY-MM-DD or a timestamp) as people write it: 2024年11月28日, 28 Nov 2024. */
export function formatDate(value: string, lang: Lang): string {
  return dates(lang).format(new Date(value.length === 10 ? `${value}T00:00:00Z` : value));
}

const dateTimes = perLang(
  (locale, lang) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: lang === 'en' ? 'short' : 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone: 'Asia/Shanghai',
    }),
);

const chinaDates = perLang(
  (locale, lang) =>
    new Intl.DateTimeFormat(locale, {
      year: 'numeric',
      month: lang === 'en' ? 'short' : 'long',
      day: 'numeric',
      timeZone: 'Asia/Shanghai',
    }),
);

/** The day of a moment (an ISO timestamp) in China Standard Time: 2026年11月29日. */
export function formatDateInChina(value: string, lang: Lang): string {
  return chinaDates(lang).format(new Date(value));
}

/**
 * A moment (an ISO timestamp) in China Standard Time, the zone the platforms harvested here
 * work in: 2026年11月28日 18:17. Pages say which zone it is (`common.chinaTime`).
 */
export function formatDateTime(value: string, lang: Lang): string {
  return dateTimes(lang).format(new Date(value));
}

/** A file size in binary units: 77.6 KB, 1.9 MB. */
export function formatBytes(bytes: number, lang: Lang): string {
  if (bytes < 1024) return `${formatNumber(bytes, lang)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const number = value < 10 ? decimals(lang).format(value) : formatNumber(Math.round(value), lang);
  return `${number} ${units[unit]}`;
}

/** Text cut to a length at a character boundary, with an ellipsis. */
export function clip(text: string, length: number): string {
  if (text.length <= length) return text;
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}
