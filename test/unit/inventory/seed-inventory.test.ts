import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/src/core/audit/audit-record.ts';
import type { AuditLog } from '../../../functions/src/core/ports/audit-log.ts';
import type { SystemRepository } from '../../../functions/src/core/ports/system-repository.ts';
import { DatarunError, problem } from '../../../functions/src/core/errors.ts';
import type { StoredSystem } from '../../../functions/src/core/inventory/information-system.ts';
import { seedInventory } from '../../../functions/src/services/inventory/seed-inventory.ts';
import { CITY_HALL, MARKET, system } from './inventory-fixture.ts';

const FILE = 'data/information-systems.yaml';

/** An inventory in memory whose `create` can be made to fail for one id. */
function memory(stored: StoredSystem[], failing?: { id: string; error: Error }) {
  const systems = new Map(stored.map((s) => [s.id, s]));
  const appended: AuditEntry[] = [];
  const repository: Pick<SystemRepository, 'all' | 'create'> = {
    all: async () => [...systems.values()],
    create: async (s) => {
      if (s.id === failing?.id) throw failing.error;
      systems.set(s.id, s);
    },
  };
  const audit: Pick<AuditLog, 'append'> = {
    append: async (entry) => {
      appended.push(entry);
      return {} as never;
    },
  };
  return {
    systems,
    appended,
    deps: {
      systems: repository as SystemRepository,
      audit: audit as AuditLog,
      now: () => Date.UTC(2026, 10, 28),
    },
  };
}

describe('seedInventory', () => {
  it('creates new systems at revision 1, keeps stored ones untouched, and audits the counts once', async () => {
    const edited: StoredSystem = { ...system('is_a', CITY_HALL, { connected: true }), revision: 4 };
    const store = memory([edited]);
    const summary = await seedInventory(store.deps, {
      file: FILE,
      systems: [system('is_a', CITY_HALL), system('is_b', MARKET)],
    });
    expect(summary).toEqual({ created: 1, kept: 1, skipped: [] });
    expect(store.systems.get('is_a')).toBe(edited);
    expect(store.systems.get('is_b')).toMatchObject({ revision: 1 });
    expect(store.appended).toEqual([
      expect.objectContaining({
        action: 'system.seed',
        outcome: 'ok',
        at: '2026-11-28T00:00:00.000Z',
        details: { file: FILE, created: 1, kept: 1, ids: ['is_b'] },
      }),
    ]);
  });

  it('writes no audit record when nothing was created', async () => {
    const store = memory([{ ...system('is_a', CITY_HALL), revision: 1 }]);
    await seedInventory(store.deps, { file: FILE, systems: [system('is_a', CITY_HALL)] });
    expect(store.appended).toEqual([]);
  });

  it('counts a system created meanwhile by someone else as kept', async () => {
    const store = memory([], {
      id: 'is_a',
      error: new DatarunError(problem('conflict', 'a system is_a already exists')),
    });
    const summary = await seedInventory(store.deps, {
      file: FILE,
      systems: [system('is_a', CITY_HALL), system('is_b', CITY_HALL)],
    });
    expect(summary).toEqual({ created: 1, kept: 1, skipped: [] });
  });

  it('lets a storage failure through', async () => {
    const store = memory([], { id: 'is_a', error: new Error('throttled') });
    await expect(
      seedInventory(store.deps, { file: FILE, systems: [system('is_a', CITY_HALL)] }),
    ).rejects.toThrow('throttled');
  });

  it('skips a new system whose name its owner already lists under another id, naming file and field', async () => {
    const store = memory([
      { ...system('is_portal', CITY_HALL, { name: { zh: '12345 市民热线' } }), revision: 2 },
    ]);
    const summary = await seedInventory(store.deps, {
      file: FILE,
      systems: [
        system('is_b', MARKET),
        system('is_hotline', CITY_HALL, { name: { zh: '12345市民热线' } }),
      ],
    });
    expect(summary.created).toBe(1);
    expect(summary.skipped).toEqual([
      expect.objectContaining({ code: 'duplicate', file: FILE, field: 'systems[1].name.zh' }),
    ]);
    expect(summary.skipped[0]!.message).toContain('is_portal');
    expect(store.systems.has('is_hotline')).toBe(false);
  });
});
