import { describe, expect, it } from 'vitest';
import { auditHashFromEnv } from '../../../functions/src/adapters/dynamodb/audit-log.ts';

describe('auditHashFromEnv', () => {
  it('seals with SM3 when DATARUN_AUDIT_HASH is unset or empty', () => {
    expect(auditHashFromEnv({})).toBe('sm3');
    expect(auditHashFromEnv({ DATARUN_AUDIT_HASH: '' })).toBe('sm3');
  });

  it('seals with SHA-256 when asked, in any case', () => {
    expect(auditHashFromEnv({ DATARUN_AUDIT_HASH: 'SHA256' })).toBe('sha256');
  });

  it('refuses another algorithm, naming the variable and the values it takes', () => {
    expect(() => auditHashFromEnv({ DATARUN_AUDIT_HASH: 'md5' })).toThrow(
      'DATARUN_AUDIT_HASH: DATARUN_AUDIT_HASH is "md5"; set it to one of sm3, sha256 (sm3 when unset)',
    );
  });
});
