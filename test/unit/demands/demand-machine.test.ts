import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DemandSchema, FINAL_DEMAND_STATES } from '../../../functions/src/core/demands/demand.ts';
import type { Demand, DemandState } from '../../../functions/src/core/demands/demand.ts';
import {
  DEMAND_EVENT_TYPES,
  allowedDemandEvents,
  applyDemandEvent,
  checkDemandAllowed,
  isOverdue,
  newDemand,
} from '../../../functions/src/core/demands/demand-machine.ts';
import type {
  DemandEvent,
  DemandEventType,
} from '../../../functions/src/core/demands/demand-machine.ts';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import {
  INPUT,
  PROVIDER,
  REQUESTER,
  REVIEWER,
  SENDER,
  SUBMITTED_AT,
  TODAY,
  after,
  by,
  inState,
  submitted,
  valid,
} from './support.ts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

function thrown(run: () => unknown): DatarunError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DatarunError);
    return error as DatarunError;
  }
  throw new Error('expected a DatarunError');
}

/** The payload problem applying `event` to `demand` gives, as `{ code, field }`. */
function refusal(demand: Demand, event: DemandEvent, today = TODAY) {
  const error = thrown(() =>
    applyDemandEvent(demand, event, by(SENDER[event.type] ?? PROVIDER, SUBMITTED_AT, today)),
  );
  return { code: error.code, field: error.problems[0]!.field, message: error.message };
}

/** The whole machine, written out by hand: the state each event leads to, or refused. */
const TABLE: Record<DemandState, Partial<Record<DemandEventType, DemandState>>> = {
  submitted: { assign: 'assigned', decline: 'declined', withdraw: 'withdrawn' },
  assigned: { accept: 'accepted', return: 'submitted', withdraw: 'withdrawn' },
  accepted: { fulfil: 'fulfilled' },
  fulfilled: {},
  declined: {},
  withdrawn: {},
};

