import { readFileSync } from 'node:fs';
import { parseEntryFile } from '../../../functions/src/core/catalog/parse-source.ts';
import { SYSTEM_ACTOR } from '../../../functions/src/core/identity/identity.ts';
import type { Actor } from '../../../functions/src/core/identity/identity.ts';
import { createShareRequest } from '../../../functions/src/core/sharing/share-request-create.ts';
import type { ShareEntryFacts } from '../../../functions/src/core/sharing/share-request-create.ts';
import { shanghaiDay } from '../../../functions/src/core/calendar/working-calendar.ts';
import {
  DEFAULT_DEADLINE_RULES,
  applyEvent,
} from '../../../functions/src/core/sharing/share-request-machine.ts';
import type {
  DeadlineRules,
  EventContext,
  ShareEvent,
  ShareEventType,
} from '../../../functions/src/core/sharing/share-request-machine.ts';
import type {
  ShareRequest,
  ShareRequestInput,
} from '../../../functions/src/core/sharing/share-request.ts';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
const SHANGHAI_MS = 8 * HOUR_MS;

/**
 * A calendar of weekdays only, standing in for the working calendar: the step is due at the
 * last millisecond (Shanghai) of the `workingDays`-th Monday–Friday after the day it started.
 */
export function weekdayDeadline(fromMs: number, workingDays: number): number {
  let day = Math.floor((fromMs + SHANGHAI_MS) / DAY_MS);
  for (let left = workingDays; left > 0;) {
    day++;
    const weekday = (day + 4) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return (day + 1) * DAY_MS - SHANGHAI_MS - 1;
}

/** Monday 2 March 2026, 10:00 in Shanghai. */
export const T0 = Date.UTC(2026, 2, 2, 2);

/** The instant a Shanghai day begins. */
export function shanghaiMidnight(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) - SHANGHAI_MS;
}

/** The facts of an entry in the repository's catalog, as creating a request reads them. */
export function entryFacts(file: string): ShareEntryFacts {
  const path = `data/entries/${file}`;
  const { value, problems } = parseEntryFile({ path, text: readFileSync(path, 'utf8') });
  if (!value) throw new Error(problems.map((p) => p.message).join('\n'));
  return {
    code: value.code,
    title: value.title.zh,
    provider: value.provider,
    shareType: value.shareType,
    items: value.items.map((item) => item.name),
    ...(value.shareBasis && { shareBasis: value.shareBasis }),
  };
}

/** 人口基础信息, 有条件共享 from 浙江省公安厅. */
export const POPULATION = entryFacts('101-000001.yaml');
/** 法人单位基础信息, 有条件共享 from 浙江省市场监管局. */
export const LEGAL_ENTITIES = entryFacts('102-000001.yaml');
/** 人口普查个人登记资料, 不予共享 under the Statistics Law. */
export const CENSUS = entryFacts('101-000003.yaml');
/** 上海市公司注册登记信息, 无条件共享. */
export const COMPANIES = entryFacts('102-000002.yaml');

/** The demo users of data/users.yaml, acting in their roles. */
export const CONSUMER: Actor = {
  user: 'demo-consumer-zj-market',
  name: '演示用户·浙江省市场监管局共享申请人',
  agency: 'zj-market',
  role: 'consumer',
};
export const OTHER_CONSUMER: Actor = {
  user: 'demo-consumer-sh-civil-affairs',
  name: '演示用户·上海市民政局共享申请人',
  agency: 'sh-civil-affairs',
  role: 'consumer',
};
export const REVIEWER: Actor = {
  user: 'demo-reviewer-zj-big-data',
  name: '演示用户·平台受理审核员',
  agency: 'zj-big-data',
  role: 'reviewer',
};
export const PROVIDER: Actor = {
  user: 'demo-provider-zj-police',
  name: '演示用户·浙江省公安厅数据提供方审批人',
  agency: 'zj-police',
  role: 'provider',
};

