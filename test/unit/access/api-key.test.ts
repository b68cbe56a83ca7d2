import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import {
  ApiKeyRecordSchema,
  KeySignupSchema,
  apiKeyHash,
  apiKeyId,
  formatApiKey,
  publicKeyView,
  readPresentedKey,
  sameHash,
} from '../../../functions/src/core/access/api-key.ts';

const ZEROS = new Uint8Array(32);

describe('formatApiKey', () => {
  it('writes drk_ and the 32 bytes in base64url: 47 characters a header and a URL can carry', () => {
    expect(formatApiKey(ZEROS)).toBe(`drk_${'A'.repeat(43)}`);
    const key = formatApiKey(randomBytes(32));
    expect(key).toMatch(/^drk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
  });

  it('refuses fewer or more random bytes than 32', () => {
    expect(() => formatApiKey(new Uint8Array(16))).toThrow(/32 random bytes, got 16/);
    expect(() => formatApiKey(new Uint8Array(33))).toThrow(RangeError);
  });
});

describe('apiKeyHash', () => {
  it('is the SHA-256 of the whole secret in hex', () => {
    const secret = formatApiKey(ZEROS);
    expect(apiKeyHash(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(apiKeyHash(secret)).not.toBe(apiKeyHash(`${secret.slice(0, -1)}B`));
  });
});

describe('apiKeyId', () => {
  it('takes the first 16 hex digits of the hash', () => {
    expect(apiKeyId('0123456789abcdef'.repeat(4))).toBe('key_0123456789abcdef');
  });
});

describe('readPresentedKey', () => {
  it('reads no header as no key: the caller is anonymous', () => {
    expect(readPresentedKey(undefined)).toEqual({ kind: 'none' });
  });

  it('finds the id and hash of a well-formed key, spaces around it ignored', () => {
    const secret = formatApiKey(randomBytes(32));
    const hash = apiKeyHash(secret);
    expect(readPresentedKey(` ${secret} `)).toEqual({ kind: 'key', id: apiKeyId(hash), hash });
  });

  it('refuses, without storage, an empty value and anything that is not a datarun key', () => {
    const good = formatApiKey(ZEROS);
    for (const value of [
      '',
      '   ',
      'drk_short',
      good.slice(4),
      `${good}A`,
      `Bearer ${good}`,
      good.replace('drk_', 'DRK_'),
      `drk_${'A'.repeat(42)}=`,
      `drk_${'+'.repeat(43)}`,
    ])
      expect(readPresentedKey(value), JSON.stringify(value)).toMatchObject({ kind: 'malformed' });
    expect(readPresentedKey('')).toEqual({
      kind: 'malformed',
      reason: 'the X-API-Key header is empty',
    });
  });
});

describe('sameHash', () => {
  it('is true only for equal hashes', () => {
    const a = apiKeyHash('a');
    expect(sameHash(a, a)).toBe(true);
    expect(sameHash(a, apiKeyHash('b'))).toBe(false);
    expect(sameHash(a, a.slice(0, 63))).toBe(false);
  });
});

describe('KeySignupSchema', () => {
  it('takes a name and an e-mail address, and a purpose if given, trimmed', () => {
    expect(
      KeySignupSchema.parse({ name: ' Ada ', email: 'ada@example.org', purpose: ' teaching ' }),
    ).toEqual({ name: 'Ada', email: 'ada@example.org', purpose: 'teaching' });
  });

  it('names the field of every problem, and refuses an agency chosen by the developer', () => {
    const result = KeySignupSchema.safeParse({ name: ' ', email: 'nope', agency: 'nbs' });
    expect(result.success).toBe(false);
    const fields = result.error!.issues.flatMap((i) =>
      i.code === 'unrecognized_keys' ? i.keys : [String(i.path[0])],
    );
    expect(fields.sort()).toEqual(['agency', 'email', 'name']);
  });

  it('caps every text so a sign-up cannot store a book', () => {
    expect(KeySignupSchema.safeParse({ name: 'x'.repeat(101), email: 'a@b.org' }).success).toBe(
      false,
    );
    expect(
      KeySignupSchema.safeParse({ name: 'x', email: 'a@b.org', purpose: 'x'.repeat(501) }).success,
    ).toBe(false);
  });
});

describe('publicKeyView', () => {
  it('shows everything of a key but its hash', () => {
    const record = ApiKeyRecordSchema.parse({
      id: 'key_0123456789abcdef',
      hash: '0123456789abcdef'.repeat(4),
      name: 'Ada',
      email: 'ada@example.org',
      status: 'active',
      createdAt: '2026-01-01T00:00:00.000Z',
    });
    expect(publicKeyView(record)).not.toHaveProperty('hash');
    expect(publicKeyView(record)).toMatchObject({ id: record.id, name: 'Ada' });
  });
});
