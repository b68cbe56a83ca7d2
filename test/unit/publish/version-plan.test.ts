import { describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS, planVersion } from '../../../functions/src/core/publish/version-plan.ts';
import type { DatasetVersion } from '../../../functions/src/core/schemas/dataset-version.ts';

const now = new Date('2026-11-28T10:00:00Z');
const pending = (input: string, at: Date): DatasetVersion =>
  ({
    code: '103/000001',
    version: 2,
    inputSha256: input,
    claim: { token: 't', at: at.toISOString() },
  }) as DatasetVersion;

describe('planVersion', () => {
  it('makes no version when the live one has the same input', () => {
    expect(
      planVersion({ current: 1, currentInput: 'a', pending: undefined, inputSha256: 'a', now }),
    ).toEqual({ kind: 'unchanged', version: 1 });
  });

  it('claims version 1 for a first publication and the next number after that', () => {
    expect(
      planVersion({
        current: undefined,
        currentInput: undefined,
        pending: undefined,
        inputSha256: 'a',
        now,
      }).version,
    ).toBe(1);
    expect(
      planVersion({ current: 1, currentInput: 'a', pending: undefined, inputSha256: 'b', now }),
    ).toEqual({ kind: 'claim', version: 2 });
  });

  it('resumes a version left unfinished with the same input', () => {
    const left = pending('b', new Date(now.getTime() - 1000));
    expect(
      planVersion({ current: 1, currentInput: 'a', pending: left, inputSha256: 'b', now }),
    ).toMatchObject({ kind: 'resume', version: 2 });
  });

  it('waits while another run holds the number for other input, then takes it over', () => {
    const fresh = pending('c', new Date(now.getTime() - 1000));
    expect(
      planVersion({ current: 1, currentInput: 'a', pending: fresh, inputSha256: 'b', now }).kind,
    ).toBe('busy');
    const stale = pending('c', new Date(now.getTime() - CLAIM_LEASE_MS - 1));
    expect(
      planVersion({ current: 1, currentInput: 'a', pending: stale, inputSha256: 'b', now }).kind,
    ).toBe('take-over');
  });
});
