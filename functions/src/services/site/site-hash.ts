import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Folders inside the sources that hold build output or caches, not sources. */
const SKIPPED = new Set(['dist', '.astro', 'node_modules']);

async function listFiles(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOTDIR') return undefined;
      throw error;
    },
  );
  if (!entries) return [path];
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (SKIPPED.has(entry.name)) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(child)));
    else if (entry.isFile()) files.push(child);
  }
  return files;
}

/**
 * A SHA-256 over everything that shapes the built site: the input texts (snapshot, options) and
 * every source file under the given paths, by path and content. Equal hashes mean the last build
 * can be served as it is.
 */
export async function siteBuildHash(
  inputs: readonly string[],
  sourcePaths: readonly string[],
  root: string,
): Promise<string> {
  const hash = createHash('sha256');
  for (const input of inputs) hash.update(`input ${input.length}\n`).update(input);
  for (const source of sourcePaths)
    for (const file of await listFiles(source)) {
      const content = await readFile(file);
      hash.update(`file ${relative(root, file)} ${content.length}\n`).update(content);
    }
  return hash.digest('hex');
}
