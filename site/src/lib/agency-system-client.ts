/**
 * The information-system inventory page (`/agency/systems/`): the whole inventory's connection
 * figures, then per agency its rate and a table of its systems with the 数据断头路 flag (feeds
 * an entry, not connected). A provider edits its own agency's systems (level, network,
 * connected, feeds) and adds one; an admin any agency's. After a change the inventory is read
 * again, so the rate shown is the API's; a 409 (someone changed it first, or a duplicate) is
 * said plainly and the inventory reloaded.
 */
import { clearProblems, el, inLang, showProblems, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { codeSlug, localized, portalPath } from './agency-text.ts';
import {
  LEVELS,
  NETWORKS,
  SYSTEM_ID,
  feedCodes,
  figuresText,
  mayEditSystems,
  systemChanges,
} from './agency-system-text.ts';
import type { InventoryAnswer, SystemView } from './agency-system-text.ts';

/** Starts the inventory page inside `root`. */
export function startSystems(root: HTMLElement): void {
  const portal = startPortal(root, 'systems');
  if (!portal) return;
  const { tr } = portal;
  const { identity } = portal.session;
  const list = root.querySelector<HTMLElement>('[data-inventory]')!;
  const overall = root.querySelector<HTMLElement>('[data-overall]')!;
  const deadEnds = root.querySelector<HTMLElement>('[data-dead-ends]')!;

  const load = async (after?: { agency: string; message: string }) => {
    if (!after) portal.announce(tr('agency.common.loading'));
    list.setAttribute('aria-busy', 'true');
    const answer = await portal.call<InventoryAnswer>('GET', '/api/v1/systems');
    list.removeAttribute('aria-busy');
    if (!answer.ok) {
      portal.announce(portal.failure(answer));
      return;
    }
    const { systems, report } = answer.data;
    overall.textContent = figuresText(tr, report.overall, portal.lang);
    deadEnds.textContent = tr('agency.systems.deadEndCount', { n: report.deadEnds.length });
    // A provider's own agency first: the systems it answers for.
    const agencies = [...report.agencies].sort(
      (a, b) => Number(b.agency === identity.agency) - Number(a.agency === identity.agency),
    );
    list.replaceChildren(
      ...(await Promise.all(
        agencies.map((line) =>
          agencySection(
            portal,
            line.agency,
            systems.filter((system) => system.owner === line.agency),
            figuresText(tr, line.figures, portal.lang),
            load,
          ),
        ),
      )),
    );
    if (after) {
      list
        .querySelector<HTMLElement>(`[data-agency-heading="${CSS.escape(after.agency)}"]`)
        ?.focus();
      const figures = report.agencies.find((line) => line.agency === after.agency)?.figures;
      portal.announce(
        figures
          ? `${after.message} ${tr('agency.systems.rateNow', {
              agency: (await portal.agencyName(after.agency)).text,
              figures: figuresText(tr, figures, portal.lang),
            })}`
          : after.message,
      );
    } else portal.announce(tr('agency.systems.loaded', { n: systems.length }));
  };

  if (identity.roles.includes('admin') || identity.roles.includes('provider'))
    void addForm(portal, (agency, message) => load({ agency, message }));
  void load();
}

type Reload = (after?: { agency: string; message: string }) => Promise<void>;

/** One agency: its heading and figures, a table of its systems, edit buttons where allowed. */
async function agencySection(
  portal: Portal,
  agency: string,
  systems: readonly SystemView[],
  figures: string,
  reload: Reload,
): Promise<HTMLElement> {
  const { tr, lang } = portal;
  const name = await portal.agencyName(agency);
  const headingId = `systems-${agency}`;
  const editable = mayEditSystems(portal.session.identity, agency);
  const panel = el('div', { class: 'request-panel', 'data-edit-panel': true });
  const head = (text: string) => el('th', { scope: 'col' }, text);
  const rows = systems.map((system) => {
    const systemName = localized(system.name, lang);
    const edit =
      editable &&
      el(
        'button',
        {
          class: 'button secondary small',
          type: 'button',
          'data-edit': system.id,
          'aria-label': tr('agency.systems.editOf', { name: systemName.text }),
        },
        tr('agency.systems.edit'),
      );
    if (edit)
      edit.addEventListener('click', () => {
        const form = editForm(portal, system, async (message) => reload({ agency, message }));
        form.querySelector('[data-cancel]')!.addEventListener('click', () => {
          panel.replaceChildren();
          edit.focus();
        });
        panel.replaceChildren(form);
        form.querySelector<HTMLElement>('select, input')!.focus();
      });
    return el(
      'tr',
      { 'data-system': system.id, 'data-connected': String(system.connected) },
      el(
        'th',
        { scope: 'row' },
        inLang('span', systemName, lang),
        el('br', {}),
        el('code', {}, system.id),
      ),
      el('td', {}, tr(`agency.systems.level.${system.level}`)),
      el('td', {}, tr(`agency.systems.network.${system.network}`)),
      el('td', {}, tr(system.connected ? 'agency.systems.yes' : 'agency.systems.no')),
      el(
        'td',
        {},
        ...system.feeds.flatMap((code, i) => [
          i > 0 ? ', ' : '',
          el('a', { href: portalPath(lang, `/datasets/${codeSlug(code)}/`) }, el('code', {}, code)),
        ]),
      ),
      el(
        'td',
        {},
        system.deadEnd &&
          el('span', { class: 'badge overdue-badge' }, tr('agency.systems.deadEnd')),
      ),
      editable ? el('td', {}, edit) : false,
    );
  });
  return el(
    'section',
    { class: 'section', 'aria-labelledby': headingId, 'data-agency-systems': agency },
    el(
      'h2',
      { id: headingId, tabindex: -1, 'data-agency-heading': agency },
      inLang('span', name, lang),
    ),
    el('p', { 'data-rate': agency }, figures),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        {},
        el('caption', {}, tr('agency.systems.caption', { agency: name.text })),
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            head(tr('agency.systems.name')),
            head(tr('agency.systems.levelLabel')),
            head(tr('agency.systems.networkLabel')),
            head(tr('agency.systems.connected')),
            head(tr('agency.systems.feeds')),
            head(tr('agency.systems.flag')),
            editable ? head(tr('agency.systems.actions')) : false,
          ),
        ),
        el('tbody', {}, ...rows),
      ),
    ),
    panel,
  );
}

