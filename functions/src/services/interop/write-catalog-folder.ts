import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Document, isMap, parse, parseDocument } from 'yaml';
import type { YAMLMap, YAMLSeq } from 'yaml';
import { DatarunError } from '../../core/errors.ts';
import { entryFileName } from '../../core/catalog/check-catalog.ts';
import { parseAgenciesFile } from '../../core/catalog/parse-source.ts';
import type { Agency } from '../../core/schemas/agency.ts';
import { CatalogEntrySchema } from '../../core/schemas/catalog-entry.ts';
import type { CatalogEntry } from '../../core/schemas/catalog-entry.ts';
import type { ImportFormat } from '../../core/interop/foreign-dataset.ts';
import { AGENCIES_FILE } from '../load-catalog.ts';
import { toYaml } from './entry-yaml.ts';

/** What the target catalog folder already holds, as the mapping needs it. */
export type TargetFolder = {
  dir: string;
  agencies: Agency[];
  /** origin.id → code, for entries imported before from the same platform. */
  identities: Map<string, string>;
  usedCodes: Set<string>;
  /** The agencies file as it is, if there is one: new agencies are appended to it. */
  agenciesText?: string;
  /** The text of each entry file, by file name. */
  files: Map<string, string>;
};

/** Files read or written at once: enough to keep the disk busy, few enough for any ulimit. */
const PARALLEL = 32;

/**
 * Reads a catalog folder (which may not exist yet). A broken agencies file is fatal, since new
 * agencies are appended to it; a broken entry file still holds its code (from its content or
 * its name), so no import can take that code.
 */
export async function readTargetFolder(dir: string, platform: string): Promise<TargetFolder> {
  const target: TargetFolder = {
    dir,
    agencies: [],
    identities: new Map(),
    usedCodes: new Set(),
    files: new Map(),
  };
  const agenciesPath = join(dir, AGENCIES_FILE);
  const agenciesText = await readFile(agenciesPath, 'utf8').catch(() => undefined);
  if (agenciesText !== undefined) {
    const parsed = parseAgenciesFile({ path: agenciesPath, text: agenciesText });
    if (parsed.problems.length > 0) throw new DatarunError(parsed.problems);
    target.agencies = parsed.value ?? [];
    target.agenciesText = agenciesText;
  }
  const names = await readdir(join(dir, 'entries')).catch(() => [] as string[]);
  const yamlNames = names.filter((n) => n.endsWith('.yaml'));
  const texts = await inParallel(yamlNames, (name) => readFile(join(dir, 'entries', name), 'utf8'));
  yamlNames.forEach((name, i) => {
    const text = texts[i]!;
    target.files.set(name, text);
    const fromName = /^([0-9A-Z]{1,20})-(\d{6})\.yaml$/.exec(name);
    if (fromName) target.usedCodes.add(`${fromName[1]}/${fromName[2]}`);
    const entry = entryOf(text);
    if (typeof entry?.code === 'string') target.usedCodes.add(entry.code);
    const origin = entry?.origin;
    if (
      origin?.platform === platform &&
      typeof origin.id === 'string' &&
      typeof entry?.code === 'string'
    )
      target.identities.set(origin.id, entry.code);
  });
  return target;
}

type LooseEntry = { code?: unknown; origin?: { platform?: unknown; id?: unknown } };

/**
 * An entry file's code and origin, even when the file does not validate. Only the `code:` line
 * and the `origin:` block are parsed: a whole entry costs the YAML parser ten times as much.
 */
function entryOf(text: string): LooseEntry | undefined {
  const code = /^code:.*$/m.exec(text)?.[0] ?? '';
  const origin = /^origin:.*(?:\n[ \t]+.*)*/m.exec(text)?.[0] ?? '';
  try {
    const value: unknown = parse(`${code}\n${origin}\n`);
    return value && typeof value === 'object' ? (value as LooseEntry) : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `task` over `items`, PARALLEL at a time, and returns the results in order. */
async function inParallel<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await task(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, items.length) }, worker));
  return results;
}

export type WriteCounts = { created: number; updated: number; unchanged: number };
export type WriteInput = {
  from: ImportFormat;
  platform: string;
  agencies: readonly Agency[];
  entries: readonly CatalogEntry[];
  /** The record each entry was made from (0-based), for the header comment. */
  recordIndex: (entry: CatalogEntry) => number;
};

/**
 * Writes the imported entries (one YAML file each, rewritten only when its content changed)
 * and appends the new agencies to agencies.yaml, keeping its comments. Every file's text is
 * made before the first write.
 */
export async function writeCatalogFolder(
  target: TargetFolder,
  input: WriteInput,
): Promise<WriteCounts> {
  const counts: WriteCounts = { created: 0, updated: 0, unchanged: 0 };
  const writes: [string, string][] = [];
  const added = input.agencies.slice(target.agencies.length);
  if (added.length > 0)
    writes.push([join(target.dir, AGENCIES_FILE), agenciesYaml(target, added, input.platform)]);
  for (const entry of input.entries) {
    const name = entryFileName(entry.code);
    const path = join(target.dir, 'entries', name);
    const text = entryYaml(entry, input);
    const before = target.files.get(name);
    if (before === text) counts.unchanged++;
    else {
      counts[before === undefined ? 'created' : 'updated']++;
      writes.push([path, text]);
    }
  }
  if (writes.length > 0) await mkdir(join(target.dir, 'entries'), { recursive: true });
  await inParallel(writes, ([path, text]) => writeFile(path, text));
  return counts;
}

/** Fields an entry file leaves out when empty: the schema fills them in. */
const EMPTY_DEFAULTS = new Set(['items', 'related', 'keywords']);

/** An entry file: where it came from, then the fields in schema order; parseEntryFile reads it back. */
function entryYaml(entry: CatalogEntry, input: Pick<WriteInput, 'from' | 'recordIndex'>): string {
  const fields = Object.keys(CatalogEntrySchema.shape)
    .map((key) => [key, entry[key as keyof CatalogEntry]] as const)
    .filter(
      ([key, value]) =>
        value !== undefined &&
        !(EMPTY_DEFAULTS.has(key) && Array.isArray(value) && value.length === 0),
    );
  const origin = entry.origin;
  const header = `Imported from ${origin?.platform} (${input.from}), record ${input.recordIndex(entry) + 1}: ${origin?.id}`;
  return `# ${header.replace(/\s+/g, ' ')}\n\n${toYaml(Object.fromEntries(fields))}`;
}

function agenciesYaml(target: TargetFolder, added: readonly Agency[], platform: string): string {
  const doc =
    target.agenciesText !== undefined
      ? parseDocument(target.agenciesText)
      : Object.assign(new Document({ agencies: [] }), {
          commentBefore: ` Agencies that provide catalog entries. Their order fixes the 部门 分类码: append new ones at the end.`,
        });
  const seq = doc.get('agencies', true) as YAMLSeq;
  added.forEach((agency, i) => {
    const node = doc.createNode(agency) as YAMLMap;
    const position = String(target.agencies.length + i + 1).padStart(2, '0');
    node.commentBefore = ` ${position} · imported from ${platform}`;
    const name = node.get('name', true);
    if (isMap(name)) name.flow = true;
    seq.items.push(node);
  });
  return doc.toString({ lineWidth: 0 });
}
