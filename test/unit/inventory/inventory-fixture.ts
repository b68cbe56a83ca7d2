/**
 * An inventory modelled on issue 8's example: a city hall that uses 54 systems, 25 national,
 * 25 provincial and 4 municipal, most on separate networks (专网). The count is the issue's
 * illustration, not real data; names and ids are made up for the test, and the split of each
 * tier over networks and connections is chosen so that every figure can be worked out by hand.
 */
import type {
  InformationSystem,
  SystemLevel,
  SystemNetwork,
} from '../../../functions/src/core/inventory/information-system.ts';

export const CITY_HALL = 'city-hall';
export const MARKET = 'sh-market';

export function system(
  id: string,
  owner: string,
  fields: Partial<InformationSystem> = {},
): InformationSystem {
  return {
    id,
    name: { zh: `系统 ${id}` },
    owner,
    level: '市级',
    network: '政务外网',
    connected: false,
    feeds: [],
    ...fields,
  };
}

/** `count` systems of one tier: the first on each network in order, the first `connected` joined. */
function tier(
  prefix: string,
  level: SystemLevel,
  networks: readonly [SystemNetwork, number][],
  connected: number,
): InformationSystem[] {
  const plan = networks.flatMap(([network, n]) => Array.from({ length: n }, () => network));
  return plan.map((network, i) =>
    system(`is_${prefix}-${String(i + 1).padStart(2, '0')}`, CITY_HALL, {
      level,
      network,
      connected: i < connected,
    }),
  );
}

/*
 * City hall, 54 systems, 12 connected:
 *   国家级 25: 专网 20, 政务外网 5;            connected 5
 *   省级   25: 专网 18, 政务外网 5, 互联网 2;  connected 4
 *   市级    4: 政务外网 2, 互联网 2;           connected 3
 * By network: 专网 38, 政务外网 12, 互联网 4.
 * Feeding entries: is_nat-01 (connected, not a dead end), is_nat-11 and is_prov-21 (dead ends).
 */
const national = tier(
  'nat',
  '国家级',
  [
    ['专网', 20],
    ['政务外网', 5],
  ],
  5,
);
const provincial = tier(
  'prov',
  '省级',
  [
    ['专网', 18],
    ['政务外网', 5],
    ['互联网', 2],
  ],
  4,
);
const municipal = tier(
  'city',
  '市级',
  [
    ['政务外网', 2],
    ['互联网', 2],
  ],
  3,
);

function feeding(systems: InformationSystem[], id: string, feeds: string[]): void {
  const found = systems.find((s) => s.id === id);
  if (!found) throw new Error(`fixture has no system ${id}`);
  found.feeds = feeds;
}

export const CITY_HALL_SYSTEMS: InformationSystem[] = [...national, ...provincial, ...municipal];
feeding(CITY_HALL_SYSTEMS, 'is_nat-01', ['101/000001']);
feeding(CITY_HALL_SYSTEMS, 'is_nat-11', ['101/000002']);
feeding(CITY_HALL_SYSTEMS, 'is_prov-21', ['102/000001', '103/000001']);

/*
 * Market regulation, 2 municipal systems on 政务外网: one connected, one a dead end.
 * Listed before the city hall's on purpose, so that sorting by owner is visible.
 */
export const MARKET_SYSTEMS: InformationSystem[] = [
  system('market-licensing', MARKET, { connected: true, feeds: ['103/000002'] }),
  system('is_market-inspection', MARKET, { feeds: ['103/000003'] }),
];

export const ALL_SYSTEMS: InformationSystem[] = [...MARKET_SYSTEMS, ...CITY_HALL_SYSTEMS];

export const AGENCY_CODES: ReadonlySet<string> = new Set([CITY_HALL, MARKET]);
export const ENTRY_CODES: ReadonlySet<string> = new Set([
  '101/000001',
  '101/000002',
  '102/000001',
  '103/000001',
  '103/000002',
  '103/000003',
]);