/** A select of level or network terms, labelled in the page language. */
function termSelect(
  portal: Portal,
  id: string,
  name: 'level' | 'network',
  value: string,
): HTMLElement {
  const terms: readonly string[] = name === 'level' ? LEVELS : NETWORKS;
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, portal.tr(`agency.systems.${name}Label`)),
    el(
      'select',
      { id, name, 'aria-describedby': `${id}-error` },
      ...terms.map((term) =>
        el(
          'option',
          { value: term, selected: term === value },
          portal.tr(`agency.systems.${name}.${term}`),
        ),
      ),
    ),
    el('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': name }),
  );
}

/** The connected checkbox and the feeds textarea both forms share. */
function connectionControls(
  portal: Portal,
  base: string,
  connected: boolean,
  feeds: readonly string[],
): HTMLElement[] {
  const { tr } = portal;
  return [
    el(
      'div',
      { class: 'checkbox choice' },
      el('input', {
        type: 'checkbox',
        id: `${base}-connected`,
        name: 'connected',
        checked: connected,
      }),
      el('label', { for: `${base}-connected` }, tr('agency.systems.connectedLabel')),
    ),
    el(
      'div',
      { class: 'field' },
      el('label', { for: `${base}-feeds` }, tr('agency.systems.feeds')),
      el(
        'textarea',
        {
          id: `${base}-feeds`,
          name: 'feeds',
          rows: 3,
          spellcheck: 'false',
          'aria-describedby': `${base}-feeds-hint ${base}-feeds-error`,
        },
        feeds.join('\n'),
      ),
      el('p', { class: 'field-hint', id: `${base}-feeds-hint` }, tr('agency.systems.feedsHint')),
      el('p', { class: 'field-error', id: `${base}-feeds-error`, 'data-error-for': 'feeds' }),
    ),
  ];
}

function buttons(portal: Portal, submit: string, cancel: boolean): HTMLElement {
  return el(
    'div',
    { class: 'form-buttons' },
    el('button', { class: 'button', type: 'submit' }, submit),
    cancel &&
      el(
        'button',
        { class: 'button secondary', type: 'button', 'data-cancel': true },
        portal.tr('agency.action.cancel'),
      ),
  );
}

