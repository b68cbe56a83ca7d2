import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import type { Actor } from '../../../functions/src/core/identity/identity.ts';
import {
  MAX_RETURNS,
  SHARE_EVENT_TARGETS,
  SHARE_EVENT_TYPES,
  SHARE_REQUEST_TRANSITIONS,
  allowedEvents,
  applyEvent,
  isTerminal,
} from '../../../functions/src/core/sharing/share-request-machine.ts';
import type {
  ShareEvent,
  ShareEventType,
} from '../../../functions/src/core/sharing/share-request-machine.ts';
import { markOverdue, planSweep } from '../../../functions/src/core/sharing/share-sweep.ts';
import { ShareRequestSchema } from '../../../functions/src/core/sharing/share-request.ts';
import type {
  ShareRequest,
  ShareRequestState,
} from '../../../functions/src/core/sharing/share-request.ts';
import {
  DAY_MS,
  HOUR_MS,
  LEGAL_ENTITIES,
  POPULATION,
  SENDER,
  T0,
  contextAt,
  fresh,
  inputFor,
  momentFor,
  validEvent,
} from './support.ts';
import { shanghaiDay } from '../../../functions/src/core/calendar/working-calendar.ts';

/** A state and how often the request was returned: all the machine's future depends on. */
type Node = { state: ShareRequestState; returns: number };

function successors(node: Node): { type: ShareEventType; next: Node }[] {
  return SHARE_REQUEST_TRANSITIONS[node.state]
    .filter((type) => type !== 'return' || node.returns < MAX_RETURNS)
    .map((type) => ({
      type,
      next: {
        state: SHARE_EVENT_TARGETS[type],
        returns: node.returns + (type === 'return' ? 1 : 0),
      },
    }));
}

const key = (node: Node) => `${node.state}/${node.returns}`;

/** The most events that can still happen from a node; throws on a cycle, which would never end. */
function longestToEnd(node: Node, memo = new Map<string, number>(), path = new Set<string>()) {
  const k = key(node);
  const known = memo.get(k);
  if (known !== undefined) return known;
  if (path.has(k)) throw new Error(`cycle through ${k}`);
  path.add(k);
  const longest = Math.max(
    0,
    ...successors(node).map(({ next }) => 1 + longestToEnd(next, memo, path)),
  );
  path.delete(k);
  memo.set(k, longest);
  return longest;
}

const START: Node = { state: 'submitted', returns: 0 };
/** Every path's length is at most this: two returns and resubmissions, accept, approve, end. */
const BOUND = longestToEnd(START);

const nodeOf = (request: ShareRequest): Node => ({
  state: request.state,
  returns: request.returns,
});

describe('every path ends (the graph of state × returns)', () => {
  it(`has no cycle and its longest path is ${2 * MAX_RETURNS + 3} events`, () => {
    expect(BOUND).toBe(2 * MAX_RETURNS + 3);
  });

  it('gives every reachable unfinished node an event towards the end', () => {
    const seen = new Map<string, Node>([[key(START), START]]);
    const queue = [START];
    while (queue.length > 0) {
      const node = queue.shift()!;
      const next = successors(node);
      if (isTerminal(node.state)) expect(next).toEqual([]);
      else expect(next.some((edge) => longestToEnd(edge.next) < longestToEnd(node))).toBe(true);
      for (const edge of next)
        if (!seen.has(key(edge.next))) {
          seen.set(key(edge.next), edge.next);
          queue.push(edge.next);
        }
    }
    expect(seen.size).toBe(23);
  });
});

/** Every sequence of allowed events the machine takes from a fresh request, walked through. */
function walkAll(request: ShareRequest, depth: number, ends: { depth: number; state: string }[]) {
  let moved = false;
  for (const type of SHARE_REQUEST_TRANSITIONS[request.state]) {
    const nowMs = momentFor(type, request);
    if (!allowedEvents(request, nowMs).includes(type)) continue;
    moved = true;
    const next = applyEvent(
      request,
      validEvent(type, request, nowMs),
      contextAt(nowMs, SENDER[type]),
    );
    walkAll(next, depth + 1, ends);
  }
  if (!moved) ends.push({ depth, state: request.state });
}