describe('applyDemandEvent', () => {
  const cases = (Object.keys(TABLE) as DemandState[]).flatMap((state) =>
    DEMAND_EVENT_TYPES.map((event) => ({ state, event, to: TABLE[state][event] })),
  );

  it.each(cases)('$state + $event → $to', ({ state, event, to }) => {
    const before = inState(state);
    const nowMs = SUBMITTED_AT + DAY_MS;
    if (to === undefined) {
      const error = thrown(() => applyDemandEvent(before, valid(event), by(SENDER[event], nowMs)));
      expect(error.code).toBe('conflict');
      expect(error.message).toContain(`is ${state}, so it cannot be`);
      return;
    }
    const after = applyDemandEvent(before, valid(event), by(SENDER[event], nowMs));
    expect(after.state).toBe(to);
    expect(after.revision).toBe(before.revision + 1);
    expect(after.history.at(-1)).toMatchObject({
      event,
      from: state,
      to,
      actor: SENDER[event],
      at: new Date(nowMs).toISOString(),
    });
    expect(DemandSchema.safeParse(after).success).toBe(true);
  });

  it('names what the demand can still do when it refuses an event', () => {
    const early = refusal(submitted(), valid('accept'));
    expect(early.message).toContain('it can be assigned to a provider, or declined, or withdrawn');
    expect(early.field).toBe('state');
    expect(refusal(inState('fulfilled'), valid('fulfil')).message).toContain('that is final');
  });

  it('records the provider a reviewer assigns, and refuses one that is not an agency code', () => {
    expect(inState('assigned').provider).toBe('zj-market');
    for (const provider of [undefined, '', 'ZJ Market', 42])
      expect(
        refusal(submitted(), { type: 'assign', provider } as unknown as DemandEvent),
      ).toMatchObject({ code: 'invalid-field', field: 'provider' });
  });

  it('sends a returned demand back to the reviewer without a provider, to be assigned again', () => {
    const returned = after('assign', 'return');
    expect(returned.state).toBe('submitted');
    expect(returned.provider).toBeUndefined();
    expect(returned.history.at(-1)?.reason).toBe('该数据由公安部门产生，不属本部门职责');
    const reassigned = applyDemandEvent(
      returned,
      { type: 'assign', provider: 'zj-police' },
      by(REVIEWER, SUBMITTED_AT + DAY_MS),
    );
    expect(reassigned.provider).toBe('zj-police');
    expect(reassigned.revision).toBe(4);
  });

  it('refuses a missing, blank or too long reason to decline or return, naming the field', () => {
    for (const [demand, type] of [
      [submitted(), 'decline'],
      [inState('assigned'), 'return'],
    ] as const)
      for (const reason of [undefined, '   ', 'x'.repeat(1001)])
        expect(refusal(demand, { type, reason } as unknown as DemandEvent)).toMatchObject({
          code: 'invalid-field',
          field: 'reason',
        });
    expect(refusal(submitted(), { type: 'decline', reason: 'x'.repeat(1001) }).message).toContain(
      '1001 characters; at most 1000',
    );
  });

  it('lets the requester withdraw with or without a reason, trimmed', () => {
    expect(after('withdraw').history.at(-1)?.reason).toBeUndefined();
    const withReason = applyDemandEvent(
      inState('assigned'),
      { type: 'withdraw', reason: '  已通过其他渠道获取  ' },
      by(REQUESTER),
    );
    expect(withReason.state).toBe('withdrawn');
    expect(withReason.provider).toBe('zj-market');
    expect(withReason.history.at(-1)?.reason).toBe('已通过其他渠道获取');
    expect(refusal(submitted(), { type: 'withdraw', reason: 'x'.repeat(1001) }).field).toBe(
      'reason',
    );
  });

  it('turns an accepted demand into a responsibility item with its kind, due date and note', () => {
    const accepted = applyDemandEvent(
      inState('assigned'),
      { type: 'accept', kind: 'create-entry', dueOn: '2025-04-30', note: '  新编目录条目  ' },
      by(PROVIDER),
    );
    expect(accepted.responsibility).toEqual({
      kind: 'create-entry',
      dueOn: '2025-04-30',
      note: '新编目录条目',
    });
  });

  it('accepts a due date of today and refuses yesterday, naming the field', () => {
    const assigned = inState('assigned');
    const today = applyDemandEvent(
      assigned,
      { type: 'accept', kind: 'widen-share', dueOn: TODAY },
      by(PROVIDER),
    );
    expect(today.responsibility?.dueOn).toBe(TODAY);
    const yesterday = refusal(assigned, {
      type: 'accept',
      kind: 'widen-share',
      dueOn: '2025-03-02',
    });
    expect(yesterday).toMatchObject({ code: 'invalid-field', field: 'dueOn' });
    expect(yesterday.message).toContain('before today, 2025-03-03');
  });

  it('refuses a bad kind, date or note, naming each field', () => {
    const assigned = inState('assigned');
    const accept = (payload: Record<string, unknown>) =>
      refusal(assigned, {
        type: 'accept',
        kind: 'widen-share',
        dueOn: '2025-03-31',
        ...payload,
      } as DemandEvent);
    expect(accept({ kind: 'delete-entry' }).field).toBe('kind');
    expect(accept({ kind: undefined }).field).toBe('kind');
    expect(accept({ dueOn: '2025-02-30' }).field).toBe('dueOn');
    expect(accept({ dueOn: '31/03/2025' }).field).toBe('dueOn');
    expect(accept({ dueOn: undefined }).field).toBe('dueOn');
    expect(accept({ note: 'x'.repeat(1001) }).field).toBe('note');
  });

  it('links a widened share to a grant or an entry, and a created entry only to an entry', () => {
    const widened = inState('accepted');
    expect(applyDemandEvent(widened, valid('fulfil'), by(PROVIDER)).fulfilment).toEqual({
      link: { grant: 'gr_testgrant00001' },
      on: TODAY,
    });
    expect(
      applyDemandEvent(widened, { type: 'fulfil', link: { entry: '103/000002' } }, by(PROVIDER))
        .fulfilment?.link,
    ).toEqual({ entry: '103/000002' });
    const creating = applyDemandEvent(
      inState('assigned'),
      { type: 'accept', kind: 'create-entry', dueOn: '2025-03-31' },
      by(PROVIDER),
    );
    const grant = refusal(creating, valid('fulfil'));
    expect(grant).toMatchObject({ code: 'invalid-field', field: 'link' });
    expect(grant.message).toContain('a created entry is linked by its code');
    expect(
      applyDemandEvent(creating, { type: 'fulfil', link: { entry: '103/000002' } }, by(PROVIDER))
        .state,
    ).toBe('fulfilled');
  });

  it('refuses a link that is neither an entry code nor a grant id, naming the field', () => {
    for (const link of [
      undefined,
      {},
      { entry: '103-2' },
      { grant: 'g_1' },
      { entry: '103/000002', grant: 'gr_testgrant00001' },
    ])
      expect(
        refusal(inState('accepted'), { type: 'fulfil', link } as unknown as DemandEvent),
      ).toMatchObject({ code: 'invalid-field', field: 'link' });
  });

  it('refuses an unknown event type, an incomplete actor and a malformed today', () => {
    expect(
      thrown(() =>
        applyDemandEvent(submitted(), { type: 'approve' } as unknown as DemandEvent, by(REVIEWER)),
      ).problems[0]?.field,
    ).toBe('type');
    expect(
      thrown(() => applyDemandEvent(submitted(), valid('assign'), by({ ...REVIEWER, name: '' })))
        .problems[0]?.field,
    ).toBe('actor');
    expect(
      thrown(() =>
        applyDemandEvent(submitted(), valid('assign'), by(REVIEWER, SUBMITTED_AT, '3/3')),
      ).problems[0]?.field,
    ).toBe('today');
  });

  it('dates a step at the last step when the clock went back, never before it', () => {
    const assigned = applyDemandEvent(
      submitted(),
      valid('assign'),
      by(REVIEWER, SUBMITTED_AT + DAY_MS),
    );
    const accepted = applyDemandEvent(assigned, valid('accept'), by(PROVIDER, SUBMITTED_AT));
    expect(accepted.history.at(-1)?.at).toBe(assigned.history.at(-1)?.at);
  });

  it('leaves the demand it was given as it was', () => {
    const before = inState('accepted');
    const copy = structuredClone(before);
    applyDemandEvent(before, valid('fulfil'), by(PROVIDER));
    expect(before).toEqual(copy);
  });
});

