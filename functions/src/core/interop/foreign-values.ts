/** What portals write when a field has no value. */
const PLACEHOLDERS = new Set([
  '',
  '-',
  '_',
  '—',
  '/',
  '暂无',
  '无',
  'none',
  'null',
  'n/a',
  '默认主题',
  '默认行业',
]);

/** A field's text, trimmed; undefined when it is absent, not text, or a placeholder for none. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return PLACEHOLDERS.has(text.toLowerCase()) ? undefined : text;
}

/**
 * A field that lists values: a JSON array, a string split on `separators`, or a Python-style
 * list written as a string (`"['xls', 'api']"`). Placeholders are left out.
 */
export function listOf(value: unknown, separators: RegExp = /[,，、;；]/): string[] {
  if (Array.isArray(value)) return value.map(textOf).filter((v): v is string => v !== undefined);
  const text = textOf(value);
  if (text === undefined) return [];
  const quoted = /^\[(.*)\]$/s.exec(text);
  if (quoted) return [...quoted[1]!.matchAll(/['"]([^'"]*)['"]/g)].flatMap((m) => listOf(m[1]));
  return text
    .split(separators)
    .map(textOf)
    .filter((v): v is string => v !== undefined);
}

/** Whether a value says something: not absent, not blank, not an empty list or object. */
export function isPresent(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isPresent);
  if (value && typeof value === 'object') return Object.values(value).some(isPresent);
  if (typeof value === 'boolean') return true;
  return textOf(value) !== undefined;
}

/** Whether text holds Chinese (CJK) characters. */
export function hasCjk(text: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(text);
}

/** A plain object, or undefined. */
export function objectOf(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** The names of a record's fields that say something and that the reader did not use. */
export function unusedFields(record: Record<string, unknown>, used: ReadonlySet<string>): string[] {
  return Object.keys(record).filter((key) => !used.has(key) && isPresent(record[key]));
}

/** The last segment of an IRI (`…/frequency/ANNUAL` → `ANNUAL`), or the text itself. */
export function lastSegment(text: string): string {
  return /^https?:\/\//.test(text) ? (text.split(/[/#]/).filter(Boolean).pop() ?? text) : text;
}
