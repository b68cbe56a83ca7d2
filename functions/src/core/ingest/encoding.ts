/**
 * Which encoding a data file is in, and turning its bytes into text chunk by chunk. Supported:
 * UTF-8 (with or without a byte-order mark) and GB18030, of which GBK and GB2312 are subsets.
 */
import type { SourceDialect } from '../schemas/dataset-version.ts';
import { DatarunError, problem, type Problem } from '../errors.ts';

export type SourceEncoding = SourceDialect['encoding'];

/** How problems name each encoding. */
const ENCODING_NAMES: Record<SourceEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8',
  gb18030: 'GB18030 (GBK)',
};

/**
 * Detects the encoding of the first bytes of a file: a UTF-8 byte-order mark, else valid UTF-8,
 * else valid GB18030. Pure ASCII is reported as UTF-8. A character cut off at the end of the
 * sample is not held against it; if the file really ends there, decoding reports it. `complete`
 * says whether the sample is the whole file, so that a lone byte-order mark is an empty file.
 */
export function detectEncoding(
  sample: Uint8Array,
  complete: boolean,
  file?: string,
): SourceEncoding | Problem {
  const hasBom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  if (sample.length === 0 || (complete && hasBom && sample.length === 3)) {
    return problem('empty-file', 'the file is empty', { file });
  }
  if (hasBom) return 'utf-8-bom';
  const utf8 = firstInvalidByte(sample, 'utf-8');
  if (utf8 < 0) return 'utf-8';
  const gb = firstInvalidByte(sample, 'gb18030');
  if (gb < 0) return 'gb18030';
  const offset = Math.max(utf8, gb);
  const closest =
    offset === 0
      ? ''
      : `; the file reads as ${gb > utf8 ? ENCODING_NAMES.gb18030 : ENCODING_NAMES['utf-8']} up to there`;
  const hex = (sample[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0');
  return problem(
    'encoding',
    `the byte 0x${hex} at offset ${offset} is neither UTF-8 nor GB18030 (GBK)${closest}. Save it as UTF-8 and publish again`,
    { file, line: lineOf(sample, offset) },
  );
}

/**
 * The offset of the first byte of the first character that cannot be decoded, or -1. Found by
 * halving with the platform's own decoder, so it agrees exactly with what decoding will do.
 */
function firstInvalidByte(bytes: Uint8Array, encoding: 'utf-8' | 'gb18030'): number {
  const valid = (end: number, stream: boolean) => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, end), { stream });
      return true;
    } catch {
      return false;
    }
  };
  // A prefix decodes in streaming mode exactly when it holds no invalid sequence.
  if (valid(bytes.length, true)) return -1;
  let good = 0;
  let bad = bytes.length;
  while (bad - good > 1) {
    const mid = (good + bad) >>> 1;
    if (valid(mid, true)) good = mid;
    else bad = mid;
  }
  // The byte at `good` breaks a character that may have begun up to three bytes earlier.
  let start = good;
  while (start > good - 3 && start > 0 && !valid(start, false)) start--;
  return valid(start, false) ? start : good;
}

/** The 1-based line of a byte offset, counting LF bytes before it. */
function lineOf(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = bytes.indexOf(0x0a); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) line++;
  return line;
}

export type ChunkDecoderOptions = {
  /** Named in problems. */
  file?: string;
  /**
   * Whether a stream guessed as UTF-8 from an all-ASCII sample may still turn out to be
   * GB18030. If so, from the first byte outside ASCII the decoder holds back a few kilobytes
   * and judges them as detectEncoding judges a sample, then goes on in the winning encoding:
   * no second pass, as the text before is ASCII either way. Turn it off when the encoding was
   * declared rather than detected. @default true
   */
  fallback?: boolean;
};

/** How much text past the first non-ASCII byte decides between UTF-8 and GB18030. */
const JUDGE_BYTES = 4096;
/**
 * Non-ASCII bytes that, all valid UTF-8, settle it at once: a GBK character passes for UTF-8
 * now and then, sixteen of them in a row practically never.
 */
const CONVINCING_BYTES = 32;
const NO_BYTES = new Uint8Array(0);

type Decoder = InstanceType<typeof TextDecoder>;

/**
 * Turns byte chunks into text chunks, dropping a UTF-8 byte-order mark. Characters cut between
 * chunks are carried over. Invalid bytes throw a DatarunError (`encoding`) naming the line
 * (counted in LF line breaks) and the byte offset in the file.
 */
export class ChunkDecoder {
  private current: SourceEncoding;
  private decoder: Decoder;
  private readonly file: string | undefined;
  /** The text so far is ASCII, and the encoding may still turn out to be GB18030. */
  private undecided: boolean;
  /** Bytes from the first one outside ASCII, held while undecided. */
  private held: Uint8Array | undefined;
  private bytes = 0;
  private lines = 1;
  /** The bytes of the current line before this chunk, to locate an error precisely. */
  private lineSoFar: Uint8Array = NO_BYTES;

