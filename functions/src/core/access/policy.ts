import { ROLES } from '../identity/identity.ts';
import type { Identity, Role } from '../identity/identity.ts';
import type { ShareType, Zone } from '../schemas/vocabulary.ts';

/**
 * The access policy of the sharing platform: who may do what, in one table. Routes, services
 * and the portal (which shows only the buttons a person may press) all ask `authorize`.
 */

/** Everything a signed-in person can do, as the audit log names it. */
export const ACTIONS = [
  'share-catalog.search',
  'notifications.read',
  'share-request.submit',
  'share-request.read',
  'share-request.accept',
  'share-request.return',
  'share-request.resubmit',
  'share-request.withdraw',
  'share-request.approve',
  'share-request.reject',
  'share-request.revoke',
  'grant.download',
  'share-requests.list-mine',
  'share-requests.inbox',
  'share-requests.queue',
  'deadlines.report',
  'audit.read',
  'dispute.report',
  'dispute.read',
  'dispute.verify',
  'dispute.confirm',
  'dispute.extend',
  'dispute.correct',
  'dispute.reject',
  'dispute.dismiss',
  'disputes.inbox',
  'disputes.queue',
  'verify.call',
  'demand.submit',
  'demand.read',
  'demand.assign',
  'demand.decline',
  'demand.withdraw',
  'demand.accept',
  'demand.return',
  'demand.fulfil',
  'demands.list',
  'system.read',
  'system.create',
  'system.edit',
] as const;
export type PolicyAction = (typeof ACTIONS)[number];

/** What the policy needs to know about the entry and the request an action is about. */
export type PolicyResource = {
  shareType?: ShareType;
  zone?: Zone;
  /** The agency providing the entry. */
  provider?: string;
  /** The agency that asked for it. */
  requesterAgency?: string;
  /** The legal basis of a 不予共享 entry. */
  shareBasis?: string;
};

/** Allowed, with the role that allowed it (the audit log records it); or why not. */
export type PolicyDecision =
  { allow: true; role: Role } | { allow: false; status: 401 | 403; reason: string };

/** Whose staff a role must be: anyone holding it, or the agency asking or providing. */
type Scope = 'any' | 'requester' | 'provider';

type Rule = {
  /** The action as a gerund, to begin a refusal: "approving this request needs …". */
  doing: string;
  roles: Partial<Record<Role, Scope>>;
  /** A refusal no role can overcome, decided by the resource alone. */
  refuses?: (resource: PolicyResource) => string | undefined;
};

const EVERY_ROLE = { consumer: 'any', provider: 'any', reviewer: 'any', admin: 'any' } as const;

