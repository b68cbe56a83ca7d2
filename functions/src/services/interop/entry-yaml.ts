/**
 * YAML for catalog files, in the block style of the demo catalog: nested mappings indented by
 * two, sequences as `- item`, a string plain where no YAML 1.2 reader could take it for anything
 * else and double-quoted (JSON escapes, which YAML shares) otherwise. Written by hand because
 * the `yaml` library's document model costs ten times as much for thousands of small files.
 */
export function toYaml(value: Readonly<Record<string, unknown>>): string {
  const lines: string[] = [];
  mapping(value, '', lines);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '{}\n';
}

function mapping(value: Readonly<Record<string, unknown>>, pad: string, lines: string[]): void {
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (Array.isArray(item)) {
      if (item.length === 0) lines.push(`${pad}${key}: []`);
      else {
        lines.push(`${pad}${key}:`);
        sequence(item, `${pad}  `, lines);
      }
    } else if (isMapping(item) && Object.keys(item).length > 0) {
      lines.push(`${pad}${key}:`);
      mapping(item, `${pad}  `, lines);
    } else if (isMapping(item)) lines.push(`${pad}${key}: {}`);
    else lines.push(`${pad}${key}: ${scalar(item)}`);
  }
}

function sequence(items: readonly unknown[], pad: string, lines: string[]): void {
  for (const item of items) {
    if (!isMapping(item)) {
      lines.push(`${pad}- ${scalar(item)}`);
      continue;
    }
    const nested: string[] = [];
    mapping(item, `${pad}  `, nested);
    lines.push(`${pad}- ${nested[0]!.trimStart()}`, ...nested.slice(1));
  }
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Strings a YAML reader would take for a number, boolean or null (1.2 core schema, and 1.1 words). */
const RESOLVED =
  /^(?:[-+]?(?:\d+|\d*\.\d*(?:e[-+]?\d+)?|\d+e[-+]?\d+|\.inf|\.nan)|0o[0-7]+|0x[\da-f]+|\.inf|\.nan|true|false|null|~|yes|no|on|off|y|n)$/i;
/** What may not stand in a plain scalar, or start or end one. */
const UNSAFE = /[\p{Cc}\u2028\u2029\ufeff]|: |\s#|:$|\s$/u;
const UNSAFE_START = /^[\s\-?:,[\]{}#&*!|>'"%@`]/u;
/** Dates and entry codes, which the catalog writes plain: the core schema keeps them strings. */
const PLAIN_CODE = /^(?:\d{4}-\d{2}-\d{2}|[0-9A-Z]{1,20}\/\d{6})$/;

function scalar(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = String(value);
  if (PLAIN_CODE.test(text)) return text;
  const plain =
    text !== '' && !RESOLVED.test(text) && !UNSAFE.test(text) && !UNSAFE_START.test(text);
  return plain ? text : JSON.stringify(text);
}
