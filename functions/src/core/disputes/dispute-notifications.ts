import { recipient } from '../sharing/notification.ts';
import type { Notification } from '../sharing/notification.ts';
import type { Dispute } from './dispute.ts';

/**
 * Who hears of a step in a dispute's life, in the portal (and through the messenger): the
 * provider of a new report or finding; the reporting person of each step the provider takes;
 * the reviewers and the provider of a missed deadline. Members of the public have no portal
 * inbox, so they hear nothing here: they follow their status link. Cross-check candidates
 * have no reporter to tell.
 *
 * The shape is the share requests' `Notification`: its `request` field carries the dispute's
 * id, and kinds are prefixed `dispute.` so the portal can tell them from share-request ones.
 */

type Audience = 'provider' | 'reporter' | 'reviewers';

const TEXT: Record<string, { zh: string; en: string; to: Audience[] }> = {
  report: {
    zh: '收到疑义数据反馈，待核实',
    en: 'Disputed data reported; please verify',
    to: ['provider'],
  },
  'cross-check': {
    zh: '多元校核发现疑似问题，待确认',
    en: 'A cross-check found a possible error; please confirm or dismiss it',
    to: ['provider'],
  },
  verify: { zh: '疑义数据正在核实', en: 'Your report is being verified', to: ['reporter'] },
  extend: {
    zh: '疑义数据核实期限已延长',
    en: 'The verification deadline of your report was extended',
    to: ['reporter'],
  },
  correct: { zh: '疑义数据已更正', en: 'The data you reported was corrected', to: ['reporter'] },
  reject: {
    zh: '疑义数据经核实未予更正',
    en: 'Your report was verified and rejected',
    to: ['reporter'],
  },
  overdue: {
    zh: '疑义数据核实超期，已督办',
    en: 'Disputed data not verified in time; escalated',
    to: ['reviewers', 'provider'],
  },
};

/** The notifications a step in a dispute's life sends, and to whom. */
export function disputeNotificationsFor(step: {
  dispute: Pick<Dispute, 'id' | 'title' | 'provider' | 'reporter'>;
  /** A machine event, `report`, `cross-check` or `overdue`. */
  event: string;
  reason?: string;
  at: string;
}): Notification[] {
  const text = TEXT[step.event];
  if (!text) return [];
  const { dispute } = step;
  const staffReporter = dispute.reporter.role !== 'public' && dispute.reporter.role !== 'system';
  const recipients = text.to.flatMap((who) => {
    if (who === 'provider') return [recipient.agencyRole(dispute.provider, 'provider')];
    if (who === 'reviewers') return [recipient.reviewers()];
    return staffReporter ? [recipient.user(dispute.reporter.user)] : [];
  });
  const suffix = (lang: 'zh' | 'en') =>
    `${lang === 'zh' ? '：' : ': '}${dispute.title}${step.reason ? (lang === 'zh' ? `（${step.reason}）` : ` (${step.reason})`) : ''}`;
  const kind = `dispute.${step.event}`;
  return recipients.map((to) => ({
    recipient: to,
    id: `${step.at}#${dispute.id}#${kind}`,
    at: step.at,
    kind,
    message: { zh: text.zh + suffix('zh'), en: text.en + suffix('en') },
    request: dispute.id,
  }));
}
