import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import type { CatalogSource } from '../../core/ports/catalog-source.ts';

/** A catalog in a folder on disk, such as the repository's `data/`. */
export class FolderCatalogSource implements CatalogSource {
  private readonly root: string;

  constructor(private readonly folder: string) {
    this.root = resolve(folder);
  }

  describe(path: string): string {
    return join(this.folder, path);
  }

  async readText(path: string): Promise<string | undefined> {
    const file = this.inside(path);
    return file ? readFile(file, 'utf8').catch(() => undefined) : undefined;
  }

  async listEntryFiles(): Promise<string[]> {
    const names = await readdir(join(this.root, 'entries')).catch(() => [] as string[]);
    return names
      .filter((name) => name.endsWith('.yaml'))
      .sort()
      .map((name) => `entries/${name}`);
  }

  async exists(path: string): Promise<boolean> {
    return (await this.localFile(path)) !== undefined;
  }

  async localFile(path: string): Promise<string | undefined> {
    const file = this.inside(path);
    if (!file) return undefined;
    const info = await stat(file).catch(() => undefined);
    return info?.isFile() ? file : undefined;
  }

  /** Resolves a path from a catalog file, refusing any that leaves the folder. */
  private inside(path: string): string | undefined {
    const file = resolve(this.root, path);
    const rel = relative(this.root, file);
    return rel.startsWith('..') || rel.startsWith(sep) ? undefined : file;
  }
}
