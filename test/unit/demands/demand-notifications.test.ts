import { describe, expect, it } from 'vitest';
import { demandNotificationsFor } from '../../../functions/src/core/demands/demand-notifications.ts';
import { NotificationSchema } from '../../../functions/src/core/sharing/notification.ts';
import { after, inState } from './support.ts';

const AT = '2025-03-03T03:00:00.000Z';

describe('demandNotificationsFor', () => {
  it('tells whoever acts next', () => {
    const to = (demand: ReturnType<typeof inState>, event: string) =>
      demandNotificationsFor({ demand, event, at: AT }).map((n) => n.recipient);
    expect(to(inState('submitted'), 'submit')).toEqual(['role:reviewer']);
    expect(to(inState('assigned'), 'assign')).toEqual(['agency:zj-market:provider']);
    expect(to(after('assign', 'return'), 'return')).toEqual(['role:reviewer']);
    for (const [state, event] of [
      ['accepted', 'accept'],
      ['declined', 'decline'],
      ['fulfilled', 'fulfil'],
    ] as const)
      expect(to(inState(state), event)).toEqual(['user:c-zj-big-data']);
  });

  it('tells the provider of a withdrawal only when one was assigned', () => {
    const to = (demand: ReturnType<typeof inState>) =>
      demandNotificationsFor({ demand, event: 'withdraw', at: AT }).map((n) => n.recipient);
    expect(to(after('withdraw'))).toEqual(['role:reviewer']);
    expect(to(after('assign', 'withdraw'))).toEqual(['role:reviewer', 'agency:zj-market:provider']);
  });

  it('names the demand and the reason in both languages, kinds prefixed demand.', () => {
    const [notification] = demandNotificationsFor({
      demand: inState('declined'),
      event: 'decline',
      reason: '已在目录中共享',
      at: AT,
    });
    expect(NotificationSchema.parse(notification)).toEqual(notification);
    expect(notification).toMatchObject({
      kind: 'demand.decline',
      request: 'dm_testdemand0001',
      id: `${AT}#dm_testdemand0001#demand.decline`,
    });
    expect(notification!.message.zh).toBe('数据需求未予受理：企业登记基本信息（已在目录中共享）');
    expect(notification!.message.en).toBe(
      'Your data demand was declined: 企业登记基本信息 (已在目录中共享)',
    );
  });

  it('sends nothing for an event it does not know', () => {
    expect(
      demandNotificationsFor({ demand: inState('submitted'), event: 'sweep', at: AT }),
    ).toEqual([]);
  });
});
