import { describe, expect, it } from 'vitest';
import { ChunkDecoder, detectEncoding } from '../../../functions/src/core/ingest/encoding.ts';
import { problemsOf, realBytes } from './helpers.ts';

const GBK_FILES = [
  'cn-nbs-stats-gbk-csv/data/国内生产总值.csv',
  'cn-nbs-stats-gbk-csv/data/分省年度数据.csv',
];
const UTF8_FILE = 'cn-nbs-national-data-utf8/data/zb/人口/总人口.csv';
const BOM = [0xef, 0xbb, 0xbf];

const utf8 = (text: string) => new TextEncoder().encode(text);
const join = (...parts: ArrayLike<number>[]) =>
  Uint8Array.from(parts.flatMap((p) => Array.from(p)));

/** Decodes bytes in pieces of `size` bytes, as the pipeline does with a file stream. */
function decodeInChunks(decoder: ChunkDecoder, bytes: Uint8Array, size: number): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += size)
    text += decoder.decode(bytes.subarray(at, at + size));
  return text + decoder.end();
}

describe('detectEncoding', () => {
  it('recognises the real GBK statistics exports as GB18030', () => {
    for (const file of GBK_FILES)
      expect(detectEncoding(realBytes(file), true), file).toBe('gb18030');
  });

  it('recognises UTF-8 with and without a byte-order mark', () => {
    const bytes = realBytes(UTF8_FILE);
    expect(detectEncoding(bytes, true)).toBe('utf-8');
    expect(detectEncoding(join(BOM, bytes), true)).toBe('utf-8-bom');
    expect(detectEncoding(utf8('code,name\n1,a\n'), true)).toBe('utf-8');
  });

  it('does not hold a character cut off at the end of an incomplete sample against it', () => {
    const bytes = realBytes(UTF8_FILE);
    const cut = bytes.findIndex((b) => b >= 0x80) + 1;
    expect(detectEncoding(bytes.subarray(0, cut), false)).toBe('utf-8');
  });

  it('names the offset and line of bytes that are neither UTF-8 nor GB18030', () => {
    expect(detectEncoding(Uint8Array.of(0xff, 0xff, 0xff), true, 'x.csv')).toEqual({
      code: 'encoding',
      message:
        'the byte 0xFF at offset 0 is neither UTF-8 nor GB18030 (GBK). Save it as UTF-8 and publish again',
      file: 'x.csv',
      line: 1,
    });
    const lines = utf8('年份,人口\n1978年,96259\n');
    const found = detectEncoding(join(lines, [0xff], utf8(',1\n')), true);
    expect(found).toMatchObject({ code: 'encoding', line: 3 });
    expect(found).toHaveProperty('message', expect.stringContaining(`offset ${lines.length} `));
    expect(found).toHaveProperty('message', expect.stringContaining('reads as UTF-8 up to there'));
  });

  it('finds a bad byte in a GBK file on its line', () => {
    const bytes = realBytes(GBK_FILES[1]!);
    let start = 0;
    for (let line = 1; line < 4; line++) start = bytes.indexOf(0x0a, start) + 1;
    const damaged = join(bytes.subarray(0, start), [0xff], bytes.subarray(start));
    const found = detectEncoding(damaged, true);
    expect(found).toMatchObject({ code: 'encoding', line: 4 });
    expect(found).toHaveProperty('message', expect.stringContaining(`offset ${start} `));
  });

  it('calls an empty file, or one with only a byte-order mark, empty', () => {
    expect(detectEncoding(new Uint8Array(0), true, 'x.csv')).toEqual({
      code: 'empty-file',
      message: 'the file is empty',
      file: 'x.csv',
    });
    expect(detectEncoding(Uint8Array.from(BOM), true)).toMatchObject({ code: 'empty-file' });
  });
});