const RULES: Record<PolicyAction, Rule> = {
  'share-catalog.search': { doing: 'searching the share catalog', roles: EVERY_ROLE },
  'notifications.read': { doing: 'reading notifications', roles: EVERY_ROLE },
  'share-request.submit': {
    doing: 'asking for shared data',
    roles: { consumer: 'any' },
    refuses: refusesRequest,
  },
  'share-request.read': {
    doing: 'reading this share request',
    roles: { consumer: 'requester', provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'share-request.accept': { doing: 'accepting a share request', roles: { reviewer: 'any' } },
  'share-request.return': {
    doing: 'returning a share request for correction',
    roles: { reviewer: 'any' },
  },
  'share-request.resubmit': {
    doing: 'resubmitting this share request',
    roles: { consumer: 'requester' },
  },
  'share-request.withdraw': {
    doing: 'withdrawing this share request',
    roles: { consumer: 'requester' },
  },
  'share-request.approve': {
    doing: 'approving this share request',
    roles: { provider: 'provider' },
  },
  'share-request.reject': {
    doing: 'rejecting this share request',
    roles: { provider: 'provider' },
  },
  'share-request.revoke': {
    doing: 'revoking this grant',
    roles: { provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'grant.download': {
    doing: 'downloading granted data',
    roles: { consumer: 'requester' },
    refuses: refusesDownload,
  },
  'share-requests.list-mine': {
    doing: "listing your agency's share requests",
    roles: { consumer: 'any' },
  },
  'share-requests.inbox': {
    doing: 'reading the inbox of requests for your data',
    roles: { provider: 'any' },
  },
  'share-requests.queue': {
    doing: 'reading the acceptance queue',
    roles: { reviewer: 'any', admin: 'any' },
  },
  'deadlines.report': {
    doing: 'reading the deadline report',
    roles: { reviewer: 'any', admin: 'any' },
  },
  'audit.read': { doing: 'reading the audit log', roles: { admin: 'any' } },
  'dispute.report': { doing: 'reporting disputed data', roles: EVERY_ROLE },
  'dispute.read': {
    doing: 'reading this dispute',
    roles: { consumer: 'requester', provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'dispute.verify': { doing: 'verifying this dispute', roles: { provider: 'provider' } },
  'dispute.confirm': {
    doing: "confirming a cross-check's finding",
    roles: { provider: 'provider' },
  },
  'dispute.extend': { doing: "extending this dispute's deadline", roles: { provider: 'provider' } },
  'dispute.correct': { doing: 'correcting the disputed data', roles: { provider: 'provider' } },
  'dispute.reject': { doing: 'rejecting this dispute', roles: { provider: 'provider' } },
  'dispute.dismiss': {
    doing: "dismissing a cross-check's finding",
    roles: { provider: 'provider' },
  },
  'disputes.inbox': {
    doing: 'reading the disputes about your data',
    roles: { provider: 'any' },
  },
  'disputes.queue': {
    doing: 'reading every open dispute',
    roles: { reviewer: 'any', admin: 'any' },
  },
  'verify.call': {
    doing: 'verifying records against this entry',
    roles: { consumer: 'requester' },
  },
  'demand.submit': { doing: 'recording a data demand', roles: { consumer: 'any' } },
  'demand.read': {
    doing: 'reading this demand',
    roles: { consumer: 'requester', provider: 'provider', reviewer: 'any', admin: 'any' },
  },
  'demand.assign': { doing: 'assigning a demand to a provider', roles: { reviewer: 'any' } },
  'demand.decline': { doing: 'declining a demand', roles: { reviewer: 'any' } },
  'demand.withdraw': { doing: 'withdrawing this demand', roles: { consumer: 'requester' } },
  'demand.accept': {
    doing: 'accepting this demand as a responsibility item',
    roles: { provider: 'provider' },
  },
  'demand.return': {
    doing: 'returning this demand to the reviewer',
    roles: { provider: 'provider' },
  },
  'demand.fulfil': {
    doing: 'fulfilling this responsibility item',
    roles: { provider: 'provider' },
  },
  'demands.list': { doing: 'listing demands', roles: EVERY_ROLE },
  'system.read': { doing: 'reading the information-system inventory', roles: EVERY_ROLE },
  'system.create': {
    doing: "adding a system to your agency's inventory",
    roles: { provider: 'provider', admin: 'any' },
  },
  'system.edit': {
    doing: "editing a system in your agency's inventory",
    roles: { provider: 'provider', admin: 'any' },
  },
};

/**
 * Decides whether a person may take an action on a resource. No identity: 401. Otherwise the
 * person is allowed when any of their roles allows it, and the answer names that role (the
 * most specific one when several would do: consumer, provider, reviewer, admin).
 */
export function authorize(
  identity: Identity | undefined,
  action: PolicyAction,
  resource: PolicyResource,
): PolicyDecision {
  const rule = RULES[action];
  if (!identity)
    return {
      allow: false,
      status: 401,
      reason: `sign in first: ${rule.doing} needs ${needs(rule, resource)}; send Authorization: Bearer <token>`,
    };
  const refusal = rule.refuses?.(resource);
  if (refusal) return { allow: false, status: 403, reason: refusal };
  const role = ROLES.find(
    (candidate) =>
      identity.roles.includes(candidate) && inScope(rule.roles[candidate], identity, resource),
  );
  if (role) return { allow: true, role };
  return {
    allow: false,
    status: 403,
    reason: `${rule.doing} needs ${needs(rule, resource)}; you are signed in as ${identity.roles.join(' and ')} of ${identity.agency}`,
  };
}

function inScope(scope: Scope | undefined, identity: Identity, resource: PolicyResource): boolean {
  if (scope === 'any') return true;
  if (scope === 'requester') return identity.agency === resource.requesterAgency;
  if (scope === 'provider') return identity.agency === resource.provider;
  return false;
}

/** The roles a rule accepts, as a person reads them: "the reviewer role or the admin role". */
function needs(rule: Rule, resource: PolicyResource): string {
  const wanted = ROLES.filter((role) => rule.roles[role] !== undefined).map((role) => {
    const scope = rule.roles[role]!;
    if (scope === 'requester')
      return `the ${role} role at the requesting agency${resource.requesterAgency ? ` (${resource.requesterAgency})` : ''}`;
    if (scope === 'provider')
      return `the ${role} role at the providing agency${resource.provider ? ` (${resource.provider})` : ''}`;
    return `the ${role} role`;
  });
  if (wanted.length === ROLES.length) return 'any datarun role';
  return wanted.length === 1 ? wanted[0]! : `${wanted.slice(0, -1).join(', ')} or ${wanted.at(-1)}`;
}

function refusesRequest(resource: PolicyResource): string | undefined {
  if (resource.shareType === '不予共享')
    return `this entry is 不予共享 (not shared) and cannot be requested; legal basis: ${resource.shareBasis ?? 'not stated by its provider'}`;
  if (resource.shareType === undefined)
    return "the entry's share type (共享类型) is not known, so it cannot be requested";
  return undefined;
}

function refusesDownload(resource: PolicyResource): string | undefined {
  if (resource.zone === 'open')
    return 'open data is downloaded from its public address, not through a grant';
  if (resource.zone === 'staging')
    return 'this entry is neither shared nor opened: its data is not handed out';
  if (resource.zone === undefined)
    return "the entry's storage zone is not known, so its data is not handed out";
  return undefined;
}
