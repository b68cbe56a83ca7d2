import { describe, expect, it } from 'vitest';
import {
  MAX_VERIFY_BATCH,
  VerificationSpecSchema,
  VerifyAnswerSchema,
  VerifyRequestSchema,
} from '../../../functions/src/core/verify/verification.ts';

const issues = (result: {
  success: boolean;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}) =>
  result.error?.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) ??
  [];

describe('VerificationSpecSchema', () => {
  it('accepts a key with verifiable fields, and a key alone for existence checks', () => {
    expect(
      VerificationSpecSchema.parse({ keyFields: ['code'], verifiableFields: ['name'] }),
    ).toEqual({ keyFields: ['code'], verifiableFields: ['name'] });
    expect(VerificationSpecSchema.parse({ keyFields: ['code'] }).verifiableFields).toEqual([]);
  });

  it('rejects an empty key and a key of more than five columns', () => {
    expect(VerificationSpecSchema.safeParse({ keyFields: [] }).success).toBe(false);
    expect(
      VerificationSpecSchema.safeParse({ keyFields: ['a', 'b', 'c', 'd', 'e', 'f'] }).success,
    ).toBe(false);
    expect(VerificationSpecSchema.safeParse({ keyFields: ['a', 'b', 'c', 'd', 'e'] }).success).toBe(
      true,
    );
  });

  it('rejects a verifiable field that is also a key field, naming where', () => {
    const result = VerificationSpecSchema.safeParse({
      keyFields: ['code'],
      verifiableFields: ['name', 'code'],
    });
    expect(issues(result)).toEqual([
      {
        path: 'verifiableFields.1',
        message: '"code" is a key field; a key field cannot also be verifiable',
      },
    ]);
  });

  it('rejects a field listed twice', () => {
    const result = VerificationSpecSchema.safeParse({
      keyFields: ['code'],
      verifiableFields: ['name', 'name'],
    });
    expect(issues(result)).toEqual([
      { path: 'verifiableFields.1', message: '"name" is listed twice' },
    ]);
  });
});

describe('VerifyRequestSchema', () => {
  const record = { key: { code: '110101' }, fields: { name: '东城区' } };

  it('accepts one record and a full batch, and defaults fields to none', () => {
    expect(
      VerifyRequestSchema.parse({ records: [{ key: { code: '1' } }] }).records[0]!.fields,
    ).toEqual({});
    expect(
      VerifyRequestSchema.safeParse({ records: Array(MAX_VERIFY_BATCH).fill(record) }).success,
    ).toBe(true);
  });

  it('refuses a batch of 1,001 records and an empty one, naming the limit', () => {
    expect(issues(VerifyRequestSchema.safeParse({ records: Array(1001).fill(record) }))).toEqual([
      { path: 'records', message: 'send at most 1000 records per call' },
    ]);
    expect(issues(VerifyRequestSchema.safeParse({ records: [] }))).toEqual([
      { path: 'records', message: 'send at least one record' },
    ]);
  });

  it('refuses values that are not text and keys it does not know', () => {
    expect(VerifyRequestSchema.safeParse({ records: [{ key: { code: 110101 } }] }).success).toBe(
      false,
    );
    expect(
      VerifyRequestSchema.safeParse({ records: [{ key: { code: '1' }, extra: 1 }] }).success,
    ).toBe(false);
  });
});

describe('VerifyAnswerSchema', () => {
  it('has no place for a value: unknown keys are refused', () => {
    expect(
      VerifyAnswerSchema.safeParse({ index: 0, result: 'no-match', differing: ['name'] }).success,
    ).toBe(true);
    expect(
      VerifyAnswerSchema.safeParse({ index: 0, result: 'no-match', expected: '东城区' }).success,
    ).toBe(false);
  });
});
