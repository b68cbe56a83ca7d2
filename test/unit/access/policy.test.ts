import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ACTIONS, authorize } from '../../../functions/src/core/access/policy.ts';
import type { PolicyAction, PolicyResource } from '../../../functions/src/core/access/policy.ts';
import type { Identity, Role } from '../../../functions/src/core/identity/identity.ts';
import type { ShareType, Zone } from '../../../functions/src/core/schemas/vocabulary.ts';

const PROVIDER = 'sh-foreign-affairs';
const REQUESTER = 'sh-civil-affairs';
const OTHER = 'zj-market';
const BASIS = '《中华人民共和国保守国家秘密法》第二条';

const SHARE_TYPES: ShareType[] = ['无条件共享', '有条件共享', '不予共享'];
const ZONES: Zone[] = ['open', 'shared', 'staging'];
const ROLE_LIST: Role[] = ['consumer', 'provider', 'reviewer', 'admin'];

/**
 * "Own agency" splits in two: the policy's agency rules look at the requesting agency for
 * consumers and at the providing agency for providers. `other` is neither.
 */
type Relation = 'requester' | 'provider' | 'other';
const RELATIONS: Relation[] = ['requester', 'provider', 'other'];
const AGENCY_OF: Record<Relation, string> = {
  requester: REQUESTER,
  provider: PROVIDER,
  other: OTHER,
};

type Cell = { shareType: ShareType; zone: Zone; relation: Relation };

/**
 * The expected matrix, written out from the rules of issue 5, independently of policy.ts.
 * For each action: which roles may act, and from which agency ('any' = whatever agency),
 * plus a condition on the entry that no role overcomes.
 */
const ALL = { consumer: 'any', provider: 'any', reviewer: 'any', admin: 'any' } as const;
const EXPECTED: Record<
  PolicyAction,
  { who: Partial<Record<Role, 'any' | Relation>>; only?: (cell: Cell) => boolean }
