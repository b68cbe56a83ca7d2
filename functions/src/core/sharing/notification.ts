import * as z from 'zod';
import type { Identity } from '../identity/identity.ts';
import { LocalizedTextSchema } from '../schemas/common.ts';
import { TimestampSchema } from '../schemas/common.ts';

/** A message in the agency portal; e-mail and SMS go through a port on AWS, a log line locally. */
export const NotificationSchema = z
  .object({
    recipient: z.string().min(1),
    /** Sorts by time: `<ISO timestamp>#<request id>#<kind>`. */
    id: z.string().min(1),
    at: TimestampSchema,
    kind: z.string().min(1),
    message: LocalizedTextSchema,
    request: z.string().optional(),
  })
  .strict();
export type Notification = z.infer<typeof NotificationSchema>;

/** Who a notification goes to: a user, an agency acting in a role, or every reviewer. */
export const recipient = {
  user: (user: string) => `user:${user}`,
  agencyRole: (agency: string, role: 'consumer' | 'provider') => `agency:${agency}:${role}`,
  reviewers: () => 'role:reviewer',
};

/** Every recipient key a signed-in person reads notifications from. */
export function recipientsOf(identity: Identity): string[] {
  const keys = [recipient.user(identity.user)];
  for (const role of identity.roles) {
    if (role === 'consumer' || role === 'provider')
      keys.push(recipient.agencyRole(identity.agency, role));
    if (role === 'reviewer') keys.push(recipient.reviewers());
  }
  return keys;
}

type Step = {
  request: {
    id: string;
    title: string;
    provider: string;
    requester: { user: string; agency: string };
  };
  /** What happened: a machine event (`accept`, `approve`, …), `submit`, or `overdue`. */
  event: string;
  reason?: string;
  at: string;
};

const TEXT: Record<
  string,
  { zh: string; en: string; to: ('requester' | 'provider' | 'reviewers')[] }
> = {
  submit: {
    zh: '新的共享申请待受理',
    en: 'A new share request awaits acceptance',
    to: ['reviewers'],
  },
  resubmit: {
    zh: '共享申请已补正，待受理',
    en: 'A corrected share request awaits acceptance',
    to: ['reviewers'],
  },
  grant: {
    zh: '无条件共享，已即时授权',
    en: 'Unconditional sharing: granted at once',
    to: ['requester', 'provider'],
  },
  accept: {
    zh: '共享申请已受理，待提供方审批',
    en: 'Share request accepted; awaiting the provider’s decision',
    to: ['requester', 'provider'],
  },
  return: {
    zh: '共享申请被退回补正',
    en: 'Share request returned for correction',
    to: ['requester'],
  },
  approve: { zh: '共享申请已批准', en: 'Share request approved', to: ['requester'] },
  reject: { zh: '共享申请未获批准', en: 'Share request rejected', to: ['requester'] },
  revoke: { zh: '共享授权已撤销', en: 'Share grant revoked', to: ['requester'] },
  expire: { zh: '共享授权已到期', en: 'Share grant expired', to: ['requester'] },
  lapse: {
    zh: '退回的申请逾期未补正，已失效',
    en: 'Returned request not corrected in time; closed',
    to: ['requester'],
  },
  withdraw: { zh: '共享申请已撤回', en: 'Share request withdrawn', to: ['provider', 'reviewers'] },
  overdue: {
    zh: '共享申请办理超期，已督办',
    en: 'Share request overdue; escalated',
    to: ['reviewers', 'provider'],
  },
};

/** The notifications a step in a request's life sends, and to whom. */
export function notificationsFor(step: Step): Notification[] {
  const text = TEXT[step.event];
  if (!text) return [];
  const { request } = step;
  const recipients = text.to.map((who) =>
    who === 'requester'
      ? recipient.user(request.requester.user)
      : who === 'provider'
        ? recipient.agencyRole(request.provider, 'provider')
        : recipient.reviewers(),
  );
  const suffix = (lang: 'zh' | 'en') =>
    `${lang === 'zh' ? '：' : ': '}${request.title}${step.reason ? (lang === 'zh' ? `（${step.reason}）` : ` (${step.reason})`) : ''}`;
  return recipients.map((to) => ({
    recipient: to,
    id: `${step.at}#${request.id}#${step.event}`,
    at: step.at,
    kind: step.event,
    message: { zh: text.zh + suffix('zh'), en: text.en + suffix('en') },
    request: request.id,
  }));
}
