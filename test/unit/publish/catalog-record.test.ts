import { describe, expect, it } from 'vitest';
import { nextRecord } from '../../../functions/src/core/publish/catalog-record.ts';
import { CatalogEntrySchema } from '../../../functions/src/core/schemas/catalog-entry.ts';
import { openEntry } from '../../support/entries.ts';

const now = new Date('2026-11-28T10:00:00Z');
const entry = (overrides: Parameters<typeof openEntry>[0] = {}) =>
  CatalogEntrySchema.parse(openEntry(overrides));

describe('nextRecord', () => {
  it('publishes an approved entry with its zone and pointer', () => {
    const record = nextRecord(entry(), undefined, 1, now)!;
    expect(record).toMatchObject({
      status: 'published',
      zone: 'open',
      currentVersion: 1,
      hasData: true,
      revision: 1,
    });
    expect(record).not.toHaveProperty('data');
  });

  it('writes nothing when nothing changed', () => {
    const first = nextRecord(entry(), undefined, 1, now)!;
    expect(nextRecord(entry(), first, 1, new Date())).toBeUndefined();
  });

  it('bumps the revision when metadata, status or pointer change', () => {
    const first = nextRecord(entry(), undefined, 1, now)!;
    expect(nextRecord(entry({ title: { zh: '新标题' } }), first, 1, now)?.revision).toBe(2);
    expect(nextRecord(entry(), first, 2, now)?.currentVersion).toBe(2);
    expect(nextRecord(entry({ status: 'withdrawn' }), first, 1, now)?.status).toBe('withdrawn');
  });

  it('keeps drafts unpublished and without data', () => {
    expect(nextRecord(entry({ status: 'draft' }), undefined, undefined, now)).toMatchObject({
      status: 'draft',
      hasData: false,
    });
  });
});
