/**
 * Reads the real public data in /work/shared/realdata as cells, the way the publish pipeline
 * sees them, for the false-positive tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const REAL_DATA = '/work/shared/realdata';

/** Every CSV file under `folder`, at any depth. */
export function csvFilesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return csvFilesUnder(path);
    return name.endsWith('.csv') ? [path] : [];
  });
}

/** The cells of a CSV file (RFC 4180 quoting), decoded with `encoding`. */
export function csvCells(path: string, encoding = 'utf-8'): string[] {
  const text = new TextDecoder(encoding).decode(readFileSync(path));
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') cell += text[++i];
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',' || char === '\n') {
      cells.push(cell.endsWith('\r') ? cell.slice(0, -1) : cell);
      cell = '';
    } else cell += char;
  }
  if (cell !== '') cells.push(cell);
  return cells;
}

/** Every string in a JSON file, and every number written as the string it would be in a CSV. */
export function jsonValues(path: string): string[] {
  const values: string[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') values.push(node);
    else if (typeof node === 'number') values.push(String(node));
    else if (Array.isArray(node)) node.forEach(visit);
    else if (node !== null && typeof node === 'object') Object.values(node).forEach(visit);
  };
  visit(JSON.parse(readFileSync(path, 'utf-8')));
  return values;
}