describe('ChunkDecoder', () => {
  it('decodes a GBK file the same whatever the chunk size', () => {
    const bytes = realBytes(GBK_FILES[0]!);
    const whole = new TextDecoder('gb18030').decode(bytes);
    for (const size of [1, 2, 3, 97, 4096]) {
      expect(decodeInChunks(new ChunkDecoder('gb18030'), bytes, size), `chunks of ${size}`).toBe(
        whole,
      );
    }
  });

  it('drops the byte-order mark, even when it arrives a byte at a time', () => {
    const bytes = join(BOM, realBytes(UTF8_FILE));
    const text = decodeInChunks(new ChunkDecoder('utf-8-bom'), bytes, 1);
    expect(text.startsWith(',乡村人口')).toBe(true);
  });

  it('switches to GB18030 when the first non-ASCII bytes of a UTF-8 guess turn out to be GBK', () => {
    // 国内生产总值.csv opens with D6 B8, which is also a valid UTF-8 character.
    const ascii = utf8('id,note\n1,plain ASCII so far\n');
    for (const file of GBK_FILES) {
      const bytes = join(ascii, realBytes(file));
      expect(detectEncoding(bytes.subarray(0, ascii.length), false)).toBe('utf-8');
      for (const size of [5, 64, 65536]) {
        const decoder = new ChunkDecoder('utf-8');
        expect(decodeInChunks(decoder, bytes, size)).toBe(new TextDecoder('gb18030').decode(bytes));
        expect(decoder.encoding).toBe('gb18030');
      }
    }
  });

  it('keeps a U+FEFF that is text after an ASCII start, not a byte-order mark', () => {
    const text = 'id,note\n1,\uFEFF零宽不换行空格之后的中文文本\n';
    for (const size of [3, 8, 64])
      expect(decodeInChunks(new ChunkDecoder('utf-8'), utf8(text), size)).toBe(text);
  });

  it('gives all the text of a UTF-8 sample at once, with no need to end the stream', () => {
    const bytes = realBytes(UTF8_FILE);
    expect(new ChunkDecoder('utf-8').decode(bytes)).toBe(new TextDecoder().decode(bytes));
  });

  it('does not switch when the encoding was declared, and names the line instead', () => {
    const bytes = join(utf8('id,note\n1,ok\n'), realBytes(GBK_FILES[1]!));
    const [found] = problemsOf(() =>
      decodeInChunks(new ChunkDecoder('utf-8', { fallback: false, file: 'x.csv' }), bytes, 7),
    );
    expect(found).toMatchObject({ code: 'encoding', file: 'x.csv', line: 3 });
    expect(found!.message).toMatch(/^the byte 0xB5 at offset 13 is not valid UTF-8/);
  });

  it('reports bytes that are neither encoding where the text first leaves ASCII', () => {
    const bytes = join(utf8('id,note\n1,'), [0xff, 0xfe], utf8('\n'));
    const [found] = problemsOf(() => decodeInChunks(new ChunkDecoder('utf-8'), bytes, 4));
    expect(found).toMatchObject({ code: 'encoding', line: 2 });
    expect(found!.message).toMatch(/^the byte 0xFF at offset 10 is neither UTF-8 nor GB18030/);
  });

  it('does not switch once UTF-8 text has been seen, and reports the bad line and offset', () => {
    const good = utf8('年份,人口\n1978年,96259\n1979年,');
    const bytes = join(good, [0xc4, 0xea], utf8('\n'));
    for (const size of [1, 5, 64]) {
      const [found] = problemsOf(() => decodeInChunks(new ChunkDecoder('utf-8'), bytes, size));
      expect(found, `chunks of ${size}`).toMatchObject({ code: 'encoding', line: 3 });
      expect(found!.message).toContain(`offset ${good.length} `);
    }
  });

  it('refuses a stream that ends in the middle of a character', () => {
    const decoder = new ChunkDecoder('utf-8');
    decoder.decode(utf8('北京').subarray(0, 4));
    expect(problemsOf(() => decoder.end())[0]).toMatchObject({ code: 'encoding', line: 1 });
  });
});
