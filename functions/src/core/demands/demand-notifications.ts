import { recipient } from '../sharing/notification.ts';
import type { Notification } from '../sharing/notification.ts';
import type { Demand } from './demand.ts';

/**
 * Who hears of a step in a demand's life, in the portal (and through the messenger): whoever
 * acts next. The reviewers choose a provider for a new or returned demand; the assigned
 * provider decides whether to take it on; the requesting person hears the answer and the
 * fulfilment. A withdrawal tells the reviewers, and the provider when one was assigned.
 *
 * The shape is the share requests' `Notification`: its `request` field carries the demand's
 * id, and kinds are prefixed `demand.` so the portal can tell them from the others.
 */

type Audience = 'reviewers' | 'provider' | 'requester';

const TEXT: Record<string, { zh: string; en: string; to: Audience[] }> = {
  submit: {
    zh: '新的数据需求待分派',
    en: 'A new data demand awaits assignment to a provider',
    to: ['reviewers'],
  },
  assign: {
    zh: '数据需求已分派给本部门，待认领',
    en: 'A data demand was assigned to your agency; please accept or return it',
    to: ['provider'],
  },
  return: {
    zh: '数据需求被提供方退回，待重新分派',
    en: 'A provider returned a data demand; please assign it again',
    to: ['reviewers'],
  },
  accept: {
    zh: '数据需求已列入责任清单',
    en: 'Your data demand was accepted as a responsibility item',
    to: ['requester'],
  },
  decline: { zh: '数据需求未予受理', en: 'Your data demand was declined', to: ['requester'] },
  fulfil: { zh: '数据需求已落实', en: 'Your data demand was fulfilled', to: ['requester'] },
  withdraw: {
    zh: '数据需求已撤回',
    en: 'A data demand was withdrawn',
    to: ['reviewers', 'provider'],
  },
};

/** The notifications a step in a demand's life sends, and to whom. */
export function demandNotificationsFor(step: {
  /** The demand after the step; for a return, `provider` is already gone. */
  demand: Pick<Demand, 'id' | 'input' | 'requester' | 'provider'>;
  /** `submit`, or a machine event. */
  event: string;
  reason?: string;
  at: string;
}): Notification[] {
  const text = TEXT[step.event];
  if (!text) return [];
  const { demand } = step;
  const recipients = text.to.flatMap((who) => {
    if (who === 'reviewers') return [recipient.reviewers()];
    if (who === 'requester') return [recipient.user(demand.requester.user)];
    return demand.provider ? [recipient.agencyRole(demand.provider, 'provider')] : [];
  });
  const title = demand.input.title;
  const suffix = (lang: 'zh' | 'en') =>
    `${lang === 'zh' ? '：' : ': '}${title}${step.reason ? (lang === 'zh' ? `（${step.reason}）` : ` (${step.reason})`) : ''}`;
  const kind = `demand.${step.event}`;
  return recipients.map((to) => ({
    recipient: to,
    id: `${step.at}#${demand.id}#${kind}`,
    at: step.at,
    kind,
    message: { zh: text.zh + suffix('zh'), en: text.en + suffix('en') },
    request: demand.id,
  }));
}
