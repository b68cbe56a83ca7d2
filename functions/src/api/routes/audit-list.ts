import * as z from 'zod';
import { AUDIT_OUTCOMES, AuditRecordSchema } from '../../core/audit/audit-record.ts';
import { AUDIT_PAGE_DEFAULT, AUDIT_PAGE_MAX } from '../../core/audit/audit-filter.ts';
import { guard } from '../../services/sharing/guard.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

const text = (what: string) => z.string().min(1).max(200).optional().describe(what);
const bound = (what: string) => z.union([z.iso.datetime(), z.iso.date()]).optional().describe(what);

/** `GET /api/v1/audit`: the audit log, filtered, for admins. */
export const auditList = defineRoute({
  path: '/api/v1/audit',
  operationId: 'audit_list',
  summary: 'Read the audit log (admin)',
  description:
    'The hash-chained audit log, newest first: who did what to which subject, when, with what outcome, and each record’s hash. `npx datarun audit verify` checks the chain.',
  query: z.strictObject({
    action: text('Only this action, e.g. share-request.approve'),
    agency: text('Only actions by staff of this agency'),
    user: text('Only actions by this user'),
    subject: text('Only records about this subject, e.g. share-request:sr_…'),
    outcome: z.enum(AUDIT_OUTCOMES).optional().describe('ok, denied or failed'),
    from: bound('Records at or after this time (ISO)'),
    to: bound('Records before this time (ISO)'),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(AUDIT_PAGE_MAX)
      .default(AUDIT_PAGE_DEFAULT)
      .describe(`Records per page, 1 to ${AUDIT_PAGE_MAX}`),
    cursor: z.string().max(200).optional().describe('The `next` of the previous page'),
  }),
  answer: z.object({ results: z.array(AuditRecordSchema) }),
  answerName: 'AuditListAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 403, 503],
  async handle({ query, identity }, context) {
    const sharing = context.sharing();
    const { user, ...rest } = query;
    await guard(sharing, identity, 'audit.read', {}, 'audit');
    const page = await sharing.audit.list({ ...rest, ...(user && { actorUser: user }) });
    return { data: { results: page.records }, ...(page.next && { next: page.next }), version: '' };
  },
});
