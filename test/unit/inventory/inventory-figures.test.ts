import { describe, expect, it } from 'vitest';
import {
  deadEnds,
  inventoryFigures,
  inventoryReport,
} from '../../../functions/src/core/inventory/inventory-figures.ts';
import {
  ALL_SYSTEMS,
  CITY_HALL,
  CITY_HALL_SYSTEMS,
  MARKET,
  MARKET_SYSTEMS,
  system,
} from './inventory-fixture.ts';

describe('inventoryFigures', () => {
  it('counts the city hall’s 54 systems by tier and network, 12 of them connected', () => {
    expect(inventoryFigures(CITY_HALL_SYSTEMS)).toEqual({
      systems: 54,
      connected: 12,
      connectionRate: 12 / 54,
      byLevel: { 国家级: 25, 省级: 25, 市级: 4 },
      byNetwork: { 互联网: 4, 政务外网: 12, 专网: 38 },
    });
  });

  it('gives no connection rate and zero counts for an agency without systems', () => {
    expect(inventoryFigures([])).toEqual({
      systems: 0,
      connected: 0,
      connectionRate: null,
      byLevel: { 国家级: 0, 省级: 0, 市级: 0 },
      byNetwork: { 互联网: 0, 政务外网: 0, 专网: 0 },
    });
  });

  it('raises the connection rate when one more system is connected', () => {
    const edited = CITY_HALL_SYSTEMS.map((s) =>
      s.id === 'is_nat-11' ? { ...s, connected: true } : s,
    );
    expect(inventoryFigures(edited).connectionRate).toBe(13 / 54);
  });
});

describe('deadEnds', () => {
  it('flags systems that feed entries but are not connected, by owner then id', () => {
    expect(deadEnds(ALL_SYSTEMS)).toEqual([
      { system: 'is_nat-11', owner: CITY_HALL, entries: ['101/000002'] },
      { system: 'is_prov-21', owner: CITY_HALL, entries: ['102/000001', '103/000001'] },
      { system: 'is_market-inspection', owner: MARKET, entries: ['103/000003'] },
    ]);
  });

  it('does not flag an unconnected system that feeds nothing', () => {
    expect(deadEnds([system('is_archive', CITY_HALL)])).toEqual([]);
  });

  it('stops flagging a system once it is connected', () => {
    const edited = MARKET_SYSTEMS.map((s) => ({ ...s, connected: true }));
    expect(deadEnds(edited)).toEqual([]);
  });
});

describe('inventoryReport', () => {
  it('gives figures per owning agency sorted by code, and overall', () => {
    const report = inventoryReport(ALL_SYSTEMS);
    expect(report.agencies.map((a) => a.agency)).toEqual([CITY_HALL, MARKET]);
    expect(report.agencies[0]!.figures.connectionRate).toBe(12 / 54);
    expect(report.agencies[1]!.figures).toEqual({
      systems: 2,
      connected: 1,
      connectionRate: 0.5,
      byLevel: { 国家级: 0, 省级: 0, 市级: 2 },
      byNetwork: { 互联网: 0, 政务外网: 2, 专网: 0 },
    });
    expect(report.overall).toEqual({
      systems: 56,
      connected: 13,
      connectionRate: 13 / 56,
      byLevel: { 国家级: 25, 省级: 25, 市级: 6 },
      byNetwork: { 互联网: 4, 政务外网: 14, 专网: 38 },
    });
    expect(report.deadEnds.map((d) => d.system)).toEqual([
      'is_nat-11',
      'is_prov-21',
      'is_market-inspection',
    ]);
  });

  it('lists no agencies for an empty inventory', () => {
    expect(inventoryReport([])).toEqual({
      overall: inventoryFigures([]),
      agencies: [],
      deadEnds: [],
    });
  });
});
