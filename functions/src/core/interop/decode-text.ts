import { DatarunError, problem } from '../errors.ts';
import { detectEncoding } from '../ingest/encoding.ts';

export type DecodedText = { text: string; encoding: 'UTF-8' | 'GB18030' | 'UTF-16LE' | 'UTF-16BE' };

/**
 * Decodes an exported file: UTF-16 (by its byte-order mark, or by the zero bytes beside the
 * ASCII a JSON file starts with), else UTF-8 or GB18030/GBK as the ingest detection finds.
 * Bytes that are none of these throw an `encoding` DatarunError naming the file and byte offset.
 */
export function decodeForeignText(bytes: Uint8Array, file: string): DecodedText {
  const utf16 = utf16Order(bytes);
  if (utf16)
    return {
      text: decodeUtf16(bytes, utf16, file),
      encoding: utf16 === 'le' ? 'UTF-16LE' : 'UTF-16BE',
    };
  const detected = detectEncoding(bytes, true, file);
  if (typeof detected !== 'string')
    throw new DatarunError({
      ...detected,
      message: detected.message.replace(/publish again$/, 'import again'),
    });
  const gb = detected === 'gb18030';
  return {
    text: new TextDecoder(gb ? 'gb18030' : 'utf-8').decode(bytes),
    encoding: gb ? 'GB18030' : 'UTF-8',
  };
}

function utf16Order(bytes: Uint8Array): 'le' | 'be' | undefined {
  const [a, b] = bytes;
  if (a === undefined || b === undefined) return undefined;
  if ((a === 0xff && b === 0xfe) || (a !== 0 && a < 0x80 && b === 0)) return 'le';
  if ((a === 0xfe && b === 0xff) || (a === 0 && b !== 0 && b < 0x80)) return 'be';
  return undefined;
}

function decodeUtf16(bytes: Uint8Array, order: 'le' | 'be', file: string): string {
  const unit = (i: number) =>
    order === 'le' ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
  const fail = (offset: number, what: string) =>
    new DatarunError(
      problem(
        'encoding',
        `${what} at byte offset ${offset} is not valid UTF-16; save the file as UTF-8 and import again`,
        { file },
      ),
    );
  if (bytes.length % 2 === 1) throw fail(bytes.length - 1, 'a lone last byte');
  for (let i = 0; i < bytes.length; i += 2) {
    const u = unit(i);
    if (u >= 0xd800 && u <= 0xdbff) {
      const next = i + 2 < bytes.length ? unit(i + 2) : 0;
      if (next < 0xdc00 || next > 0xdfff) throw fail(i, 'an unpaired surrogate');
      i += 2;
    } else if (u >= 0xdc00 && u <= 0xdfff) throw fail(i, 'an unpaired surrogate');
  }
  return new TextDecoder(order === 'le' ? 'utf-16le' : 'utf-16be').decode(bytes);
}
