import { describe, expect, it } from 'vitest';
import { decideSharedDownload } from '../../../functions/src/core/access/shared-download.ts';

const shared = { provider: '314', zone: 'shared' as const };

describe('decideSharedDownload', () => {
  it('lets the providing agency download its shared data', () => {
    expect(decideSharedDownload({ agency: '314' }, shared)).toEqual({ allow: true });
  });

  it('answers a caller without an agency as if the entry did not exist', () => {
    expect(decideSharedDownload({}, shared)).toMatchObject({ allow: false, status: 404 });
  });

  it('refuses another agency with a 403 naming the provider', () => {
    const decision = decideSharedDownload({ agency: '103' }, shared);
    expect(decision).toMatchObject({ allow: false, status: 403 });
    expect(decision.allow === false && decision.reason).toContain('(314)');
  });

  it('never hands out data kept in staging, not even to its provider', () => {
    const decision = decideSharedDownload({ agency: '314' }, { ...shared, zone: 'staging' });
    expect(decision).toMatchObject({ allow: false, status: 403 });
  });

  it('never presigns open data: it has a permanent public address instead', () => {
    const decision = decideSharedDownload({ agency: '314' }, { ...shared, zone: 'open' });
    expect(decision.allow).toBe(false);
  });
});
