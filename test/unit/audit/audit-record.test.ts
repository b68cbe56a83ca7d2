import { describe, expect, it } from 'vitest';
import {
  AuditEntrySchema,
  AuditRecordSchema,
  EMPTY_HEAD,
  GENESIS_HASH,
  auditDigest,
  recordHash,
  sealRecord,
} from '../../../functions/src/core/audit/audit-record.ts';
import { canonicalJson } from '../../../functions/src/core/publish/canonical-hash.ts';
import { walkThrough } from './fixtures.ts';

describe('auditDigest', () => {
  it('computes the SM3 of "abc" given in GB/T 32905-2016', () => {
    expect(auditDigest('sm3', 'abc')).toBe(
      '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0',
    );
  });

  it('computes the SHA-256 of "abc" given in FIPS 180-2', () => {
    expect(auditDigest('sha256', 'abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('sealRecord', () => {
  const [first, second] = walkThrough();

  it('numbers the first record 1 and links it to the genesis hash', () => {
    const record = sealRecord(first!, EMPTY_HEAD, 'sm3');
    expect(record).toMatchObject({ chain: 'main', seq: 1, alg: 'sm3', prev: GENESIS_HASH });
    expect(AuditRecordSchema.parse(record)).toEqual(record);
  });

  it('hashes the canonical JSON of every field but the hash with the chosen algorithm', () => {
    const record = sealRecord(first!, EMPTY_HEAD, 'sha256');
    const { hash, ...body } = record;
    expect(hash).toBe(auditDigest('sha256', canonicalJson(body)));
    expect(recordHash(record, 'sha256')).toBe(hash);
  });

  it('links the next record to the head it was sealed after', () => {
    const one = sealRecord(first!, EMPTY_HEAD, 'sm3');
    const two = sealRecord(second!, { seq: one.seq, hash: one.hash }, 'sm3');
    expect(two).toMatchObject({ seq: 2, prev: one.hash });
  });

  it('stores exactly what it hashed: undefined fields dropped, dates as text', () => {
    const record = sealRecord(
      {
        ...first!,
        reason: undefined,
        details: { when: new Date(Date.UTC(2026, 0, 5)), gone: undefined },
      },
      EMPTY_HEAD,
      'sm3',
    );
    expect('reason' in record).toBe(false);
    expect(record.details).toEqual({ when: '2026-01-05T00:00:00.000Z' });
    expect(recordHash(record, 'sm3')).toBe(record.hash);
  });
});

describe('AuditEntrySchema', () => {
  it('refuses a time with an offset, which would not compare as text with UTC times', () => {
    const [first] = walkThrough();
    expect(AuditEntrySchema.safeParse({ ...first, at: '2026-03-02T09:00:00+08:00' }).success).toBe(
      false,
    );
  });

  it('refuses an outcome other than ok, denied or failed', () => {
    const [first] = walkThrough();
    expect(AuditEntrySchema.safeParse({ ...first, outcome: 'maybe' }).success).toBe(false);
  });
});
