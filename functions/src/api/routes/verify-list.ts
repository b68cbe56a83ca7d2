import { VerifyServiceListSchema } from '../../core/verify/verify-views.ts';
import { listVerifyServices } from '../../services/verify/list-verify-services.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `GET /api/v1/verify`: the verification services the caller's agency holds grants for. */
export const verifyList = defineRoute({
  path: '/api/v1/verify',
  operationId: 'verify_list',
  summary: "List your agency's verification services",
  description:
    'The verification services (查询/核验) the caller’s agency was granted, newest first: active (approved), revoked or expired, each with its grant, last day, key fields and the verifiable fields the grant includes.',
  answer: VerifyServiceListSchema,
  answerName: 'VerifyServiceList',
  ...AGENCY_ROUTE,
  errors: [401, 503],
  async handle({ identity }, context) {
    const services = await listVerifyServices(context.verify(), identity);
    return { data: { services }, version: '' };
  },
});
