import * as z from 'zod';
import { DemoUserSchema } from '../../core/identity/demo-user.ts';
import { LocalizedTextSchema } from '../../core/schemas/common.ts';
import { defineRoute } from '../route.ts';

/** `GET /api/v1/auth/config`: how the sign-in page signs people in here. */
export const authConfigShow = defineRoute({
  path: '/api/v1/auth/config',
  operationId: 'auth_config_show',
  summary: 'How to sign in',
  description:
    'mode=local (one machine): the demo users, each with an agency and roles, to sign in as with POST /api/v1/auth/token. mode=cognito (AWS): the user pool’s hosted UI (authorization code with PKCE) and the app client id.',
  answer: z.discriminatedUnion('mode', [
    z.object({
      mode: z.literal('local'),
      users: z.array(DemoUserSchema.extend({ agencyName: LocalizedTextSchema.optional() })),
    }),
    z.object({
      mode: z.literal('cognito'),
      authorizeUrl: z.string(),
      tokenUrl: z.string(),
      clientId: z.string(),
      redirectPath: z.string(),
    }),
  ]),
  answerName: 'AuthConfigAnswer',
  cache: 'no-store',
  maxAge: 0,
  errors: [503],
  async handle(_input, context) {
    const config = context.auth.config();
    if (config.mode !== 'local') return { data: config, version: '' };
    const { index } = await context.shareCatalog();
    return {
      data: {
        mode: 'local',
        users: config.users.map((user) => {
          const agencyName = index.agencies.get(user.agency)?.name;
          return { ...user, ...(agencyName && { agencyName }) };
        }),
      },
      version: '',
    };
  },
});