describe('every path ends (the machine itself)', () => {
  it('ends every sequence of allowed events in a final state within the bound', () => {
    const ends: { depth: number; state: string }[] = [];
    walkAll(fresh(), 0, ends);
    expect(ends.every((end) => isTerminal(end.state as ShareRequestState))).toBe(true);
    expect(Math.max(...ends.map((end) => end.depth))).toBe(BOUND);
    expect(ends.length).toBe(19);
  });

  it('reaches a final state within the bound whatever allowed events are chosen, whenever', () => {
    const walk = fc.array(
      fc.record({
        pick: fc.nat(),
        advance: fc.oneof(fc.nat(6 * HOUR_MS), fc.nat(40 * DAY_MS), fc.nat(400 * DAY_MS)),
      }),
      { minLength: BOUND + 1, maxLength: BOUND + 1 },
    );
    fc.assert(
      fc.property(walk, (steps) => {
        let request = fresh();
        let nowMs = T0;
        let taken = 0;
        for (const { pick, advance } of steps) {
          if (isTerminal(request.state)) break;
          nowMs += advance;
          const allowed = allowedEvents(request, nowMs);
          expect(allowed.length).toBeGreaterThan(0);
          const type = allowed[pick % allowed.length]!;
          const next = applyEvent(
            request,
            validEvent(type, request, nowMs),
            contextAt(nowMs, SENDER[type]),
          );
          expect(longestToEnd(nodeOf(next))).toBeLessThan(longestToEnd(nodeOf(request)));
          request = next;
          taken++;
        }
        expect(isTerminal(request.state)).toBe(true);
        expect(taken).toBeLessThanOrEqual(BOUND);
      }),
      { numRuns: 500 },
    );
  });
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;

const actorArb: fc.Arbitrary<Actor> = fc.record({
  user: fc.string({ minLength: 1, maxLength: 12 }),
  name: fc.string({ minLength: 1, maxLength: 12 }),
  agency: fc.constantFrom('zj-police', 'zj-market', 'zj-big-data', 'platform'),
  role: fc.constantFrom('consumer', 'provider', 'reviewer', 'admin', 'system' as const),
});

const reasonArb = fc.option(
  fc.oneof(
    fc.constantFrom('', '   ', '理'.repeat(1001), '请补充申请依据'),
    fc.string({ maxLength: 20 }),
  ),
  { nil: undefined },
);

/** Mostly fields the fresh request asks for, sometimes anything. */
const fieldsArb = fc.oneof(
  { arbitrary: fc.subarray(POPULATION.items.slice(0, 2), { minLength: 1 }), weight: 3 },
  {
    arbitrary: fc.array(
      fc.oneof(fc.constantFrom(...POPULATION.items), fc.string({ maxLength: 4 })),
      { maxLength: 4 },
    ),
    weight: 1,
  },
);

/** A day as an offset from today in Shanghai, read when the event is sent, or not a day at all. */
const dayArb = fc.oneof(
  { arbitrary: fc.integer({ min: -3, max: 60 }), weight: 6 },
  { arbitrary: fc.integer({ min: -5, max: 1200 }), weight: 2 },
  { arbitrary: fc.constantFrom('2026-02-30', '2026-13-01', 'soon'), weight: 1 },
);
const dayAt = (value: number | string, nowMs: number) =>
  typeof value === 'number' ? shanghaiDay(nowMs + value * DAY_MS) : value;

const inputArb = fc.oneof(
  {
    arbitrary: fc.record({
      code: fc.constantFrom(POPULATION.code, POPULATION.code, LEGAL_ENTITIES.code),
      fields: fc.subarray([...POPULATION.items], { minLength: 1 }),
      from: dayArb,
      to: dayArb,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      code: fc.constant(POPULATION.code),
      fields: fc.subarray([...POPULATION.items], { minLength: 1 }),
      from: fc.integer({ min: 0, max: 10 }),
      to: fc.integer({ min: 10, max: 300 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('no purpose', 'unknown key', 'missing'), weight: 1 },
);

function inputAt(value: ValueOf<typeof inputArb>, nowMs: number): unknown {
  if (value === 'no purpose') return { ...inputFor(POPULATION), purpose: '' };
  if (value === 'unknown key') return { ...inputFor(POPULATION), extra: true };
  if (value === 'missing') return undefined;
  const period = { from: dayAt(value.from, nowMs), to: dayAt(value.to, nowMs) };
  return inputFor(POPULATION, { code: value.code, fields: value.fields, period });
}

const typeArb = fc.oneof(
  {
    arbitrary: fc.constantFrom<ShareEventType | 'sweep'>(...SHARE_EVENT_TYPES, 'sweep'),
    weight: 4,
  },
  { arbitrary: fc.constantFrom<ShareEventType>('approve', 'resubmit', 'accept'), weight: 2 },
);

/** Any event at all, legal or not, with any payload, sent by anyone; or a sweep. */
const stepArb = fc.record({
  type: typeArb
    .filter((type) => type !== 'withdraw')
    .chain((type) =>
      fc.oneof(
        { arbitrary: fc.constant(type), weight: 9 },
        { arbitrary: fc.constant('withdraw' as const), weight: 1 },
      ),
    ),
  reason: reasonArb,
  fields: fieldsArb,
  expiresOn: dayArb,
  input: inputArb,
  actor: actorArb,
  grantId: fc.oneof(
    { arbitrary: fc.constantFrom('gr_0123456789abcdef', 'gr_zzzzzzzzzzzz'), weight: 4 },
    { arbitrary: fc.constantFrom('not-a-grant', undefined), weight: 1 },
  ),
  advance: fc.oneof(fc.nat(6 * HOUR_MS), fc.nat(20 * DAY_MS)),
});

/** The event a random step sends at `nowMs`. */
function eventAt(step: ValueOf<typeof stepArb>, nowMs: number): ShareEvent {
  return {
    type: step.type,
    reason: step.reason,
    fields: step.fields,
    expiresOn: dayAt(step.expiresOn, nowMs),
    input: inputAt(step.input, nowMs),
  } as unknown as ShareEvent;
}

const DUE_STEP: Partial<Record<ShareRequestState, string>> = {
  submitted: 'acceptance',
  accepted: 'decision',
  returned: 'correction',
};

function checkInvariants(before: ShareRequest, after: ShareRequest): void {
  expect(ShareRequestSchema.parse(after)).toEqual(after);
  expect(isTerminal(before.state)).toBe(false);
  expect(after.revision).toBe(before.revision + 1);
  expect(after.history.length).toBe(after.revision);
  expect(after.history.slice(0, -1)).toEqual(before.history);
  expect(after.returns).toBeLessThanOrEqual(MAX_RETURNS);
  expect(after.due?.step).toBe(DUE_STEP[after.state]);
  if (after.state === 'approved') {
    expect(after.grant!.fields.length).toBeGreaterThan(0);
    for (const field of after.grant!.fields) expect(after.input.fields).toContain(field);
  }
}

describe('applyEvent on random sequences', () => {
  it('keeps every record valid, final states final and one revision per step', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 30 }), (steps) => {
        let request = fresh();
        let nowMs = T0;
        for (const step of steps) {
          nowMs += step.advance;
          const snapshot = JSON.stringify(request);
          let next: ShareRequest;
          try {
            if (step.type === 'sweep') {
              const actions = planSweep([request], nowMs);
              expect(actions.length).toBeLessThanOrEqual(1);
              const action = actions[0];
              if (!action) continue;
              next =
                action.kind === 'overdue'
                  ? markOverdue(request, action.step, action.due, nowMs)
                  : applyEvent(request, { type: action.kind }, contextAt(nowMs, SENDER.expire));
              expect(planSweep([next], nowMs)).toEqual([]);
            } else {
              const event = eventAt(step, nowMs);
              next = applyEvent(
                request,
                event,
                contextAt(nowMs, step.actor, { grantId: step.grantId }),
              );
              expect(allowedEvents(request, nowMs)).toContain(step.type);
            }
          } catch (error) {
            if (!(error instanceof DatarunError)) throw error;
            expect(['conflict', 'invalid-field']).toContain(error.code);
            expect(JSON.stringify(request)).toBe(snapshot);
            continue;
          }
          expect(JSON.stringify(request)).toBe(snapshot);
          checkInvariants(request, next);
          request = next;
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses every event once a request is final, whatever the payload', () => {
    const finals = (['reject', 'withdraw', 'revoke', 'expire'] as const).map((end) => {
      let request = fresh();
      const path: ShareEventType[] =
        end === 'withdraw'
          ? ['withdraw']
          : end === 'reject'
            ? ['accept', 'reject']
            : ['accept', 'approve', end];
      for (const type of path) {
        const nowMs = momentFor(type, request);
        request = applyEvent(
          request,
          validEvent(type, request, nowMs),
          contextAt(nowMs, SENDER[type]),
        );
      }
      return request;
    });
    fc.assert(
      fc.property(fc.constantFrom(...finals), stepArb, (request, step) => {
        const nowMs = Date.parse(request.updatedAt) + step.advance;
        const event = eventAt(
          { ...step, type: step.type === 'sweep' ? 'expire' : step.type },
          nowMs,
        );
        expect(() =>
          applyEvent(request, event, contextAt(nowMs, step.actor, { grantId: step.grantId })),
        ).toThrow(DatarunError);
        expect(planSweep([request], nowMs)).toEqual([]);
      }),
    );
  });
});
