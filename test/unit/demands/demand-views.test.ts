import { describe, expect, it } from 'vitest';
import {
  DemandViewSchema,
  demandResource,
  demandView,
  listsDemand,
} from '../../../functions/src/core/demands/demand-views.ts';
import type { Identity, Role } from '../../../functions/src/core/identity/identity.ts';
import { person } from '../../support/sharing.ts';
import { TODAY, inState } from './support.ts';

/** One person holding several roles at an agency. */
function holding(agency: string, ...roles: Role[]): Identity {
  return { ...person(agency, roles[0]!), roles };
}

describe('demandView', () => {
  it('offers each person only the events the state allows and the policy lets them send', () => {
    const cases: [ReturnType<typeof inState>, Identity, string[]][] = [
      [inState('submitted'), person('zj-big-data', 'reviewer'), ['assign', 'decline']],
      [inState('submitted'), person('zj-big-data', 'consumer'), ['withdraw']],
      [inState('submitted'), person('sh-civil-affairs', 'consumer'), []],
      [inState('submitted'), person('zj-big-data', 'admin'), []],
      [inState('assigned'), person('zj-market', 'provider'), ['accept', 'return']],
      [inState('assigned'), person('sh-housing', 'provider'), []],
      [inState('assigned'), person('zj-big-data', 'reviewer'), []],
      [inState('assigned'), holding('zj-big-data', 'consumer', 'reviewer'), ['withdraw']],
      [inState('accepted'), person('zj-market', 'provider'), ['fulfil']],
      [inState('accepted'), person('zj-big-data', 'consumer'), []],
      [inState('fulfilled'), person('zj-market', 'provider'), []],
    ];
    for (const [demand, identity, allowed] of cases)
      expect(
        demandView(demand, identity, TODAY).allowed,
        `${demand.state} ${identity.roles}`,
      ).toEqual(allowed);
  });

  it('marks an accepted item overdue only after its due day', () => {
    const accepted = inState('accepted');
    expect(accepted.responsibility?.dueOn).toBe('2025-03-31');
    const reader = person('zj-market', 'provider');
    expect(demandView(accepted, reader, '2025-03-31').overdue).toBe(false);
    expect(demandView(accepted, reader, '2025-04-01').overdue).toBe(true);
    expect(demandView(inState('fulfilled'), reader, '2025-04-01').overdue).toBe(false);
  });

  it('answers what DemandViewSchema describes, the stored demand unchanged in it', () => {
    const demand = inState('fulfilled');
    const view = demandView(demand, person('zj-big-data', 'reviewer'), TODAY);
    expect(DemandViewSchema.parse(view)).toEqual(view);
    const { overdue: _o, allowed: _a, ...stored } = view;
    expect(stored).toEqual(demand);
  });
});

describe('demandResource', () => {
  it('names the requesting agency, and the provider except when one is being chosen', () => {
    const assigned = inState('assigned');
    expect(demandResource(assigned)).toEqual({
      requesterAgency: 'zj-big-data',
      provider: 'zj-market',
    });
    expect(demandResource(assigned, 'assign')).toEqual({ requesterAgency: 'zj-big-data' });
    expect(demandResource(inState('submitted'))).toEqual({ requesterAgency: 'zj-big-data' });
  });
});

describe('listsDemand', () => {
  it('lists a demand to its requesting consumers, its provider, reviewers and admins only', () => {
    const assigned = inState('assigned');
    expect(listsDemand(assigned, person('zj-big-data', 'consumer'))).toBe(true);
    expect(listsDemand(assigned, person('zj-market', 'provider'))).toBe(true);
    expect(listsDemand(assigned, person('sh-housing', 'reviewer'))).toBe(true);
    expect(listsDemand(assigned, person('sh-housing', 'admin'))).toBe(true);
    expect(listsDemand(assigned, person('zj-market', 'consumer'))).toBe(false);
    expect(listsDemand(assigned, person('zj-big-data', 'provider'))).toBe(false);
    expect(listsDemand(assigned, holding('zj-market', 'consumer', 'provider'))).toBe(true);
  });

  it('drops a returned demand from the provider that returned it', () => {
    const returned = inState('submitted');
    expect(listsDemand(returned, person('zj-market', 'provider'))).toBe(false);
  });
});
