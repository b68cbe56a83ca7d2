import { describe, expect, it } from 'vitest';
import type { Demand } from '../../../functions/src/core/demands/demand.ts';
import { demandFigures } from '../../../functions/src/core/demands/demand-figures.ts';
import { applyDemandEvent } from '../../../functions/src/core/demands/demand-machine.ts';
import { PROVIDER, REVIEWER, SUBMITTED_AT, after, by, submitted } from './support.ts';

/** A demand assigned to `provider`, accepted on 1 March due `dueOn`, fulfilled on `fulfilledOn`. */
function item(provider: string, dueOn: string, fulfilledOn?: string): Demand {
  const assigned = applyDemandEvent(submitted(), { type: 'assign', provider }, by(REVIEWER));
  const accepted = applyDemandEvent(
    assigned,
    { type: 'accept', kind: 'widen-share', dueOn },
    by(PROVIDER, SUBMITTED_AT, '2025-03-01'),
  );
  if (!fulfilledOn) return accepted;
  return applyDemandEvent(
    accepted,
    { type: 'fulfil', link: { grant: 'gr_testgrant00001' } },
    by(PROVIDER, SUBMITTED_AT, fulfilledOn),
  );
}

describe('demandFigures', () => {
  it('counts accepted, fulfilled, overdue and on-time items per provider, as worked by hand', () => {
    const demands = [
      item('zj-market', '2025-03-31', '2025-03-20'),
      item('zj-market', '2025-03-10', '2025-03-12'),
      item('zj-market', '2025-03-15'),
      item('zj-market', '2025-03-20'),
      item('zj-police', '2025-03-18', '2025-03-18'),
      item('nbs', '2025-04-30'),
      // Nobody's responsibility yet, or any more: none of these count.
      after('assign'),
      after('assign', 'return'),
      after('decline'),
      after('assign', 'withdraw'),
      submitted(),
    ];
    expect(demandFigures(demands, '2025-03-20')).toEqual([
      {
        provider: 'nbs',
        accepted: 1,
        fulfilled: 0,
        overdue: 0,
        fulfilledOnTime: 0,
        onTimeRate: null,
      },
      // Due 15 March and open on the 20th is overdue; due on the 20th itself is not yet.
      {
        provider: 'zj-market',
        accepted: 4,
        fulfilled: 2,
        overdue: 1,
        fulfilledOnTime: 1,
        onTimeRate: 0.5,
      },
      // Fulfilled on its due date is on time.
      {
        provider: 'zj-police',
        accepted: 1,
        fulfilled: 1,
        overdue: 0,
        fulfilledOnTime: 1,
        onTimeRate: 1,
      },
    ]);
  });

  it('lists no provider when no demand was accepted', () => {
    expect(demandFigures([submitted(), after('assign')], '2025-03-20')).toEqual([]);
  });

  it('moves an open item to overdue the day after its due date', () => {
    const open = [item('zj-market', '2025-03-15')];
    expect(demandFigures(open, '2025-03-15')[0]?.overdue).toBe(0);
    expect(demandFigures(open, '2025-03-16')[0]?.overdue).toBe(1);
  });
});
