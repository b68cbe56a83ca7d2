import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import type { WriteStream } from 'node:fs';
import { once } from 'node:events';
import type { ByteSink } from '../../core/ingest/source-row-writer.ts';

/** The size and checksum of a file once written. */
export type WrittenFile = { path: string; bytes: number; sha256: string };

/** The batch buffer: large enough that writes and hash updates are few. */
const BATCH_BYTES = 4 << 20;

/**
 * A file written in large batches and hashed as it goes. Text and bytes are written into one
 * batch buffer (text encoded in place as UTF-8, no intermediate strings or buffers per row);
 * a full batch is hashed and handed to the file stream, and filling goes on in another. A batch
 * the stream has written is filled again, so memory is not taken fresh from the system for
 * every batch. `drained` lets the caller wait for a slow disk, which keeps memory bounded.
 */
export class OutputFile implements ByteSink {
  buf: Buffer = Buffer.allocUnsafe(BATCH_BYTES);
  pos = 0;
  private readonly stream: WriteStream;
  private readonly hash: Hash = createHash('sha256');
  /** Batches the stream has written, to be filled again. */
  private readonly spare: Buffer[] = [];
  private bytes = 0;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }

  /** Makes room for `bytes` more bytes in `buf` from `pos`, handing the batch over if needed. */
  reserve(bytes: number): void {
    if (this.buf.length - this.pos >= bytes) return;
    this.handOver();
    if (bytes > this.buf.length) this.buf = Buffer.allocUnsafe(bytes);
  }

  /** Appends text as UTF-8. */
  writeText(text: string): void {
    // A UTF-16 code unit never takes more than three bytes of UTF-8.
    this.reserve(text.length * 3);
    this.pos += this.buf.write(text, this.pos);
  }

  /** Appends a copy of bytes. */
  writeBytes(bytes: Uint8Array): void {
    for (let from = 0; from < bytes.length;) {
      if (this.pos === this.buf.length) this.handOver();
      const n = Math.min(bytes.length - from, this.buf.length - this.pos);
      this.buf.set(bytes.subarray(from, from + n), this.pos);
      this.pos += n;
      from += n;
    }
  }

  /** Waits until the file stream has taken what it was given, if it is behind. */
  async drained(): Promise<void> {
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
  }

  async close(): Promise<WrittenFile> {
    this.handOver();
    await new Promise<void>((resolve, reject) =>
      this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
    return { path: this.path, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  /** Stops writing after a failure; the caller removes the folder. */
  destroy(): void {
    this.stream.destroy();
  }

  private handOver(): void {
    if (this.pos === 0) return;
    const batch = this.buf;
    const filled = batch.subarray(0, this.pos);
    this.hash.update(filled);
    this.bytes += filled.length;
    this.stream.write(filled, (error) => {
      if (!error && batch.length === BATCH_BYTES) this.spare.push(batch);
    });
    this.buf = this.spare.pop() ?? Buffer.allocUnsafe(BATCH_BYTES);
    this.pos = 0;
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
