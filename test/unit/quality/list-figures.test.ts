import { describe, expect, it } from 'vitest';
import {
  demandQuality,
  inventoryQuality,
} from '../../../functions/src/core/quality/quality-figures.ts';
import {
  DemandQualitySchema,
  InventoryQualitySchema,
} from '../../../functions/src/core/quality/quality-report.ts';
import { system } from '../inventory/inventory-fixture.ts';
import { demands, systems } from './lists-fixture.ts';

const DAY = '2026-11-28';
const NAMES = new Map([['zj-market', { zh: '浙江省市场监督管理局' }]]);

describe('demandQuality', () => {
  it('counts demands per requester and responsibility items per provider, as worked by hand', () => {
    const quality = demandQuality(demands(), DAY, NAMES);
    expect(quality.agencies).toEqual([
      {
        agency: 'zj-big-data',
        name: { zh: 'zj-big-data' },
        figures: {
          demandsRecorded: 5,
          itemsAccepted: 0,
          itemsFulfilled: 0,
          itemsFulfilledOnTime: 0,
          itemsOverdue: 0,
          fulfilmentOnTimeRate: null,
        },
      },
      {
        agency: 'zj-market',
        name: { zh: '浙江省市场监督管理局' },
        figures: {
          demandsRecorded: 0,
          itemsAccepted: 3, // 1, 2, 3; 7 is assigned, not accepted
          itemsFulfilled: 2,
          itemsFulfilledOnTime: 1, // 1; 2 was five days late
          itemsOverdue: 1, // 3, due yesterday
          fulfilmentOnTimeRate: 0.5,
        },
      },
      {
        agency: 'zj-police',
        name: { zh: 'zj-police' },
        figures: {
          demandsRecorded: 3,
          itemsAccepted: 1,
          itemsFulfilled: 0,
          itemsFulfilledOnTime: 0,
          itemsOverdue: 0, // 4 is due today
          fulfilmentOnTimeRate: null,
        },
      },
    ]);
    expect(quality.overall).toEqual({
      demandsRecorded: 8,
      itemsAccepted: 4,
      itemsFulfilled: 2,
      itemsFulfilledOnTime: 1,
      itemsOverdue: 1,
      fulfilmentOnTimeRate: 0.5,
      demandsAwaitingAssignment: 2, // 5, 6
    });
    expect(DemandQualitySchema.parse(quality)).toEqual(quality);
  });

  it('counts an item overdue from the day after its due date', () => {
    const dueToday = demands().filter((d) => d.provider === 'zj-police');
    expect(demandQuality(dueToday, DAY, NAMES).overall.itemsOverdue).toBe(0);
    expect(demandQuality(dueToday, '2026-11-29', NAMES).overall.itemsOverdue).toBe(1);
  });

  it('gives zeros, no rows and a null rate when there are no demands', () => {
    expect(demandQuality([], DAY, NAMES)).toEqual({
      overall: {
        demandsRecorded: 0,
        itemsAccepted: 0,
        itemsFulfilled: 0,
        itemsFulfilledOnTime: 0,
        itemsOverdue: 0,
        fulfilmentOnTimeRate: null,
        demandsAwaitingAssignment: 0,
      },
      agencies: [],
    });
  });
});

describe('inventoryQuality', () => {
  it('gives connection figures per owner, overall, by level and by network, as worked by hand', () => {
    const quality = inventoryQuality(systems(), NAMES);
    expect(quality.agencies).toEqual([
      {
        agency: 'city-hall',
        name: { zh: 'city-hall' },
        figures: { systems: 54, connectedSystems: 12, connectionRate: 12 / 54, deadEnds: 2 },
      },
      {
        agency: 'sh-market',
        name: { zh: 'sh-market' },
        figures: { systems: 2, connectedSystems: 1, connectionRate: 0.5, deadEnds: 1 },
      },
    ]);
    expect(quality.overall).toEqual({
      systems: 56,
      connectedSystems: 13,
      connectionRate: 13 / 56,
      deadEnds: 3,
    });
    expect(quality.levels).toEqual([
      {
        level: '国家级',
        figures: { systems: 25, connectedSystems: 5, connectionRate: 0.2, deadEnds: 1 },
      },
      {
        level: '省级',
        figures: { systems: 25, connectedSystems: 4, connectionRate: 0.16, deadEnds: 1 },
      },
      {
        level: '市级',
        figures: { systems: 6, connectedSystems: 4, connectionRate: 4 / 6, deadEnds: 1 },
      },
    ]);
    expect(quality.networks).toEqual([
      {
        network: '互联网',
        figures: { systems: 4, connectedSystems: 1, connectionRate: 0.25, deadEnds: 0 },
      },
      {
        network: '政务外网',
        figures: { systems: 14, connectedSystems: 3, connectionRate: 3 / 14, deadEnds: 2 },
      },
      {
        network: '专网',
        figures: { systems: 38, connectedSystems: 9, connectionRate: 9 / 38, deadEnds: 1 },
      },
    ]);
    expect(InventoryQualitySchema.parse(quality)).toEqual(quality);
  });

  it('does not count a system that feeds nothing, or a connected one, as a dead end', () => {
    const quality = inventoryQuality(
      [
        system('is_idle', 'sh-market'),
        system('is_joined', 'sh-market', { connected: true, feeds: ['103/000002'] }),
        system('is_stuck', 'sh-market', { feeds: ['103/000003'] }),
      ],
      NAMES,
    );
    expect(quality.overall.deadEnds).toBe(1);
  });

  it('lists every level and network with zeros and null rates when there are no systems', () => {
    const quality = inventoryQuality([], NAMES);
    const none = { systems: 0, connectedSystems: 0, connectionRate: null, deadEnds: 0 };
    expect(quality.overall).toEqual(none);
    expect(quality.agencies).toEqual([]);
    expect(quality.levels.map((row) => [row.level, row.figures])).toEqual([
      ['国家级', none],
      ['省级', none],
      ['市级', none],
    ]);
    expect(quality.networks.map((row) => row.network)).toEqual(['互联网', '政务外网', '专网']);
  });
});
