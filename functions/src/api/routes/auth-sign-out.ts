import * as z from 'zod';
import { actorOf } from '../../core/identity/identity.ts';
import { signedIn } from '../../services/sharing/guard.ts';
import { defineRoute } from '../route.ts';
import { AGENCY_ROUTE } from '../share-request-views.ts';

/** `POST /api/v1/auth/sign-out`: the token sent is refused from now on. */
export const authSignOut = defineRoute({
  method: 'post',
  path: '/api/v1/auth/sign-out',
  operationId: 'auth_sign_out',
  summary: 'Sign out',
  description:
    'Refuses the token sent from now until it would have expired: a copy of it replayed later gets a 401.',
  body: z.strictObject({}),
  answer: z.object({ signedOut: z.literal(true) }),
  answerName: 'AuthSignOutAnswer',
  ...AGENCY_ROUTE,
  errors: [401, 503],
  async handle({ identity }, context) {
    const person = signedIn(identity);
    const sharing = context.sharing();
    await context.auth.signOut(person);
    await sharing.audit.append({
      at: new Date(sharing.now()).toISOString(),
      actor: actorOf(person, person.roles[0]!),
      action: 'auth.sign-out',
      subject: `token:${person.tokenId}`,
      outcome: 'ok',
    });
    return { data: { signedOut: true }, version: '' };
  },
});
