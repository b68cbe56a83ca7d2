/**
 * Demands and an inventory for the quality figures, worked out by hand for the report's day,
 * 28 November 2026 (see quality-fixture.ts).
 */
import type { Demand } from '../../../functions/src/core/demands/demand.ts';
import { applyDemandEvent, newDemand } from '../../../functions/src/core/demands/demand-machine.ts';
import type { DemandEvent } from '../../../functions/src/core/demands/demand-machine.ts';
import type { Actor } from '../../../functions/src/core/identity/identity.ts';
import { INPUT } from '../demands/support.ts';
import { ALL_SYSTEMS } from '../inventory/inventory-fixture.ts';

const actor = (agency: string, role: Actor['role']): Actor => ({
  user: `${role}-${agency}`,
  name: `${agency} ${role}`,
  agency,
  role,
});
const BIG_DATA = actor('zj-big-data', 'consumer');
const POLICE_CONSUMER = actor('zj-police', 'consumer');
const REVIEWER = actor('zj-big-data', 'reviewer');
const MARKET = actor('zj-market', 'provider');
const POLICE = actor('zj-police', 'provider');

const START = Date.parse('2026-10-01T02:00:00.000Z');

/** A demand recorded by `requester`, then the steps, each on its day (YYYY-MM-DD). */
function demand(
  serial: number,
  requester: Actor,
  steps: readonly [DemandEvent, Actor, string][] = [],
): Demand {
  let current = newDemand({
    id: `dm_quality${String(serial).padStart(6, '0')}`,
    input: INPUT,
    requester,
    nowMs: START,
  });
  for (const [event, by, today] of steps)
    current = applyDemandEvent(current, event, {
      actor: by,
      nowMs: Date.parse(`${today}T02:00:00.000Z`),
      today,
    });
  return current;
}

const assign = (provider: string): [DemandEvent, Actor, string] => [
  { type: 'assign', provider },
  REVIEWER,
  '2026-10-02',
];
const accept = (by: Actor, dueOn: string): [DemandEvent, Actor, string] => [
  { type: 'accept', kind: 'create-entry', dueOn },
  by,
  '2026-10-05',
];
const fulfil = (by: Actor, on: string): [DemandEvent, Actor, string] => [
  { type: 'fulfil', link: { entry: '102/000001' } },
  by,
  on,
];

/*
 * Eight demands, judged on 2026-11-28:
 *   1 big data → market, due 11-30, fulfilled 11-20: on time
 *   2 big data → market, due 11-10, fulfilled 11-15: late
 *   3 police   → market, due 11-27, open: overdue
 *   4 big data → police, due 11-28 (today), open: not yet overdue
 *   5 police, submitted; 6 big data, submitted: awaiting assignment
 *   7 police   → market, assigned, not accepted: nobody's item yet
 *   8 big data, declined
 * Recorded: big data 5, police 3. Items: market 3 accepted, 2 fulfilled, 1 on time, 1 overdue
 * (rate 1/2); police 1 accepted, nothing fulfilled (rate null).
 */
export function demands(): Demand[] {
  return [
    demand(1, BIG_DATA, [
      assign('zj-market'),
      accept(MARKET, '2026-11-30'),
      fulfil(MARKET, '2026-11-20'),
    ]),
    demand(2, BIG_DATA, [
      assign('zj-market'),
      accept(MARKET, '2026-11-10'),
      fulfil(MARKET, '2026-11-15'),
    ]),
    demand(3, POLICE_CONSUMER, [assign('zj-market'), accept(MARKET, '2026-11-27')]),
    demand(4, BIG_DATA, [assign('zj-police'), accept(POLICE, '2026-11-28')]),
    demand(5, POLICE_CONSUMER),
    demand(6, BIG_DATA),
    demand(7, POLICE_CONSUMER, [assign('zj-market')]),
    demand(8, BIG_DATA, [[{ type: 'decline', reason: '目录中已有' }, REVIEWER, '2026-10-02']]),
  ];
}

/**
 * The inventory fixture of test/unit/inventory: city hall 54 systems (12 connected, dead ends
 * is_nat-11 and is_prov-21), market regulation 2 (1 connected, dead end is_market-inspection).
 * By level: 国家级 25 (5 connected, 1 dead end), 省级 25 (4, 1), 市级 6 (4, 1).
 * By network: 专网 38 (9 connected, dead end is_nat-11), 政务外网 14 (3: two municipal, the
 * market's licensing; dead ends is_prov-21, is_market-inspection), 互联网 4 (1, none).
 */
export function systems() {
  return structuredClone(ALL_SYSTEMS);
}