/** The edit form of one system; sends only what changed, with the revision it was read at. */
function editForm(
  portal: Portal,
  system: SystemView,
  saved: (message: string) => Promise<void>,
): HTMLFormElement {
  const { tr, lang } = portal;
  const base = `edit-${system.id}`;
  const systemName = localized(system.name, lang).text;
  const form = el(
    'form',
    {
      class: 'step-form',
      novalidate: true,
      'data-system-form': system.id,
      'aria-label': tr('agency.systems.editOf', { name: systemName }),
    },
    el(
      'div',
      { class: 'field-row' },
      termSelect(portal, `${base}-level`, 'level', system.level),
      termSelect(portal, `${base}-network`, 'network', system.network),
    ),
    ...connectionControls(portal, base, system.connected, system.feeds),
    el('p', { class: 'field-error', 'data-error-for': 'set' }),
    buttons(portal, tr('agency.systems.save'), true),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    const data = new FormData(form);
    const set = systemChanges(system, {
      level: String(data.get('level')) as SystemView['level'],
      network: String(data.get('network')) as SystemView['network'],
      connected: data.get('connected') !== null,
      feeds: feedCodes(String(data.get('feeds') ?? '')),
    });
    if (Object.keys(set).length === 0) {
      portal.announce(tr('agency.systems.unchanged'));
      return;
    }
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    portal.announce(tr('agency.common.sending'));
    const answer = await portal.call<SystemView>(
      'POST',
      `/api/v1/systems/${encodeURIComponent(system.id)}`,
      { revision: system.revision, set },
    );
    submit.disabled = false;
    if (answer.ok) return saved(tr('agency.systems.saved', { name: systemName }));
    if (answer.status === 409)
      return saved(
        tr('agency.systems.conflict', { reason: answer.errors[0]?.message ?? answer.error }),
      );
    if (answer.status === 400) {
      const named = answer.errors.map((problem) => ({
        ...problem,
        field: problem.field?.replace(/^set\./, ''),
      }));
      const { focus, unplaced } = showProblems(form, named);
      portal.announce([tr('agency.form.fixFields'), ...unplaced].join(' '));
      focus?.focus();
      return;
    }
    portal.announce(portal.failure(answer));
  });
  return form;
}

/** The form that adds a system: to the provider's own agency, or any agency for an admin. */
async function addForm(
  portal: Portal,
  added: (agency: string, message: string) => Promise<void>,
): Promise<void> {
  const { tr, root } = portal;
  const { identity } = portal.session;
  const section = root.querySelector<HTMLElement>('[data-add-system]')!;
  const form = section.querySelector<HTMLFormElement>('form')!;
  const owner = form.querySelector<HTMLSelectElement>('[name="owner"]')!;
  const agencies = await portal.agencies();
  const choices = identity.roles.includes('admin') ? [...agencies.keys()] : [identity.agency];
  owner.replaceChildren(
    ...(await Promise.all(
      choices.map(async (code) =>
        el('option', { value: code }, `${(await portal.agencyName(code)).text} (${code})`),
      ),
    )),
  );
  owner.value = identity.agency;
  form
    .querySelector('[data-level]')!
    .replaceWith(termSelect(portal, 'add-level', 'level', LEVELS[0]));
  form
    .querySelector('[data-network]')!
    .replaceWith(termSelect(portal, 'add-network', 'network', NETWORKS[0]));
  form
    .querySelector('[data-connection]')!
    .replaceWith(...connectionControls(portal, 'add', false, []));
  section.hidden = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const problems = [
      ...(SYSTEM_ID.test(text('id')) ? [] : [{ field: 'id', message: tr('agency.systems.badId') }]),
      ...(text('name.zh') ? [] : [{ field: 'name.zh', message: tr('agency.form.needText') }]),
    ];
    if (problems.length > 0) {
      showProblems(form, problems).focus?.focus();
      portal.announce(tr('agency.form.fixFields'));
      return;
    }
    const en = text('name.en');
    const system = {
      id: text('id'),
      name: { zh: text('name.zh'), ...(en && { en }) },
      owner: text('owner'),
      level: text('level'),
      network: text('network'),
      connected: data.get('connected') !== null,
      feeds: feedCodes(text('feeds')),
    };
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    portal.announce(tr('agency.common.sending'));
    const answer = await portal.call<SystemView>('POST', '/api/v1/systems', system);
    submit.disabled = false;
    if (answer.ok) {
      form.reset();
      owner.value = identity.agency;
      return added(system.owner, tr('agency.systems.added', { name: system.name.zh }));
    }
    if (answer.status === 400 || answer.status === 409) {
      const { focus, unplaced } = showProblems(form, answer.errors);
      portal.announce(
        [
          answer.status === 409 ? tr('agency.systems.duplicate') : tr('agency.form.fixFields'),
          ...unplaced,
        ].join(' '),
      );
      focus?.focus();
      return;
    }
    portal.announce(portal.failure(answer));
  });
}
