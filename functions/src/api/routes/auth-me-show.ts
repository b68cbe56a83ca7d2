import { IdentitySchema } from '../../core/identity/identity.ts';
import { signedIn } from '../../services/sharing/guard.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `GET /api/v1/auth/me`: who the token says the caller is. */
export const authMeShow = defineRoute({
  path: '/api/v1/auth/me',
  operationId: 'auth_me_show',
  summary: 'Who am I',
  description: 'The identity of the token sent: user, name, agency, roles and expiry.',
  answer: IdentitySchema,
  answerName: 'AuthMeAnswer',
  ...AGENCY_ROUTE,
  errors: [401],
  async handle({ identity }) {
    return { data: signedIn(identity), version: '' };
  },
});
