import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { StoredSystem } from '../../../functions/src/core/inventory/information-system.ts';
import {
  SystemEditSchema,
  applySystemEdit,
  systemProblems,
} from '../../../functions/src/core/inventory/system-edit.ts';
import { AGENCY_CODES, CITY_HALL, ENTRY_CODES, MARKET, system } from './inventory-fixture.ts';

const CONTEXT = { agencyCodes: AGENCY_CODES, entryCodes: ENTRY_CODES };

function stored(fields: Partial<StoredSystem> = {}): StoredSystem {
  return {
    ...system('is_hotline', CITY_HALL, { name: { zh: '12345 市民热线' }, feeds: ['101/000001'] }),
    revision: 3,
    ...fields,
  };
}

function thrown(run: () => unknown): DatarunError {
  try {
    run();
  } catch (error) {
    if (error instanceof DatarunError) return error;
    throw error;
  }
  throw new Error('expected a DatarunError');
}

describe('SystemEditSchema', () => {
  it('accepts a revision and one field to set', () => {
    expect(SystemEditSchema.parse({ revision: 2, set: { connected: true } })).toEqual({
      revision: 2,
      set: { connected: true },
    });
  });

  it('refuses an edit that sets nothing', () => {
    expect(SystemEditSchema.safeParse({ revision: 2, set: {} }).success).toBe(false);
  });

  it('refuses changing the id or the owner', () => {
    for (const set of [{ id: 'is_other' }, { owner: MARKET }])
      expect(SystemEditSchema.safeParse({ revision: 2, set }).success, JSON.stringify(set)).toBe(
        false,
      );
  });

  it('refuses a level outside the vocabulary and an entry listed twice', () => {
    expect(SystemEditSchema.safeParse({ revision: 1, set: { level: '县级' } }).success).toBe(false);
    expect(
      SystemEditSchema.safeParse({ revision: 1, set: { feeds: ['101/000001', '101/000001'] } })
        .success,
    ).toBe(false);
  });

  it('leaves out the fed entries when the edit does not set them', () => {
    expect(
      SystemEditSchema.parse({ revision: 1, set: { connected: true } }).set,
    ).not.toHaveProperty('feeds');
  });
});

describe('applySystemEdit', () => {
  it('sets the fields, raises the revision and records each change before and after', () => {
    const { next, changes } = applySystemEdit(stored(), {
      revision: 3,
      set: { connected: true, network: '专网', feeds: ['101/000001', '101/000002'] },
    });
    expect(next).toMatchObject({
      id: 'is_hotline',
      owner: CITY_HALL,
      connected: true,
      network: '专网',
      feeds: ['101/000001', '101/000002'],
      revision: 4,
    });
    expect(changes).toEqual({
      connected: { before: false, after: true },
      network: { before: '政务外网', after: '专网' },
      feeds: { before: ['101/000001'], after: ['101/000001', '101/000002'] },
    });
  });

  it('leaves out values that equal the stored ones', () => {
    const { changes } = applySystemEdit(stored(), {
      revision: 3,
      set: { connected: true, level: '市级', name: { zh: '12345 市民热线' } },
    });
    expect(Object.keys(changes)).toEqual(['connected']);
  });

  it('keeps the system and its revision when nothing changes', () => {
    const before = stored();
    const { next, changes } = applySystemEdit(before, { revision: 3, set: { level: '市级' } });
    expect(next).toBe(before);
    expect(changes).toEqual({});
  });

  it('refuses an edit made on an older revision with a conflict naming revision', () => {
    const error = thrown(() =>
      applySystemEdit(stored(), { revision: 2, set: { connected: true } }),
    );
    expect(error.code).toBe('conflict');
    expect(error.problems[0]!.field).toBe('revision');
    expect(error.message).toContain('revision 3, not 2');
  });
});

describe('systemProblems', () => {
  const others = [
    system('is_hotline', CITY_HALL, { name: { zh: '12345 市民热线' } }),
    system('market-licensing', MARKET, { name: { zh: '许可系统' } }),
  ];

  it('finds nothing wrong with a new system of a known agency feeding catalog entries', () => {
    const fresh = system('is_permits', CITY_HALL, { feeds: ['102/000001'] });
    expect(systemProblems(fresh, others, CONTEXT)).toEqual([]);
  });

  it('answers an id already used with a conflict naming id', () => {
    const problems = systemProblems(system('is_hotline', MARKET), others, CONTEXT);
    expect(problems).toEqual([
      {
        code: 'conflict',
        message: 'id "is_hotline" is taken by another system; choose another',
        field: 'id',
      },
    ]);
  });

  it('answers a name the owner already lists, written differently, with a conflict naming name.zh and the system', () => {
    const twin = system('is_twin', CITY_HALL, { name: { zh: '１２３４５市民热线' } });
    const [found, ...rest] = systemProblems(twin, others, CONTEXT);
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ code: 'conflict', field: 'name.zh' });
    expect(found!.message).toContain('is_hotline');
  });

  it('lets another agency list a system of the same name', () => {
    const same = system('is_market-hotline', MARKET, { name: { zh: '12345 市民热线' } });
    expect(systemProblems(same, others, CONTEXT)).toEqual([]);
  });

  it('names an unknown owner and each unknown entry, bad input before conflicts', () => {
    const wrong = system('is_hotline', 'nowhere', { feeds: ['101/000001', '999/000001'] });
    expect(systemProblems(wrong, others, CONTEXT).map((p) => [p.code, p.field])).toEqual([
      ['invalid-field', 'owner'],
      ['invalid-field', 'feeds.1'],
      ['conflict', 'id'],
    ]);
  });

  it('prefixes the fields as an edit body names them', () => {
    const renamed = system('is_other', MARKET, { name: { zh: '许可系统' } });
    expect(systemProblems(renamed, others, CONTEXT, 'set.').map((p) => p.field)).toEqual([
      'set.name.zh',
    ]);
  });
});
