import { describe, expect, it } from 'vitest';
import { decodeForeignText } from '../../../functions/src/core/interop/decode-text.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';

const TEXT = '[{"标题": "安徽统计年鉴2022"}]';

function utf16(text: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf16le');
  if (order === 'le') return le;
  for (let i = 0; i < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1]!, le[i]!];
  return le;
}

describe('decodeForeignText', () => {
  it('decodes UTF-8, with or without a byte-order mark', () => {
    expect(decodeForeignText(Buffer.from(TEXT), 'a.json')).toEqual({
      text: TEXT,
      encoding: 'UTF-8',
    });
    expect(decodeForeignText(Buffer.from(`\uFEFF${TEXT}`), 'a.json').text).toBe(TEXT);
  });

  it('decodes a GBK file', () => {
    const gbk = Buffer.from([0x5b, 0x22, 0xb0, 0xb2, 0xbb, 0xd5, 0x22, 0x5d]); // ["安徽"]
    expect(decodeForeignText(gbk, 'a.json')).toEqual({ text: '["安徽"]', encoding: 'GB18030' });
  });

  it.each([
    ['le', true],
    ['le', false],
    ['be', true],
    ['be', false],
  ] as const)('decodes UTF-16 %s (byte-order mark: %s)', (order, bom) => {
    expect(decodeForeignText(utf16(TEXT, order, bom), 'a.json')).toEqual({
      text: TEXT,
      encoding: order === 'le' ? 'UTF-16LE' : 'UTF-16BE',
    });
  });

  it('names the file and byte offset of bytes that are no known encoding', () => {
    const bytes = Buffer.concat([
      Buffer.from('[{"a": "'),
      Buffer.from([0xff, 0xff, 0xff]),
      Buffer.from('"}]'),
    ]);
    const error = (() => {
      try {
        decodeForeignText(bytes, 'bad.json');
      } catch (e) {
        return e as DatarunError;
      }
    })();
    expect(error).toBeInstanceOf(DatarunError);
    expect(error!.problems[0]).toMatchObject({ code: 'encoding', file: 'bad.json' });
    expect(error!.message).toMatch(/at offset 8 .*import again$/);
  });

  it('names the offset of an unpaired surrogate in UTF-16', () => {
    const bytes = Buffer.concat([utf16('[', 'le', true), Buffer.from([0x00, 0xd8, 0x5d, 0x00])]);
    expect(() => decodeForeignText(bytes, 'u.json')).toThrow(/byte offset 4 is not valid UTF-16/);
  });
});