describe('checkDemandAllowed', () => {
  it('throws the same refusal applyDemandEvent gives, and nothing when allowed', () => {
    expect(() => checkDemandAllowed(submitted(), 'assign')).not.toThrow();
    expect(thrown(() => checkDemandAllowed(inState('accepted'), 'withdraw')).code).toBe('conflict');
  });
});

describe('allowedDemandEvents', () => {
  it('lists what each state allows, and nothing for a final state', () => {
    expect(allowedDemandEvents(inState('assigned'))).toEqual(['accept', 'return', 'withdraw']);
    for (const state of FINAL_DEMAND_STATES)
      expect(allowedDemandEvents(inState(state))).toEqual([]);
  });
});

describe('isOverdue', () => {
  it('is true for an accepted item from the day after its due date, and only then', () => {
    const accepted = inState('accepted');
    expect(accepted.responsibility?.dueOn).toBe('2025-03-31');
    expect(isOverdue(accepted, '2025-03-31')).toBe(false);
    expect(isOverdue(accepted, '2025-04-01')).toBe(true);
    expect(isOverdue(inState('fulfilled'), '2025-04-01')).toBe(false);
    expect(isOverdue(inState('assigned'), '2099-01-01')).toBe(false);
  });
});

describe('newDemand', () => {
  it('records a submitted demand with the requester as its first step', () => {
    const demand = submitted();
    expect(demand).toMatchObject({ state: 'submitted', revision: 1, requester: REQUESTER });
    expect(demand.history).toEqual([
      { at: '2025-03-03T02:00:00.000Z', actor: REQUESTER, event: 'submit', to: 'submitted' },
    ]);
  });

  it('names every bad field of the input', () => {
    const error = thrown(() =>
      newDemand({
        id: 'dm_testdemand0002',
        input: {
          ...INPUT,
          title: 'x'.repeat(201),
          fields: ['企业名称', '  '],
          legalBasis: undefined,
          relatedEntry: '103-000002',
        },
        requester: REQUESTER,
        nowMs: SUBMITTED_AT,
      }),
    );
    expect(error.problems.map((p) => p.field).sort()).toEqual([
      'input.fields[1]',
      'input.legalBasis',
      'input.relatedEntry',
      'input.title',
    ]);
    expect(error.problems.every((p) => p.code === 'invalid-field')).toBe(true);
  });

  it('refuses a field named twice, no fields, and keys it does not know', () => {
    const fields = (input: Record<string, unknown>) =>
      thrown(() =>
        newDemand({
          id: 'dm_testdemand0003',
          input: { ...INPUT, ...input },
          requester: REQUESTER,
          nowMs: SUBMITTED_AT,
        }),
      ).problems.map((p) => p.field);
    expect(fields({ fields: ['企业名称', '企业名称'] })).toEqual(['input.fields']);
    expect(fields({ fields: [] })).toEqual(['input.fields']);
    expect(fields({ urgent: true })).toEqual(['input']);
  });

  it('keeps a related entry that holds the data but shares it too narrowly', () => {
    const demand = newDemand({
      id: 'dm_testdemand0004',
      input: { ...INPUT, relatedEntry: '103/000002' },
      requester: REQUESTER,
      nowMs: SUBMITTED_AT,
    });
    expect(demand.input.relatedEntry).toBe('103/000002');
  });
});

