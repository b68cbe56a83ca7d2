import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../../../functions/src/core/audit/audit-chain.ts';
import {
  GENESIS_HASH,
  recordHash,
  sealRecord,
} from '../../../functions/src/core/audit/audit-record.ts';
import type { AuditEntry, AuditRecord } from '../../../functions/src/core/audit/audit-record.ts';
import { CONSUMER, PROVIDER, REVIEWER, sealAll, walkThrough } from './fixtures.ts';

const clone = (records: AuditRecord[]) => structuredClone(records);

describe('verifyChain', () => {
  const { records, head } = sealAll(walkThrough());

  it('finds an untouched chain intact, with its count, algorithm and head', () => {
    expect(verifyChain(records, head)).toEqual({
      ok: true,
      count: 5,
      algorithms: ['sm3'],
      head: 5,
    });
  });

  it('finds an empty log intact', () => {
    expect(verifyChain([], { seq: 0, hash: GENESIS_HASH })).toMatchObject({ ok: true, count: 0 });
  });

  it('reports an edited detail at the record that holds it', () => {
    const edited = clone(records);
    edited[3]!.details = { ...edited[3]!.details, fields: ['Name', 'Email', 'Phone'] };
    expect(verifyChain(edited, head)).toMatchObject({ ok: false, kind: 'edited', seq: 4 });
  });

  it('reports an edited actor at the record that holds it', () => {
    const edited = clone(records);
    edited[1]!.actor.user = REVIEWER.user;
    const verdict = verifyChain(edited, head);
    expect(verdict).toMatchObject({ ok: false, kind: 'edited', seq: 2 });
    expect(!verdict.ok && verdict.message).toContain('record #2 was changed after it was written');
  });

  it('reports a record deleted from the middle as the missing number', () => {
    const deleted = clone(records).filter((r) => r.seq !== 3);
    const verdict = verifyChain(deleted, head);
    expect(verdict).toMatchObject({ ok: false, kind: 'deleted', seq: 3 });
    expect(!verdict.ok && verdict.message).toBe(
      'record #3 is missing: the next stored record is #4',
    );
  });

  it('reports the last records deleted as a truncation, through the head', () => {
    const truncated = clone(records).slice(0, 3);
    expect(verifyChain(truncated)).toMatchObject({ ok: true, count: 3 });
    const verdict = verifyChain(truncated, head);
    expect(verdict).toMatchObject({ ok: false, kind: 'truncated', seq: 4 });
    expect(!verdict.ok && verdict.message).toContain('records #4–#5 are missing');
  });

  it('reports a forged record put in place of another as an insertion at the next link', () => {
    const forged = clone(records);
    // Sealed correctly after record 2, but record 4 still links to the real record 3.
    forged[2] = sealRecord(
      { ...walkThrough()[2]!, reason: 'accepted without review' },
      { seq: 2, hash: records[1]!.hash },
      'sm3',
    );
    expect(verifyChain(forged, head)).toMatchObject({ ok: false, kind: 'inserted', seq: 4 });
  });

  it('reports a self-consistent record that does not link to the one before as inserted', () => {
    const inserted = clone(records);
    const stray = { ...inserted[2]!, prev: 'f'.repeat(64) };
    inserted[2] = { ...stray, hash: recordHash(stray, 'sm3') };
    expect(verifyChain(inserted, head)).toMatchObject({ ok: false, kind: 'inserted', seq: 3 });
  });

  it('reports a record added beyond the head as inserted', () => {
    const extra = sealRecord(walkThrough()[0]!, head, 'sm3');
    const extra2 = sealRecord(walkThrough()[1]!, { seq: extra.seq, hash: extra.hash }, 'sm3');
    expect(verifyChain([...records, extra, extra2], head)).toMatchObject({
      ok: false,
      kind: 'inserted',
      seq: 7,
    });
  });

  it('accepts exactly one record beyond the head: an append stopped before moving it', () => {
    const extra = sealRecord(walkThrough()[0]!, head, 'sm3');
    expect(verifyChain([...records, extra], head)).toEqual({
      ok: true,
      count: 6,
      algorithms: ['sm3'],
      head: 5,
    });
  });

  it('reports two records swapped and renumbered at the first of them', () => {
    const reordered = clone(records);
    const [third, fourth] = [reordered[2]!, reordered[3]!];
    reordered[2] = { ...fourth, seq: 3 };
    reordered[3] = { ...third, seq: 4 };
    expect(verifyChain(reordered, head)).toMatchObject({ ok: false, kind: 'edited', seq: 3 });
  });

  it('reports records given out of order', () => {
    const shuffled = clone(records);
    [shuffled[2], shuffled[3]] = [shuffled[3]!, shuffled[2]!];
    expect(verifyChain(shuffled, head)).toMatchObject({ ok: false, kind: 'deleted', seq: 3 });
    const repeated = [...clone(records).slice(0, 3), clone(records)[1]!];
    expect(verifyChain(repeated)).toMatchObject({ ok: false, kind: 'inserted', seq: 4 });
  });

  it('verifies a chain whose algorithm changed midway, naming both', () => {
    const mixed = sealAll(walkThrough(), ['sm3', 'sm3', 'sha256', 'sha256', 'sm3']);
    expect(verifyChain(mixed.records, mixed.head)).toEqual({
      ok: true,
      count: 5,
      algorithms: ['sm3', 'sha256'],
      head: 5,
    });
    const edited = clone(mixed.records);
    edited[2]!.outcome = 'failed';
    expect(verifyChain(edited, mixed.head)).toMatchObject({ ok: false, kind: 'edited', seq: 3 });
  });

  it('reports a record whose algorithm was renamed to one it does not know', () => {
    const edited = clone(records) as unknown as Record<string, unknown>[];
    edited[0]!.alg = 'md5';
    expect(verifyChain(edited as unknown as AuditRecord[], head)).toMatchObject({
      ok: false,
      kind: 'edited',
      seq: 1,
    });
  });

  it('reports a last record replaced by one that links correctly, through the head', () => {
    const replaced = clone(records);
    replaced[4] = sealRecord(
      { ...walkThrough()[4]!, details: { rows: 1 } },
      { seq: 4, hash: records[3]!.hash },
      'sm3',
    );
    expect(verifyChain(replaced)).toMatchObject({ ok: true });
    expect(verifyChain(replaced, head)).toMatchObject({ ok: false, kind: 'edited', seq: 5 });
  });
});

