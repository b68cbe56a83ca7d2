import type { Actor } from '../../../functions/src/core/identity/identity.ts';
import type { Demand, DemandState } from '../../../functions/src/core/demands/demand.ts';
import { applyDemandEvent, newDemand } from '../../../functions/src/core/demands/demand-machine.ts';
import type {
  DemandEvent,
  DemandEventContext,
  DemandEventType,
} from '../../../functions/src/core/demands/demand-machine.ts';

/** Monday 3 March 2025, 10:00 in Shanghai. */
export const SUBMITTED_AT = Date.parse('2025-03-03T02:00:00Z');
export const TODAY = '2025-03-03';

export const REQUESTER: Actor = {
  user: 'c-zj-big-data',
  name: '大数据局需求填报员',
  agency: 'zj-big-data',
  role: 'consumer',
};
export const REVIEWER: Actor = {
  user: 'r-platform',
  name: '平台审核员',
  agency: 'zj-big-data',
  role: 'reviewer',
};
export const PROVIDER: Actor = {
  user: 'p-zj-market',
  name: '市场监管局数据员',
  agency: 'zj-market',
  role: 'provider',
};

/** The enterprise registration data a big-data bureau needs from market regulation. */
export const INPUT = {
  title: '企业登记基本信息',
  description: '办理企业开办“一件事”时核对企业登记状态，目录中现有条目仅向本部门共享',
  fields: ['统一社会信用代码', '企业名称', '法定代表人', '登记状态'],
  purpose: '企业开办“一件事”联办',
  legalBasis: '《政务信息资源共享管理暂行办法》（国发〔2016〕51号）第十条',
};

/** A demand just recorded. */
export function submitted(nowMs = SUBMITTED_AT): Demand {
  return newDemand({ id: 'dm_testdemand0001', input: INPUT, requester: REQUESTER, nowMs });
}

/** The context of a step by `actor` at `nowMs`, on `today`. */
export function by(actor: Actor, nowMs = SUBMITTED_AT, today = TODAY): DemandEventContext {
  return { actor, nowMs, today };
}

/** Who sends each event. */
export const SENDER: Record<DemandEventType, Actor> = {
  assign: REVIEWER,
  decline: REVIEWER,
  withdraw: REQUESTER,
  return: PROVIDER,
  accept: PROVIDER,
  fulfil: PROVIDER,
};

/** A well-formed event of each type. */
export function valid(type: DemandEventType): DemandEvent {
  if (type === 'assign') return { type, provider: 'zj-market' };
  if (type === 'decline') return { type, reason: '所需数据已在目录 103/000002 中无条件共享' };
  if (type === 'return') return { type, reason: '该数据由公安部门产生，不属本部门职责' };
  if (type === 'withdraw') return { type };
  if (type === 'accept') return { type, kind: 'widen-share', dueOn: '2025-03-31' };
  return { type, link: { grant: 'gr_testgrant00001' } };
}

/** Applies well-formed events in order, each by its usual sender, an hour apart. */
export function after(...types: DemandEventType[]): Demand {
  let demand = submitted();
  types.forEach((type, index) => {
    demand = applyDemandEvent(
      demand,
      valid(type),
      by(SENDER[type], SUBMITTED_AT + (index + 1) * 3_600_000),
    );
  });
  return demand;
}

/** A demand in each state, reached the usual way. */
export function inState(state: DemandState): Demand {
  const paths: Record<DemandState, DemandEventType[]> = {
    submitted: [],
    assigned: ['assign'],
    accepted: ['assign', 'accept'],
    fulfilled: ['assign', 'accept', 'fulfil'],
    declined: ['decline'],
    withdrawn: ['withdraw'],
  };
  return after(...paths[state]);
}
