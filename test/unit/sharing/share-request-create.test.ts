import { describe, expect, it } from 'vitest';
import { DatarunError } from '../../../functions/src/core/errors.ts';
import { SYSTEM_ACTOR } from '../../../functions/src/core/identity/identity.ts';
import { createShareRequest } from '../../../functions/src/core/sharing/share-request-create.ts';
import type { CreateShareRequestArgs } from '../../../functions/src/core/sharing/share-request-create.ts';
import { DEFAULT_DEADLINE_RULES } from '../../../functions/src/core/sharing/share-request-machine.ts';
import { ShareRequestSchema } from '../../../functions/src/core/sharing/share-request.ts';
import {
  CENSUS,
  COMPANIES,
  CONSUMER,
  DAY_MS,
  GRANT_ID,
  POPULATION,
  REQUEST_ID,
  T0,
  inputFor,
  thrown,
  weekdayDeadline,
} from './support.ts';

function args(overrides: Partial<CreateShareRequestArgs> = {}): CreateShareRequestArgs {
  const entry = overrides.entry ?? POPULATION;
  return {
    input: inputFor(entry),
    entry,
    requester: CONSUMER,
    nowMs: T0,
    id: REQUEST_ID,
    grantId: GRANT_ID,
    rules: DEFAULT_DEADLINE_RULES,
    workingDeadline: weekdayDeadline,
    ...overrides,
  };
}

function problemsOf(call: () => unknown) {
  const error = thrown(call);
  expect(error).toBeInstanceOf(DatarunError);
  return (error as DatarunError).problems;
}

describe('createShareRequest', () => {
  it('submits a 有条件共享 request for acceptance within one working day', () => {
    const request = createShareRequest(args());
    expect(ShareRequestSchema.parse(request)).toEqual(request);
    const due = { step: 'acceptance', at: '2026-03-03T15:59:59.999Z' };
    expect(request).toMatchObject({
      id: REQUEST_ID,
      revision: 1,
      state: 'submitted',
      title: '人口基础信息',
      provider: 'zj-police',
      shareType: '有条件共享',
      requester: CONSUMER,
      returns: 0,
      overdue: [],
      due,
    });
    expect(request.grant).toBeUndefined();
    expect(request.history).toEqual([
      { at: '2026-03-02T02:00:00.000Z', actor: CONSUMER, event: 'submit', to: 'submitted', due },
    ]);
  });

  it('counts the acceptance day past a weekend', () => {
    const friday = T0 + 4 * DAY_MS;
    const request = createShareRequest(args({ nowMs: friday }));
    expect(request.due!.at).toBe(new Date(weekdayDeadline(friday, 1)).toISOString());
    expect(request.due!.at).toBe('2026-03-09T15:59:59.999Z');
  });

  it('grants a 无条件共享 request at once, every field until the period’s end', () => {
    const request = createShareRequest(args({ entry: COMPANIES }));
    expect(ShareRequestSchema.parse(request)).toEqual(request);
    expect(request.state).toBe('approved');
    expect(request.due).toBeUndefined();
    expect(request.grant).toEqual({
      id: GRANT_ID,
      fields: ['企业(机构)名称', '企业类型'],
      expiresOn: '2026-12-31',
      approvedAt: '2026-03-02T02:00:00.000Z',
    });
    expect(request.history).toEqual([
      { at: '2026-03-02T02:00:00.000Z', actor: CONSUMER, event: 'submit', to: 'submitted' },
      {
        at: '2026-03-02T02:00:00.000Z',
        actor: SYSTEM_ACTOR,
        event: 'approve',
        from: 'submitted',
        to: 'approved',
        reason: '无条件共享',
      },
    ]);
    expect(request.revision).toBe(request.history.length);
  });

  it('refuses a 不予共享 entry, quoting its legal basis', () => {
    const problems = problemsOf(() => createShareRequest(args({ entry: CENSUS })));
    expect(problems).toHaveLength(1);
    expect(problems[0]!.code).toBe('forbidden');
    expect(CENSUS.shareBasis).toContain('《中华人民共和国统计法》');
    expect(problems[0]!.message).toContain(CENSUS.shareBasis!);
    expect(problems[0]!.message).toContain('不予共享');
  });

  it('names a field the entry does not have and lists the ones it has', () => {
    const problems = problemsOf(() =>
      createShareRequest(args({ input: inputFor(POPULATION, { fields: ['姓名', '手机号码'] }) })),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-field', field: 'fields' })]);
    expect(problems[0]!.message).toContain('"手机号码" is not a 信息项 of this entry');
    expect(problems[0]!.message).toContain(POPULATION.items.join('、'));
  });

  it('refuses a field asked for twice', () => {
    const problems = problemsOf(() =>
      createShareRequest(args({ input: inputFor(POPULATION, { fields: ['姓名', '姓名'] }) })),
    );
    expect(problems).toEqual([expect.objectContaining({ field: 'fields' })]);
  });

  it('refuses a request for another entry than the one given', () => {
    const problems = problemsOf(() =>
      createShareRequest(args({ input: inputFor(COMPANIES, { fields: ['姓名'] }) })),
    );
    expect(problems.map((p) => p.field)).toEqual(['code']);
  });

  it.each([
    [
      { from: '2026-06-01', to: '2026-05-31' },
      'period.from',
      'starts on 2026-06-01, after it ends',
    ],
    [
      { from: '2026-01-01', to: '2026-03-01' },
      'period.to',
      'ended on 2026-03-01, before today (2026-03-02',
    ],
    [{ from: '2026-03-02', to: '2029-03-02' }, 'period.to', 'longer than the 3 years'],
  ])('refuses the period %j at %s', (period, field, message) => {
    const problems = problemsOf(() =>
      createShareRequest(args({ input: inputFor(POPULATION, { period }) })),
    );
    expect(problems).toEqual([expect.objectContaining({ code: 'invalid-field', field })]);
    expect(problems[0]!.message).toContain(message);
  });

  it('accepts a period of exactly three years, and one that ends today', () => {
    for (const period of [
      { from: '2026-03-02', to: '2029-03-01' },
      { from: '2026-01-01', to: '2026-03-02' },
    ])
      expect(createShareRequest(args({ input: inputFor(POPULATION, { period }) })).state).toBe(
        'submitted',
      );
  });

  it('tells the longest period allowed from a 29 February', () => {
    const problems = problemsOf(() =>
      createShareRequest(
        args({
          nowMs: Date.UTC(2028, 1, 29, 2),
          input: inputFor(POPULATION, { period: { from: '2028-02-29', to: '2031-03-01' } }),
        }),
      ),
    );
    expect(problems[0]!.message).toContain('end it on 2031-02-28 at the latest');
  });

  it('reports every problem at once', () => {
    const problems = problemsOf(() =>
      createShareRequest(
        args({
          input: inputFor(POPULATION, {
            fields: ['手机号码'],
            period: { from: '2026-06-01', to: '2026-05-31' },
          }),
        }),
      ),
    );
    expect(problems.map((p) => p.field)).toEqual(['period.from', 'fields']);
  });

  it('refuses input its schema refuses, naming the field', () => {
    const problems = problemsOf(() =>
      createShareRequest(args({ input: { ...inputFor(POPULATION), purpose: '   ' } })),
    );
    expect(problems).toEqual([
      expect.objectContaining({ code: 'invalid-field', field: 'purpose' }),
    ]);
  });
});
