import type { TokenVerifier } from '../adapters/identity/token-verifier.ts';
import type { LocalIssuer } from '../adapters/identity/local-issuer.ts';
import { DatarunError, problem } from '../core/errors.ts';
import type { Identity } from '../core/identity/identity.ts';
import type { DemoUser } from '../core/identity/demo-user.ts';
import type { RevokedTokens } from '../core/ports/revoked-tokens.ts';

/** How people sign in: the local issuer with its demo users, or the Cognito hosted UI. */
export type SignIn =
  | { mode: 'local'; issuer: LocalIssuer; users: readonly DemoUser[] }
  | {
      mode: 'cognito';
      /** The hosted UI's base URL, e.g. https://datarun.auth.eu-west-1.amazoncognito.com */
      domain: string;
      clientId: string;
    };

/** What the API needs to know who is calling and to let people sign in and out. */
export type AuthDeps = { verifier: TokenVerifier; revoked: RevokedTokens; signIn: SignIn };

/** What the sign-in page needs to know. */
export type SignInConfig =
  | { mode: 'local'; users: readonly DemoUser[] }
  | {
      mode: 'cognito';
      authorizeUrl: string;
      tokenUrl: string;
      clientId: string;
      redirectPath: string;
    };

/** The routes' side of sign-in. */
export type RouteAuth = {
  config(): SignInConfig;
  /** A token for a demo user (local sign-in only); a 404 where people sign in with Cognito. */
  issue(user: string): Promise<{ token: string; expiresAt: string; identity: Identity }>;
  /** Refuses this identity's token from now until it would have expired. */
  signOut(identity: Identity): Promise<void>;
};

/** The sign-in routes over the configured issuer. */
export function createRouteAuth(deps: AuthDeps): RouteAuth {
  const { signIn } = deps;
  return {
    config: () =>
      signIn.mode === 'local'
        ? { mode: 'local', users: signIn.users }
        : {
            mode: 'cognito',
            authorizeUrl: `${signIn.domain}/oauth2/authorize`,
            tokenUrl: `${signIn.domain}/oauth2/token`,
            clientId: signIn.clientId,
            redirectPath: '/signin/',
          },
    async issue(user) {
      if (signIn.mode !== 'local')
        throw new DatarunError(
          problem('not-found', 'people sign in through the user pool here, not with demo users'),
        );
      const demo = signIn.users.find((candidate) => candidate.id === user);
      if (!demo)
        throw new DatarunError(
          problem(
            'invalid-field',
            `no demo user ${JSON.stringify(user)}; GET /api/v1/auth/config lists them`,
            { field: 'user' },
          ),
        );
      const issued = await signIn.issuer.issue({
        user: demo.id,
        name: demo.name.zh,
        agency: demo.agency,
        roles: demo.roles,
      });
      return {
        token: issued.token,
        expiresAt: new Date(issued.expiresAt * 1000).toISOString(),
        identity: await deps.verifier.verify(issued.token),
      };
    },
    signOut: (identity) => deps.revoked.revoke(identity.tokenId, identity.expiresAt),
  };
}

const unavailable = async (): Promise<never> => {
  throw new DatarunError(problem('storage', 'this server runs without sign-in'));
};

/** Sign-in where the app was built without it: the routes answer 503. */
export const AUTH_UNAVAILABLE: RouteAuth = {
  config: () => {
    throw new DatarunError(problem('storage', 'this server runs without sign-in'));
  },
  issue: unavailable,
  signOut: unavailable,
};