> = {
  'share-catalog.search': { who: ALL },
  'notifications.read': { who: ALL },
  'share-request.submit': {
    who: { consumer: 'any' },
    only: (cell) => cell.shareType === '无条件共享' || cell.shareType === '有条件共享',
  },
  'share-request.read': {
    who: { consumer: 'requester', provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'share-request.accept': { who: { reviewer: 'any' } },
  'share-request.return': { who: { reviewer: 'any' } },
  'share-request.resubmit': { who: { consumer: 'requester' } },
  'share-request.withdraw': { who: { consumer: 'requester' } },
  'share-request.approve': { who: { provider: 'provider' } },
  'share-request.reject': { who: { provider: 'provider' } },
  'share-request.revoke': { who: { provider: 'provider', reviewer: 'any', admin: 'any' } },
  'grant.download': { who: { consumer: 'requester' }, only: (cell) => cell.zone === 'shared' },
  'share-requests.list-mine': { who: { consumer: 'any' } },
  'share-requests.inbox': { who: { provider: 'any' } },
  'share-requests.queue': { who: { reviewer: 'any', admin: 'any' } },
  'deadlines.report': { who: { reviewer: 'any', admin: 'any' } },
  'audit.read': { who: { admin: 'any' } },
  // Issue 7: the reporting agency reads its own reports; only the provider handles them.
  'dispute.report': { who: ALL },
  'dispute.read': {
    who: { consumer: 'requester', provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'dispute.verify': { who: { provider: 'provider' } },
  'dispute.confirm': { who: { provider: 'provider' } },
  'dispute.extend': { who: { provider: 'provider' } },
  'dispute.correct': { who: { provider: 'provider' } },
  'dispute.reject': { who: { provider: 'provider' } },
  'dispute.dismiss': { who: { provider: 'provider' } },
  'disputes.inbox': { who: { provider: 'any' } },
  'disputes.queue': { who: { reviewer: 'any', admin: 'any' } },
  'verify.call': { who: { consumer: 'requester' } },
  'demand.submit': { who: { consumer: 'any' } },
  'demand.read': {
    who: { consumer: 'requester', provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'demand.assign': { who: { reviewer: 'any' } },
  'demand.decline': { who: { reviewer: 'any' } },
  'demand.withdraw': { who: { consumer: 'requester' } },
  'demand.accept': { who: { provider: 'provider' } },
  'demand.return': { who: { provider: 'provider' } },
  'demand.fulfil': { who: { provider: 'provider' } },
  'demands.list': { who: ALL },
  'system.read': { who: ALL },
  'system.create': { who: { provider: 'provider', admin: 'any' } },
  'system.edit': { who: { provider: 'provider', admin: 'any' } },
};

function expected(role: Role | undefined, action: PolicyAction, cell: Cell): 200 | 401 | 403 {
  if (role === undefined) return 401;
  const rule = EXPECTED[action];
  const from = rule.who[role];
  const allowedRole = from === 'any' || (from !== undefined && from === cell.relation);
  return allowedRole && (rule.only?.(cell) ?? true) ? 200 : 403;
}

function identity(roles: Role[], agency: string): Identity {
  return {
    user: `test-${roles.join('-')}`,
    name: '测试用户',
    agency,
    roles,
    tokenId: 'tok-1',
    expiresAt: 2_000_000_000,
  };
}

function resource(cell: Pick<Cell, 'shareType' | 'zone'>): PolicyResource {
  return {
    shareType: cell.shareType,
    zone: cell.zone,
    provider: PROVIDER,
    requesterAgency: REQUESTER,
    shareBasis: BASIS,
  };
}

describe('authorize', () => {
  it('decides every cell of the matrix as the rules say: status, and the role that allowed it', () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const role of [undefined, ...ROLE_LIST])
      for (const action of ACTIONS)
        for (const shareType of SHARE_TYPES)
          for (const zone of ZONES)
            for (const relation of RELATIONS) {
              cells++;
              const cell = { shareType, zone, relation };
              const who = role === undefined ? undefined : identity([role], AGENCY_OF[relation]);
              const decision = authorize(who, action, resource(cell));
              const got = decision.allow ? 200 : decision.status;
              const want = expected(role, action, cell);
              const roleOk = !decision.allow || decision.role === role;
              const reasonOk = decision.allow || decision.reason.length > 20;
              if (got !== want || !roleOk || !reasonOk)
                wrong.push(`${role ?? 'anonymous'} ${action} ${shareType} ${zone} ${relation}`);
            }
    expect(wrong).toEqual([]);
    // (anonymous + 4 roles) × 40 actions × 3 share types × 3 zones × 3 relations.
    expect(cells).toBe(5 * 40 * 3 * 3 * 3);
    expect(ACTIONS).toHaveLength(Object.keys(EXPECTED).length);
  });

  it('allows a person with several roles when any one allows, and names the most specific', () => {
    const both = identity(['consumer', 'provider'], PROVIDER);
    const cell = resource({ shareType: '有条件共享', zone: 'shared' });
    expect(authorize(both, 'share-request.approve', cell)).toEqual({
      allow: true,
      role: 'provider',
    });
    expect(authorize(both, 'share-requests.list-mine', {})).toEqual({
      allow: true,
      role: 'consumer',
    });
    const ownRequest = { ...cell, requesterAgency: PROVIDER };
    expect(authorize(both, 'share-request.read', ownRequest)).toEqual({
      allow: true,
      role: 'consumer',
    });
    const staff = identity(['reviewer', 'admin'], 'zj-big-data');
    expect(authorize(staff, 'audit.read', {})).toEqual({ allow: true, role: 'admin' });
    expect(authorize(staff, 'share-requests.queue', {})).toEqual({
      allow: true,
      role: 'reviewer',
    });
  });

  it('refuses a person with several roles when none allows, naming the role needed', () => {
    const both = identity(['consumer', 'provider'], OTHER);
    const decision = authorize(
      both,
      'share-request.approve',
      resource({ shareType: '有条件共享', zone: 'shared' }),
    );
    expect(decision).toMatchObject({ allow: false, status: 403 });
    expect(!decision.allow && decision.reason).toContain(
      `the provider role at the providing agency (${PROVIDER})`,
    );
    expect(!decision.allow && decision.reason).toContain(`consumer and provider of ${OTHER}`);
  });

  it('never lets a second role take away what the first allowed', () => {
    fc.assert(
      fc.property(
        fc.subarray(ROLE_LIST, { minLength: 1 }),
        fc.constantFrom(...ACTIONS),
        fc.constantFrom(...SHARE_TYPES),
        fc.constantFrom(...ZONES),
        fc.constantFrom(...RELATIONS),
        (roles, action, shareType, zone, relation) => {
          const agency = AGENCY_OF[relation];
          const together = authorize(
            identity(roles, agency),
            action,
            resource({ shareType, zone }),
          );
          const alone = roles.filter(
            (role) =>
              authorize(identity([role], agency), action, resource({ shareType, zone })).allow,
          );
          expect(together.allow).toBe(alone.length > 0);
          if (together.allow) expect(alone).toContain(together.role);
        },
      ),
    );
  });

  it('answers 401 without an identity, telling how to sign in and which roles may act', () => {
    const decision = authorize(undefined, 'share-requests.queue', {});
    expect(decision).toEqual({
      allow: false,
      status: 401,
      reason: expect.stringMatching(
        /^sign in first: .*the reviewer role or the admin role.*Bearer/,
      ),
    });
  });

  it('refuses a request for a 不予共享 entry with its legal basis, whoever asks', () => {
    for (const role of ROLE_LIST) {
      const decision = authorize(
        identity([role], REQUESTER),
        'share-request.submit',
        resource({ shareType: '不予共享', zone: 'staging' }),
      );
      expect(decision).toMatchObject({ allow: false, status: 403 });
      expect(!decision.allow && decision.reason).toContain(BASIS);
    }
  });

  it('refuses a request when the share type is unknown rather than guessing', () => {
    const decision = authorize(identity(['consumer'], REQUESTER), 'share-request.submit', {});
    expect(decision).toMatchObject({ allow: false, status: 403 });
  });

  it('sends open data to its public address and keeps staging data in', () => {
    const consumer = identity(['consumer'], REQUESTER);
    const open = authorize(consumer, 'grant.download', {
      zone: 'open',
      requesterAgency: REQUESTER,
    });
    expect(!open.allow && open.reason).toMatch(/open data is downloaded from its public address/);
    const staging = authorize(consumer, 'grant.download', {
      zone: 'staging',
      requesterAgency: REQUESTER,
    });
    expect(!staging.allow && staging.reason).toMatch(/neither shared nor opened.*not handed out/);
    expect(authorize(consumer, 'grant.download', { requesterAgency: REQUESTER }).allow).toBe(false);
  });

  it('refuses agency-bound roles when the resource does not name the agency', () => {
    expect(authorize(identity(['provider'], PROVIDER), 'share-request.approve', {}).allow).toBe(
      false,
    );
    expect(authorize(identity(['consumer'], REQUESTER), 'share-request.withdraw', {}).allow).toBe(
      false,
    );
  });
});
