/**
 * The sign-in page (`/signin/`). `GET /api/v1/auth/config` says how: locally, a list of demo
 * users, each signed in with one button (`POST /api/v1/auth/token`); on AWS, the hosted sign-in
 * page with the authorization code flow and PKCE, whose answer comes back to this page as
 * `?code=…&state=…`. The token and identity are kept for the tab, then the page goes to
 * `?next=` (a path on this site) or the portal.
 */
import { callApi } from './agency-api.ts';
import { el, failureText, inLang, pageSetup, signOut } from './agency-portal.ts';
import { authorizeLocation, pkcePair, tokenEndpoint, tokenRequestBody } from './agency-pkce.ts';
import { personName, readSession, saveSession } from './agency-session.ts';
import type { SessionIdentity } from './agency-session.ts';
import { localized, portalPath, safeNext } from './agency-text.ts';
import type { PortalLang, Tr } from './agency-text.ts';

type Localized = { zh: string; en?: string };
type DemoUser = {
  id: string;
  name: Localized;
  agency: string;
  agencyName?: Localized;
  roles: string[];
};
type AuthConfig =
  | { mode: 'local'; users: DemoUser[] }
  | {
      mode: 'cognito';
      authorizeUrl: string;
      tokenUrl?: string;
      clientId: string;
      redirectPath: string;
    };

/** What the page keeps between leaving for the hosted sign-in and coming back. */
type PendingSignIn = {
  verifier: string;
  state: string;
  next: string;
  tokenUrl: string;
  clientId: string;
  redirectUri: string;
};
const PENDING_KEY = 'datarun.signin';

/** Starts the sign-in page inside `root`. */
export async function startSignIn(root: HTMLElement): Promise<void> {
  const { lang, tr } = pageSetup(root);
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const say = (text: string) => {
    status.textContent = text;
  };
  const params = new URLSearchParams(location.search);
  const next = safeNext(params.get('next'), portalPath(lang, '/agency/'));

  if (params.has('code') || params.has('error')) return finishHostedSignIn(params, say, tr);
  if (params.has('signedout')) say(tr('signin.signedOut'));

  const session = readSession();
  if (session) {
    const box = root.querySelector<HTMLElement>('[data-signed-in]')!;
    box.querySelector('[data-who]')!.textContent = tr('signin.already', {
      name: personName(session.identity, lang),
    });
    box.querySelector('a')!.setAttribute('href', next);
    box.querySelector('[data-sign-out]')!.addEventListener('click', () => {
      void signOut(lang, session.token);
    });
    box.hidden = false;
  }

  say(tr('agency.common.loading'));
  const answer = await callApi<AuthConfig>('GET', '/api/v1/auth/config');
  if (!answer.ok) return say(failureText(tr, answer));
  say(params.has('signedout') ? tr('signin.signedOut') : '');
  const config = answer.data;
  if (config.mode === 'local') showDemoUsers(root, config.users, lang, tr, say, next);
  else {
    const hosted = root.querySelector<HTMLElement>('[data-hosted]')!;
    hosted.querySelector('button')!.addEventListener('click', async () => {
      const pair = await pkcePair();
      const redirectUri = new URL(config.redirectPath, location.origin).href;
      const pending: PendingSignIn = {
        verifier: pair.verifier,
        state: pair.state,
        next,
        tokenUrl: config.tokenUrl ?? tokenEndpoint(config.authorizeUrl),
        clientId: config.clientId,
        redirectUri,
      };
      sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
      say(tr('signin.redirecting'));
      location.assign(
        authorizeLocation({
          authorizeUrl: config.authorizeUrl,
          clientId: config.clientId,
          redirectUri,
          challenge: pair.challenge,
          state: pair.state,
        }),
      );
    });
    hosted.hidden = false;
  }
}

function showDemoUsers(
  root: HTMLElement,
  users: DemoUser[],
  lang: PortalLang,
  tr: Tr,
  say: (text: string) => void,
  next: string,
): void {
  const section = root.querySelector<HTMLElement>('[data-local]')!;
  const list = section.querySelector<HTMLElement>('[data-users]')!;
  const separator = tr('agency.common.listSeparator');
  list.replaceChildren(
    ...users.map((user) => {
      const name = localized(user.name, lang);
      const agency = user.agencyName
        ? localized(user.agencyName, lang)
        : { text: user.agency, lang };
      const button = el(
        'button',
        { class: 'button', type: 'button' },
        tr('signin.as', { name: name.text }),
      );
      button.addEventListener('click', async () => {
        for (const other of list.querySelectorAll('button')) other.disabled = true;
        say(tr('signin.signingIn', { name: name.text }));
        const answer = await callApi<{ token: string; identity: SessionIdentity }>(
          'POST',
          '/api/v1/auth/token',
          { body: { user: user.id } },
        );
        if (!answer.ok) {
          for (const other of list.querySelectorAll('button')) other.disabled = false;
          say(failureText(tr, answer));
          return;
        }
        saveSession({
          token: answer.data.token,
          identity: {
            ...answer.data.identity,
            localName: user.name,
            ...(user.agencyName && { agencyName: user.agencyName }),
          },
        });
        location.assign(next);
      });
      return el(
        'li',
        { class: 'user-card' },
        inLang('p', name, lang, { class: 'user-name' }),
        inLang('p', agency, lang, { class: 'sub' }),
        el(
          'p',
          { class: 'sub' },
          tr('signin.roles', {
            roles: user.roles.map((role) => tr(`agency.role.${role}`)).join(separator),
          }),
        ),
        button,
      );
    }),
  );
  section.hidden = false;
}

/** Back from the hosted sign-in: check `state`, trade the code for tokens, ask who this is. */
async function finishHostedSignIn(
  params: URLSearchParams,
  say: (text: string) => void,
  tr: Tr,
): Promise<void> {
  const stored = sessionStorage.getItem(PENDING_KEY);
  sessionStorage.removeItem(PENDING_KEY);
  // The code is single-use and must not stay in the address bar or in history.
  history.replaceState(null, '', location.pathname);
  if (params.has('error'))
    return say(
      tr('signin.hostedRefused', {
        reason: params.get('error_description') ?? params.get('error') ?? '',
      }),
    );
  const pending = stored ? (JSON.parse(stored) as PendingSignIn) : undefined;
  if (!pending || pending.state !== params.get('state')) return say(tr('signin.stateMismatch'));
  say(tr('signin.finishing'));
  let idToken: string | undefined;
  try {
    const response = await fetch(pending.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: tokenRequestBody({
        clientId: pending.clientId,
        code: params.get('code')!,
        redirectUri: pending.redirectUri,
        verifier: pending.verifier,
      }),
    });
    if (response.ok) idToken = ((await response.json()) as { id_token?: string }).id_token;
  } catch {
    idToken = undefined;
  }
  if (!idToken) return say(tr('signin.codeRefused'));
  const me = await callApi<SessionIdentity>('GET', '/api/v1/auth/me', { token: idToken });
  if (!me.ok) return say(failureText(tr, me));
  saveSession({ token: idToken, identity: me.data });
  location.assign(pending.next);
}
