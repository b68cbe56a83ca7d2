/**
 * The header's account link: "Sign in" in the static page; once someone is signed in in this
 * tab, their name and a link to the agency portal.
 *
 * It reads what agency-session.ts stores without importing it: a script with no imports is
 * inlined into every page by Astro, where an import would cost every public page two requests.
 */

const IDENTITY_KEY = 'datarun.identity';

type StoredIdentity = { name?: string; localName?: { en?: string }; expiresAt?: number };

/** Turns the sign-in link into the portal link when a session exists. */
export function showAccount(link: HTMLAnchorElement): void {
  let identity: StoredIdentity | undefined;
  try {
    identity = JSON.parse(sessionStorage.getItem(IDENTITY_KEY) ?? 'null') ?? undefined;
  } catch {
    // Storage refused or damaged: the link stays "Sign in".
    return;
  }
  if (!identity?.name || (identity.expiresAt ?? 0) * 1000 <= Date.now()) return;
  const english = document.documentElement.lang === 'en' && identity.localName?.en;
  // The name may be long: it is cut with an ellipsis on screen, the portal label never is.
  const name = document.createElement('span');
  name.className = 'account-name';
  name.textContent = english || identity.name;
  link.replaceChildren(name, ` · ${link.dataset.portalLabel ?? ''}`);
  link.href = link.dataset.portalHref ?? link.href;
}
