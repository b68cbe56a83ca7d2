/**
 * The portal's start page (`/agency/`): who is signed in, their notifications, and the pages
 * their roles may use.
 */
import { definitionList, el, inLang, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { personName } from './agency-session.ts';
import { formatInstant, localized, mayUse, notificationPage, PORTAL_PAGES } from './agency-text.ts';

type Notification = {
  id: string;
  at: string;
  kind: string;
  message: { zh: string; en?: string };
  request?: string;
  read?: boolean;
};

/** Starts the start page inside `root`. */
export async function startHome(root: HTMLElement): Promise<void> {
  const portal = startPortal(root, 'home');
  if (!portal) return;
  const { tr, lang, session } = portal;
  const { identity } = session;
  const separator = tr('agency.common.listSeparator');

  const agency = await portal.agencyName(identity.agency);
  root.querySelector('[data-whoami]')!.replaceChildren(
    definitionList('request-meta', [
      [tr('agency.home.name'), personName(identity, lang)],
      [tr('agency.home.user'), el('code', {}, identity.user)],
      [
        tr('agency.home.agency'),
        [inLang('span', agency, lang), ' ', el('code', {}, identity.agency)],
      ],
      [
        tr('agency.home.roles'),
        identity.roles.map((role) => tr(`agency.role.${role}`)).join(separator),
      ],
      [
        tr('agency.home.expires'),
        formatInstant(new Date(identity.expiresAt * 1000).toISOString(), lang),
      ],
    ]),
  );

  root
    .querySelector('[data-pages]')!
    .replaceChildren(
      ...PORTAL_PAGES.filter((page) => page.id !== 'home' && mayUse(page.id, identity.roles)).map(
        (page) =>
          el(
            'li',
            {},
            el('a', { href: portal.path(page.path) }, tr(`agency.nav.${page.id}`)),
            el('span', { class: 'sub' }, tr(`agency.home.about.${page.id}`)),
          ),
      ),
    );

  await showNotifications(portal, root.querySelector<HTMLElement>('[data-notifications]')!);
}

async function showNotifications(portal: Portal, list: HTMLElement): Promise<void> {
  const { tr, lang } = portal;
  portal.announce(tr('agency.common.loading'));
  const answer = await portal.call<{ results: Notification[] }>('GET', '/api/v1/notifications');
  if (!answer.ok) {
    portal.announce(portal.failure(answer));
    return;
  }
  const items = answer.data.results.map((notice) => {
    const page = notice.request
      ? notificationPage(notice.kind, portal.session.identity.roles)
      : undefined;
    const target = PORTAL_PAGES.find((candidate) => candidate.id === page);
    const message = localized(notice.message, lang);
    return el(
      'li',
      { class: notice.read === false ? 'unread' : undefined },
      el('time', { datetime: notice.at }, formatInstant(notice.at, lang)),
      ' ',
      notice.read === false ? el('span', { class: 'badge' }, tr('agency.home.unread')) : undefined,
      ' ',
      target && notice.request
        ? el(
            'a',
            {
              href: `${portal.path(target.path)}?highlight=${encodeURIComponent(notice.request)}`,
              lang: message.lang === lang ? undefined : message.lang,
            },
            message.text,
          )
        : inLang('span', message, lang),
    );
  });
  list.replaceChildren(
    ...(items.length > 0 ? items : [el('li', {}, tr('agency.home.noNotifications'))]),
  );
  portal.announce(tr('agency.home.notificationCount', { n: items.length }));
}