/** A request's input for an entry, asking for its first two items for the rest of 2026. */
export function inputFor(
  entry: ShareEntryFacts,
  overrides: Partial<ShareRequestInput> = {},
): ShareRequestInput {
  return {
    code: entry.code,
    purpose: '办理市场主体登记时核验当事人身份',
    fields: entry.items.slice(0, 2),
    period: { from: '2026-03-02', to: '2026-12-31' },
    legalBasis: '《中华人民共和国市场主体登记管理条例》',
    contact: { name: CONSUMER.name },
    ...overrides,
  };
}

export const REQUEST_ID = 'sr_0123456789abcdef';
export const GRANT_ID = 'gr_0123456789abcdef';

/** A fresh request for an entry, made at `nowMs`. */
export function fresh(
  options: {
    entry?: ShareEntryFacts;
    nowMs?: number;
    id?: string;
    requester?: Actor;
    rules?: DeadlineRules;
    input?: Partial<ShareRequestInput>;
  } = {},
): ShareRequest {
  const entry = options.entry ?? POPULATION;
  return createShareRequest({
    input: inputFor(entry, options.input),
    entry,
    requester: options.requester ?? CONSUMER,
    nowMs: options.nowMs ?? T0,
    id: options.id ?? REQUEST_ID,
    grantId: GRANT_ID,
    rules: options.rules ?? DEFAULT_DEADLINE_RULES,
    workingDeadline: weekdayDeadline,
  });
}

/** The context of an event sent by `actor` at `nowMs`, with the default rules. */
export function contextAt(
  nowMs: number,
  actor: Actor,
  overrides: Partial<EventContext> = {},
): EventContext {
  return {
    actor,
    nowMs,
    rules: DEFAULT_DEADLINE_RULES,
    workingDeadline: weekdayDeadline,
    grantId: GRANT_ID,
    ...overrides,
  };
}

/** Who usually sends each event. */
export const SENDER: Record<ShareEventType, Actor> = {
  accept: REVIEWER,
  return: REVIEWER,
  resubmit: CONSUMER,
  withdraw: CONSUMER,
  approve: PROVIDER,
  reject: PROVIDER,
  revoke: PROVIDER,
  expire: SYSTEM_ACTOR,
  lapse: SYSTEM_ACTOR,
};

/**
 * An event with a payload the machine accepts for this request at `nowMs`: the grant covers
 * the first field asked until today; a resubmission asks again from today to the period's end.
 */
export function validEvent(type: ShareEventType, request: ShareRequest, nowMs: number): ShareEvent {
  const today = shanghaiDay(nowMs);
  switch (type) {
    case 'accept':
    case 'expire':
    case 'lapse':
      return { type };
    case 'return':
      return { type, reason: '请补充申请依据的具体条款' };
    case 'reject':
      return { type, reason: '申请用途超出共享条件' };
    case 'revoke':
      return { type, reason: '使用部门超出申请用途使用数据' };
    case 'withdraw':
      return { type };
    case 'approve':
      return { type, fields: request.input.fields.slice(0, 1), expiresOn: today };
    case 'resubmit': {
      const to = request.input.period.to < today ? today : request.input.period.to;
      return {
        type,
        input: {
          ...request.input,
          legalBasis: '《中华人民共和国市场主体登记管理条例》第三条',
          period: { from: today, to },
        },
      };
    }
  }
}

/**
 * A moment at which the machine's conditions let `type` happen to the request: after the
 * grant's last day for `expire`, after the correction deadline for `lapse`, an hour after its
 * last change otherwise.
 */
export function momentFor(type: ShareEventType, request: ShareRequest): number {
  if (type === 'expire' && request.grant) return shanghaiMidnight(request.grant.expiresOn) + DAY_MS;
  if (type === 'lapse' && request.due) return Date.parse(request.due.at) + 1;
  return Date.parse(request.updatedAt) + HOUR_MS;
}

/** Applies events in turn, each by its usual sender at its `momentFor`, with valid payloads. */
export function drive(request: ShareRequest, types: readonly ShareEventType[]): ShareRequest {
  return types.reduce((current, type) => {
    const nowMs = momentFor(type, current);
    return applyEvent(current, validEvent(type, current, nowMs), contextAt(nowMs, SENDER[type]));
  }, request);
}

/** The error a call throws, so that its problems can be checked. */
export function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw');
}
