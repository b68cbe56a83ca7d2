import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';

/** The size and checksum of a file once written. */
export type WrittenFile = { path: string; bytes: number; sha256: string };

const BATCH_CHARS = 1 << 20;

/**
 * A text file written in large UTF-8 batches, hashed as it goes. Rows arrive as many small
 * strings; joining a megabyte of them before each write keeps the per-row cost to a push.
 */
export class OutputFile {
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  private pending: string[] = [];
  private pendingChars = 0;
  private bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  /** Adds text to the batch; nothing is written until `flushIfFull` or `close`. */
  append(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
  }

  /** Writes the batch once it holds a megabyte, waiting if the disk is behind. */
  async flushIfFull(): Promise<void> {
    if (this.pendingChars >= BATCH_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingChars = 0;
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<WrittenFile> {
    await this.flush();
    await new Promise<void>((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Stops writing after a failure; the caller removes the folder. */
  destroy(): void {
    this.stream.destroy();
  }
}

/** Size and checksum of a file written by someone else (DuckDB). */
export async function describeFile(path: string): Promise<WrittenFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { path, bytes, sha256: hash.digest('hex') };
}
