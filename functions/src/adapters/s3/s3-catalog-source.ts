import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, posix } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CatalogSource } from '../../core/ports/catalog-source.ts';
import type { ObjectStore } from '../../core/ports/object-store.ts';

/** A catalog uploaded under a prefix of the staging bucket, laid out like `data/`. */
export class S3CatalogSource implements CatalogSource {
  constructor(
    private readonly objects: ObjectStore,
    private readonly prefix: string,
    private readonly downloadDir: string,
  ) {}

  describe(path: string): string {
    return `staging:${this.key(path)}`;
  }

  readText(path: string): Promise<string | undefined> {
    return this.objects.getText('staging', this.key(path));
  }

  async listEntryFiles(): Promise<string[]> {
    const keys = await this.objects.list('staging', this.key('entries/'));
    return keys
      .filter((key) => key.endsWith('.yaml'))
      .map((key) => key.slice(this.prefix.length))
      .sort();
  }

  async exists(path: string): Promise<boolean> {
    return (await this.objects.head('staging', this.key(path))) !== undefined;
  }

  async localFile(path: string): Promise<string | undefined> {
    const body = await this.objects.getStream('staging', this.key(path));
    if (!body) return undefined;
    const file = join(this.downloadDir, this.key(path));
    await mkdir(dirname(file), { recursive: true });
    await pipeline(body, createWriteStream(file));
    return file;
  }

  /** Keys never leave the prefix: `..` segments are resolved away first. */
  private key(path: string): string {
    return this.prefix + posix.normalize(`/${path}`).slice(1);
  }
}
