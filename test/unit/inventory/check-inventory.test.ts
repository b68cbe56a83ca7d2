import { describe, expect, it } from 'vitest';
import { checkInventory } from '../../../functions/src/core/inventory/check-inventory.ts';
import type { InventoryContext } from '../../../functions/src/core/inventory/check-inventory.ts';
import {
  AGENCY_CODES,
  ALL_SYSTEMS,
  CITY_HALL,
  ENTRY_CODES,
  MARKET,
  system,
} from './inventory-fixture.ts';

const FILE = 'data/information-systems.yaml';
const CONTEXT: InventoryContext = {
  file: FILE,
  agencyCodes: AGENCY_CODES,
  entryCodes: ENTRY_CODES,
};

describe('checkInventory', () => {
  it('finds nothing wrong with the fixture inventory', () => {
    expect(checkInventory(ALL_SYSTEMS, CONTEXT)).toEqual([]);
  });

  it('reports a second system with the same id', () => {
    const systems = [system('is_hotline', CITY_HALL), system('is_hotline', MARKET)];
    expect(checkInventory(systems, CONTEXT)).toEqual([
      {
        code: 'duplicate',
        message: 'id "is_hotline" is also used by systems[0]',
        file: FILE,
        field: 'systems[1].id',
      },
    ]);
  });

  it('reports an agency listing one system twice, whatever the case and spacing', () => {
    const systems = [
      system('is_a', CITY_HALL, { name: { zh: '12345 市民热线 App' } }),
      system('is_b', MARKET, { name: { zh: '12345市民热线app' } }),
      system('is_c', CITY_HALL, { name: { zh: '１２３４５ 市民热线  APP' } }),
    ];
    const problems = checkInventory(systems, CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      code: 'duplicate',
      file: FILE,
      field: 'systems[2].name.zh',
    });
    expect(problems[0]!.message).toContain('systems[0]');
  });

  it('accepts two systems of one agency whose names differ', () => {
    const systems = [
      system('is_a', CITY_HALL, { name: { zh: '市民热线' } }),
      system('is_b', CITY_HALL, { name: { zh: '市民热线 二期' } }),
    ];
    expect(checkInventory(systems, CONTEXT)).toEqual([]);
  });

  it('reports an owner that is not a listed agency', () => {
    const problems = checkInventory([system('is_a', 'sh-nowhere')], CONTEXT);
    expect(problems).toEqual([
      {
        code: 'unknown-reference',
        message: 'unknown agency "sh-nowhere"; use the code of a listed agency',
        file: FILE,
        field: 'systems[0].owner',
      },
    ]);
  });

  it('reports each fed entry that is not in the catalog, at its position', () => {
    const systems = [
      system('is_a', CITY_HALL),
      system('is_b', CITY_HALL, { feeds: ['101/000001', '999/000001', '101/000009'] }),
    ];
    expect(checkInventory(systems, CONTEXT).map((p) => [p.code, p.field])).toEqual([
      ['unknown-reference', 'systems[1].feeds[1]'],
      ['unknown-reference', 'systems[1].feeds[2]'],
    ]);
  });
});
