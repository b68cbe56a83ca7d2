import * as z from 'zod';
import { IdentitySchema, actorOf } from '../../core/identity/identity.ts';
import { defineRoute } from '../route.ts';

/** `POST /api/v1/auth/token`: sign in as a demo user (one machine only). */
export const authTokenCreate = defineRoute({
  method: 'post',
  path: '/api/v1/auth/token',
  operationId: 'auth_token_create',
  summary: 'Sign in as a demo user (local only)',
  description:
    'On one machine (`npm start`), signs in as one of the demo users of GET /api/v1/auth/config: an 8-hour identity token from the local issuer, with the same claims as a Cognito ID token. On AWS people sign in through the user pool and this route answers 404.',
  body: z.strictObject({ user: z.string().min(1).max(128).describe('A demo user id') }),
  answer: z.object({
    token: z.string().describe('Send it as Authorization: Bearer <token>'),
    expiresAt: z.string(),
    identity: IdentitySchema,
  }),
  answerName: 'AuthTokenAnswer',
  maxAge: 0,
  status: 201,
  errors: [404, 503],
  async handle({ body }, context) {
    const sharing = context.sharing();
    const signedIn = await context.auth.issue(body.user);
    const { identity } = signedIn;
    await sharing.audit.append({
      at: new Date(sharing.now()).toISOString(),
      actor: actorOf(identity, identity.roles[0]!),
      action: 'auth.sign-in',
      subject: `token:${identity.tokenId}`,
      outcome: 'ok',
    });
    return { data: signedIn, version: '' };
  },
});