/** Every path to a value inside a record (fields, nested fields, array items). */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value))
    return value.flatMap((item, i) => [[...prefix, i], ...paths(item, [...prefix, i])]);
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...paths(item, [...prefix, key]),
    ]);
  return [];
}

function changed(value: unknown): unknown {
  if (typeof value === 'string') return `${value}·`;
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === null) return 0;
  if (Array.isArray(value)) return [...value, 'x'];
  return { ...(value as object), added: true };
}

type Edit = 'change' | 'remove' | 'add';

function edit(record: AuditRecord, path: (string | number)[], how: Edit): AuditRecord {
  const copy = structuredClone(record) as unknown as Record<string | number, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (how === 'change') parent[last] = changed(parent[last]);
  else if (how === 'remove' && Array.isArray(parent)) parent.splice(last as number, 1);
  else if (how === 'remove') delete parent[last];
  else if (Array.isArray(parent)) parent.push('added');
  else parent[`${String(last)}_added`] = 'added';
  return copy as unknown as AuditRecord;
}

const entryArb: fc.Arbitrary<AuditEntry> = fc.record(
  {
    at: fc
      .integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2027, 0, 1) })
      .map((ms) => new Date(ms).toISOString()),
    actor: fc.constantFrom(CONSUMER, PROVIDER, REVIEWER),
    action: fc.constantFrom('share-request.create', 'share-request.approve', 'grant.download'),
    subject: fc.stringMatching(/^share-request:sr_[0-9a-z]{1,8}$/),
    outcome: fc.constantFrom('ok', 'denied', 'failed'),
    reason: fc.string({ minLength: 1, maxLength: 20 }),
    details: fc.dictionary(
      fc.stringMatching(/^[a-z]{1,6}$/),
      fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.array(fc.string(), { maxLength: 3 })),
      { maxKeys: 4 },
    ),
  },
  { requiredKeys: ['at', 'actor', 'action', 'subject', 'outcome'] },
);

describe('verifyChain, for any single edit', () => {
  it('reports the edited record of a random chain, whatever field was edited and how', () => {
    fc.assert(
      fc.property(
        fc.array(entryArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.constantFrom('sm3' as const, 'sha256' as const), { maxLength: 8 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom<Edit>('change', 'remove', 'add'),
        (entries, algorithms, pickRecord, pickPath, how) => {
          const { records, head } = sealAll(entries, algorithms);
          const index = pickRecord % records.length;
          const fieldPaths = paths(records[index]);
          const path = fieldPaths[pickPath % fieldPaths.length]!;
          const tampered = [...records];
          tampered[index] = edit(records[index]!, path, how);
          const verdict = verifyChain(tampered, head);
          expect(verdict.ok).toBe(false);
          expect(!verdict.ok && verdict.seq).toBe(index + 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
