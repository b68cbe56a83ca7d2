/**
 * How row queries compare and match text. Order is by Unicode code point, as SQL's C collation
 * and DuckDB order UTF-8 text: not pinyin, not locale-aware, the same on every machine.
 */

const SURROGATE = /[\uD800-\uDFFF]/;

/** Compares two strings by code point: negative, zero or positive. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointWeight(x) - codePointWeight(y);
  }
  return a.length - b.length;
}

/**
 * UTF-16 puts U+E000–U+FFFF (full-width forms among them) after the surrogates that encode
 * U+10000 and above; moving the surrogates up restores code point order at the first unit
 * that differs.
 */
function codePointWeight(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit < 0xe000 ? unit + 0x2000 : unit - 0x800;
}

/** The comparator to sort these strings by code point: native `<` where it gives the same order. */
export function textComparator(values: readonly string[]): (a: string, b: string) => number {
  return values.some((value) => SURROGATE.test(value))
    ? compareText
    : (a, b) => (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Text as `q` compares it: NFKC (full-width letters and digits become ASCII, composed and
 * decomposed accents become one) then lower case, so `ＡＢＣ`, `abc` and `Abc` are alike.
 */
export function foldText(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}