describe('the demand machine, over any sequence of events', () => {
  const step = fc.record({
    type: fc.constantFrom(...DEMAND_EVENT_TYPES),
    deltaMs: fc.integer({ min: -2 * DAY_MS, max: 10 * DAY_MS }),
    badPayload: fc.boolean(),
    kind: fc.constantFrom('create-entry' as const, 'widen-share' as const),
    link: fc.constantFrom({ entry: '103/000002' }, { grant: 'gr_testgrant00001' }),
  });

  it('reaches only valid states and keeps every invariant', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        let demand = submitted();
        let clock = SUBMITTED_AT;
        for (const { type, deltaMs, badPayload, kind, link } of steps) {
          clock += deltaMs;
          const today = new Date(clock + 8 * HOUR_MS).toISOString().slice(0, 10);
          const good: DemandEvent =
            type === 'accept'
              ? { type, kind, dueOn: today }
              : type === 'fulfil'
                ? { type, link }
                : valid(type);
          const event = badPayload
            ? ({ type, provider: 'X', dueOn: '2000-01-01' } as unknown as DemandEvent)
            : good;
          const allowed = allowedDemandEvents(demand).includes(type);
          const wrongLink =
            type === 'fulfil' && demand.responsibility?.kind === 'create-entry' && 'grant' in link;
          // withdraw takes no required payload, so it cannot be malformed here.
          const payloadBad = (badPayload && type !== 'withdraw') || (!badPayload && wrongLink);
          let next: Demand;
          try {
            next = applyDemandEvent(demand, event, by(SENDER[type], clock, today));
          } catch (error) {
            expect(error).toBeInstanceOf(DatarunError);
            expect((error as DatarunError).code).toBe(allowed ? 'invalid-field' : 'conflict');
            expect(allowed && !payloadBad).toBe(false);
            continue;
          }
          expect(allowed && !payloadBad).toBe(true);
          expect((FINAL_DEMAND_STATES as readonly string[]).includes(demand.state)).toBe(false);
          expect(DemandSchema.safeParse(next).success).toBe(true);
          expect(next.revision).toBe(next.history.length);
          // A demand withdrawn while assigned keeps the provider it was withdrawn from.
          if (next.state !== 'withdrawn')
            expect(next.provider !== undefined).toBe(
              ['assigned', 'accepted', 'fulfilled'].includes(next.state),
            );
          expect(next.responsibility !== undefined).toBe(
            ['accepted', 'fulfilled'].includes(next.state),
          );
          expect(next.fulfilment !== undefined).toBe(next.state === 'fulfilled');
          if (next.fulfilment && next.responsibility?.kind === 'create-entry')
            expect('entry' in next.fulfilment.link).toBe(true);
          const times = next.history.map((s) => Date.parse(s.at));
          for (let i = 1; i < times.length; i++)
            expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]!);
          demand = next;
        }
        if ((FINAL_DEMAND_STATES as readonly string[]).includes(demand.state))
          for (const type of DEMAND_EVENT_TYPES)
            expect(
              thrown(() => applyDemandEvent(demand, valid(type), by(SENDER[type], clock))).code,
            ).toBe('conflict');
      }),
      { numRuns: 400 },
    );
  });
});
