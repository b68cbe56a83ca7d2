/**
 * The signed-in session of the agency portal, kept in sessionStorage (one tab, gone when it
 * closes): the bearer token under `datarun.token`, the identity under `datarun.identity`.
 */
import type { Identity } from '../../../functions/src/core/identity/identity.ts';

const TOKEN_KEY = 'datarun.token';
const IDENTITY_KEY = 'datarun.identity';

/**
 * The identity as the API gave it; a demo user's name in both languages and the agency's name
 * when the sign-in page knew them.
 */
export type SessionIdentity = Identity & {
  localName?: { zh: string; en?: string };
  agencyName?: { zh: string; en?: string };
};

/** The signed-in person's name in the page language where it is known in both. */
export function personName(identity: SessionIdentity, lang: string): string {
  return lang === 'en' && identity.localName?.en ? identity.localName.en : identity.name;
}

/** A token and whose it is. */
export type Session = { token: string; identity: SessionIdentity };

/** The session of this tab, or none when there is none or its token has expired. */
export function readSession(): Session | undefined {
  try {
    const token = sessionStorage.getItem(TOKEN_KEY);
    const stored = sessionStorage.getItem(IDENTITY_KEY);
    if (!token || !stored) return undefined;
    const identity = JSON.parse(stored) as SessionIdentity;
    if (typeof identity.expiresAt === 'number' && identity.expiresAt * 1000 <= Date.now()) {
      clearSession();
      return undefined;
    }
    return { token, identity };
  } catch {
    // Storage refused (privacy settings) or damaged: treated as signed out.
    return undefined;
  }
}

/** Keeps the session for this tab. */
export function saveSession(session: Session): void {
  sessionStorage.setItem(TOKEN_KEY, session.token);
  sessionStorage.setItem(IDENTITY_KEY, JSON.stringify(session.identity));
}

/** Forgets the session. */
export function clearSession(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(IDENTITY_KEY);
  } catch {
    // Nothing stored where storage is refused.
  }
}
