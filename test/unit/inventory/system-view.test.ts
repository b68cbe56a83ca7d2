import { describe, expect, it } from 'vitest';
import { inventoryReport } from '../../../functions/src/core/inventory/inventory-figures.ts';
import {
  InventoryReportSchema,
  systemView,
} from '../../../functions/src/core/inventory/system-view.ts';
import { ALL_SYSTEMS, MARKET, system } from './inventory-fixture.ts';

describe('systemView', () => {
  it('flags a system that feeds entries without being connected', () => {
    const view = systemView({ ...system('is_a', MARKET, { feeds: ['103/000002'] }), revision: 1 });
    expect(view.deadEnd).toBe(true);
  });

  it('does not flag a connected system, nor one that feeds nothing', () => {
    const connected = { ...system('is_b', MARKET, { connected: true, feeds: ['103/000002'] }) };
    const idle = system('is_c', MARKET);
    for (const one of [connected, idle])
      expect(systemView({ ...one, revision: 2 }).deadEnd).toBe(false);
  });
});

describe('InventoryReportSchema', () => {
  it('describes the report inventoryReport makes, figures and dead ends included', () => {
    const report = inventoryReport(ALL_SYSTEMS);
    expect(InventoryReportSchema.parse(report)).toEqual(report);
  });

  it('describes an empty inventory, whose connection rate is null', () => {
    const report = inventoryReport([]);
    expect(InventoryReportSchema.parse(report).overall.connectionRate).toBeNull();
  });
});