  constructor(encoding: SourceEncoding, options: ChunkDecoderOptions = {}) {
    this.current = encoding;
    this.decoder = newDecoder(encoding);
    this.file = options.file;
    this.undecided = encoding === 'utf-8' && options.fallback !== false;
  }

  /** The encoding in use: 'gb18030' once a stream guessed as UTF-8 has turned out to be GB18030. */
  get encoding(): SourceEncoding {
    return this.current;
  }

  /** Decodes the next chunk; returns the text it completes (possibly empty). */
  decode(chunk: Uint8Array): string {
    return this.undecided ? this.decodeUndecided(chunk) : this.decodeKnown(chunk);
  }

  /** Ends the stream; throws if it stops in the middle of a character. */
  end(): string {
    const text = this.held ? this.judge() : '';
    try {
      return text + this.decoder.decode();
    } catch {
      throw new DatarunError(
        problem(
          'encoding',
          `the file ends in the middle of a ${ENCODING_NAMES[this.current]} character`,
          {
            file: this.file,
            line: this.lines,
          },
        ),
      );
    }
  }

  private decodeKnown(chunk: Uint8Array): string {
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
    } catch {
      // Decoding again from the start of the current line begins on a character boundary:
      // no multi-byte character of either encoding contains the byte 0x0A.
      const line = concat(this.lineSoFar, chunk);
      const offset = firstInvalidByte(line, this.current === 'gb18030' ? 'gb18030' : 'utf-8');
      throw this.invalid(
        chunk,
        offset - this.lineSoFar.length,
        `not valid ${ENCODING_NAMES[this.current]}`,
      );
    }
    this.advance(chunk, text);
    return text;
  }

  private decodeUndecided(chunk: Uint8Array): string {
    let head = '';
    if (this.held) {
      this.held = concat(this.held, chunk);
    } else {
      let text: string | undefined;
      try {
        text = this.decoder.decode(chunk, { stream: true });
      } catch {
        text = undefined;
      }
      // One character per byte: still ASCII, the common case, decided by a length check.
      if (text !== undefined && text.length === chunk.length) {
        this.advance(chunk, text);
        return text;
      }
      const first = chunk.findIndex((b) => b >= 0x80);
      if (text !== undefined && countHighBytes(chunk, first) >= CONVINCING_BYTES) {
        this.undecided = false;
        this.advance(chunk, text);
        return text;
      }
      this.decoder = newDecoder('utf-8', this.bytes > 0);
      head = this.decoder.decode(chunk.subarray(0, first));
      this.advance(chunk.subarray(0, first), head);
      this.held = chunk.slice(first);
    }
    return this.held.length < JUDGE_BYTES ? head : head + this.judge();
  }

  private judge(): string {
    const held = this.held!;
    this.held = undefined;
    this.undecided = false;
    const utf8 = firstInvalidByte(held, 'utf-8');
    if (utf8 >= 0) {
      const gb = firstInvalidByte(held, 'gb18030');
      if (gb >= 0) throw this.invalid(held, Math.max(utf8, gb), 'neither UTF-8 nor GB18030 (GBK)');
      this.current = 'gb18030';
    }
    this.decoder = newDecoder(this.current, this.bytes > 0);
    return this.decodeKnown(held);
  }

  private advance(chunk: Uint8Array, text: string): void {
    this.bytes += chunk.length;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lines++;
    const lastLF = chunk.lastIndexOf(0x0a);
    if (lastLF >= 0) this.lineSoFar = chunk.slice(lastLF + 1);
    else if (this.lineSoFar.length + chunk.length <= 65536)
      this.lineSoFar = concat(this.lineSoFar, chunk);
    else this.lineSoFar = NO_BYTES;
  }

  private invalid(chunk: Uint8Array, offset: number, what: string): DatarunError {
    const at = Math.max(offset, 0);
    const hex = (chunk[at] ?? 0).toString(16).toUpperCase().padStart(2, '0');
    return new DatarunError(
      problem(
        'encoding',
        `the byte 0x${hex} at offset ${this.bytes + offset} is ${what}; save the file as UTF-8 and publish again`,
        { file: this.file, line: this.lines + lineOf(chunk, at) - 1 },
      ),
    );
  }
}

/** Bytes from 0x80 up in chunk[from..], counted up to CONVINCING_BYTES. */
function countHighBytes(chunk: Uint8Array, from: number): number {
  let count = 0;
  for (let i = from; i < chunk.length && count < CONVINCING_BYTES; i++)
    if (chunk[i]! >= 0x80) count++;
  return count;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/**
 * A fatal decoder. Only one that starts at the first byte of the file may drop a byte-order
 * mark; one created mid-stream must keep a U+FEFF, which is then text, not a mark.
 */
function newDecoder(encoding: SourceEncoding, midStream = false): Decoder {
  return new TextDecoder(encoding === 'gb18030' ? 'gb18030' : 'utf-8', {
    fatal: true,
    ignoreBOM: midStream,
  });
}
