import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputFile } from '../../../functions/src/services/publish/output-file.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'datarun-output-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A piece to write: text (Chinese, emoji, lone surrogates), bytes, or bytes written in place. */
const piece = fc.oneof(
  fc
    .string({ unit: fc.constantFrom('a', '中', '😀', '\ud800', '\n'), maxLength: 40 })
    .map((text) => ({ text })),
  fc.integer({ min: 0, max: 9_000_000 }).map((size) => ({ bytes: size })),
  fc.integer({ min: 1, max: 300 }).map((size) => ({ inPlace: size })),
);

describe('OutputFile', () => {
  it('writes and hashes text and bytes in order, whatever their sizes (property)', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 12 }), async (pieces) => {
        const path = join(dir, `out-${run++}.bin`);
        const file = new OutputFile(path);
        const expected: Buffer[] = [];
        pieces.forEach((p, k) => {
          if ('text' in p) {
            file.writeText(p.text);
            expected.push(Buffer.from(p.text, 'utf8'));
          } else if ('bytes' in p) {
            const bytes = Buffer.alloc(p.bytes, k);
            file.writeBytes(bytes);
            // A copy is kept: changing the bytes afterwards changes nothing.
            bytes.fill(255);
            expected.push(Buffer.alloc(p.bytes, k));
          } else {
            file.reserve(p.inPlace);
            file.buf.fill(k, file.pos, file.pos + p.inPlace);
            file.pos += p.inPlace;
            expected.push(Buffer.alloc(p.inPlace, k));
          }
        });
        const written = await file.close();
        const all = Buffer.concat(expected);
        const onDisk = await readFile(path);
        expect(onDisk.equals(all)).toBe(true);
        expect(written).toEqual({
          path,
          bytes: all.length,
          sha256: createHash('sha256').update(all).digest('hex'),
        });
        await rm(path);
      }),
      { numRuns: 40 },
    );
  });
});
