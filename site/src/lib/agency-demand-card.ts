/**
 * One demand as the demands page shows it: its state as text, an overdue badge, what was asked
 * and why, the responsibility item it became and what fulfilled it, its steps, and a button for
 * each step the API says this person may take now (`allowed`), with the small form each needs.
 * After a step the card is drawn again from the answer and its title takes the focus; a 409
 * means the state moved on, so the card is reloaded and says so.
 */
import { clearProblems, definitionList, el, inLang, showProblems } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { DEMAND_ACTIONS, fulfilmentLink } from './agency-demand-text.ts';
import type { DemandView } from './agency-demand-text.ts';
import {
  addDays,
  beijingDay,
  codeSlug,
  formatDay,
  formatInstant,
  labelOr,
  portalPath,
  textLang,
} from './agency-text.ts';

/** What a card needs besides the demand: the agencies a reviewer may assign it to. */
export type DemandCardContext = {
  providers: Map<string, { zh: string; en?: string }>;
  /** The title's heading level: h4 where cards sit under a provider's heading. */
  heading: 'h3' | 'h4';
};

/** Draws a demand as an `<article>` whose buttons act on it. */
export async function demandCard(
  portal: Portal,
  demand: DemandView,
  context: DemandCardContext,
): Promise<HTMLElement> {
  const { tr, lang } = portal;
  const { id, input } = demand;
  const data = (text: string) => ({ text, lang: textLang(text) });
  const titleId = `${id}-title`;
  const title = el(
    context.heading,
    { id: titleId, tabindex: -1 },
    inLang('span', data(input.title), lang),
  );
  const state = labelOr(tr, `agency.demands.state.${demand.state}`, demand.state);
  const badges = el(
    'p',
    { class: 'badges request-badges' },
    el(
      'span',
      { class: 'state-badge', 'data-state': demand.state },
      tr('agency.demands.stateIs', { state }),
    ),
    demand.overdue && el('span', { class: 'badge overdue-badge' }, tr('agency.demands.overdue')),
  );
  const entryLink = (code: string) =>
    el('a', { href: portalPath(lang, `/datasets/${codeSlug(code)}/`) }, el('code', {}, code));
  const link = demand.fulfilment?.link;
  const responsibility = demand.responsibility;
  const details = definitionList('request-meta', [
    [tr('agency.demands.requester'), (await portal.agencyName(demand.requester.agency)).text],
    [
      tr('agency.demands.provider'),
      demand.provider
        ? inLang('span', await portal.agencyName(demand.provider), lang)
        : tr('agency.demands.unassigned'),
    ],
    [tr('agency.demands.description'), inLang('span', data(input.description), lang)],
    [
      tr('agency.demands.fields'),
      input.fields.flatMap((field, i) => [i > 0 ? ', ' : '', el('code', {}, field)]),
    ],
    [tr('agency.demands.purpose'), inLang('span', data(input.purpose), lang)],
    [tr('agency.demands.legalBasis'), inLang('span', data(input.legalBasis), lang)],
    [tr('agency.demands.relatedEntry'), input.relatedEntry ? entryLink(input.relatedEntry) : ''],
    [
      tr('agency.demands.kind'),
      responsibility
        ? labelOr(tr, `agency.demands.kind.${responsibility.kind}`, responsibility.kind)
        : '',
    ],
    [tr('agency.demands.dueOn'), responsibility ? formatDay(responsibility.dueOn, lang) : ''],
    [
      tr('agency.demands.note'),
      responsibility?.note ? inLang('span', data(responsibility.note), lang) : '',
    ],
    [
      tr('agency.demands.fulfilledBy'),
      link
        ? 'entry' in link
          ? [tr('agency.demands.linkEntry'), ' ', entryLink(link.entry)]
          : [tr('agency.demands.linkGrant'), ' ', el('code', {}, link.grant)]
        : '',
    ],
    [
      tr('agency.demands.fulfilledOn'),
      demand.fulfilment ? formatDay(demand.fulfilment.on, lang) : '',
    ],
    [tr('agency.demands.id'), el('code', {}, id)],
  ]);
  const steps = el('ol', {});
  for (const step of demand.history)
    steps.append(
      el(
        'li',
        {},
        el('time', { datetime: step.at }, formatInstant(step.at, lang)),
        ` · ${step.actor.name} · ${labelOr(tr, `agency.demands.event.${step.event}`, step.event)}`,
        ` → ${labelOr(tr, `agency.demands.state.${step.to}`, step.to)}`,
        step.reason ? ` · ${tr('agency.demands.reasonWas', { reason: step.reason })}` : '',
      ),
    );
  const history = el(
    'details',
    { class: 'request-history' },
    el('summary', {}, tr('agency.demands.history', { n: demand.history.length })),
    steps,
  );
  const article = el(
    'article',
    {
      class: 'request-card',
      id: `demand-${id}`,
      'aria-labelledby': titleId,
      'data-demand': id,
      'data-state': demand.state,
    },
    title,
    badges,
    details,
    history,
  );

  const panel = el('div', { class: 'request-panel' });
  const actions = el('div', {
    class: 'request-actions',
    role: 'group',
    'aria-label': tr('agency.demands.actionGroup', { title: input.title }),
  });
  const replace = async (next: DemandView, message: string) => {
    const card = await demandCard(portal, next, context);
    article.replaceWith(card);
    card.querySelector<HTMLElement>(`#${CSS.escape(titleId)}`)!.focus();
    portal.announce(message);
  };
  const reload = async () => {
    const fresh = await portal.call<DemandView>('GET', `/api/v1/demands/${id}`);
    if (fresh.ok) await replace(fresh.data, tr('agency.demands.conflict'));
    else portal.announce(`${tr('agency.demands.conflict')} ${portal.failure(fresh)}`);
  };
  const step = async (event: string, body: unknown, form: HTMLFormElement) => {
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    portal.announce(tr('agency.common.sending'));
    const answer = await portal.call<DemandView>('POST', `/api/v1/demands/${id}/${event}`, body);
    submit.disabled = false;
    if (answer.ok) return replace(answer.data, tr(`agency.demands.done.${event}`));
    if (answer.status === 409) return reload();
    if (answer.status === 400) {
      const { focus, unplaced } = showProblems(form, answer.errors);
      portal.announce([tr('agency.form.fixFields'), ...unplaced].join(' '));
      focus?.focus();
      return;
    }
    portal.announce(portal.failure(answer));
  };

  for (const action of DEMAND_ACTIONS) {
    if (!demand.allowed.includes(action)) continue;
    const button = el(
      'button',
      {
        class: ['assign', 'accept', 'fulfil'].includes(action) ? 'button' : 'button secondary',
        type: 'button',
        'data-action': action,
      },
      tr(`agency.demands.action.${action}`),
    );
    actions.append(button);
    button.addEventListener('click', () => {
      const form = stepForm(portal, demand, action, context);
      form.addEventListener('submit', (submitted) => {
        submitted.preventDefault();
        clearProblems(form);
        const body = stepBody(portal, form, action);
        if ('problems' in body) {
          showProblems(form, body.problems).focus?.focus();
          portal.announce(tr('agency.form.fixFields'));
          return;
        }
        void step(action, body.body, form);
      });
      form.querySelector('[data-cancel]')!.addEventListener('click', () => {
        panel.replaceChildren();
        button.focus();
      });
      panel.replaceChildren(form);
      form.querySelector<HTMLElement>('input, select, textarea')?.focus();
    });
  }
  if (actions.childElementCount > 0) article.append(actions, panel);
  return article;
}

type Body = { body: unknown } | { problems: { field: string; message: string }[] };

/** The body of a step from its form, or the problems to fix first. */
function stepBody(portal: Portal, form: HTMLFormElement, action: string): Body {
  const { tr } = portal;
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '').trim();
  const need = (field: string) => ({ problems: [{ field, message: tr('agency.form.needText') }] });
  switch (action) {
    case 'assign':
      return text('provider') ? { body: { provider: text('provider') } } : need('provider');
    case 'decline':
    case 'return':
      return text('reason') ? { body: { reason: text('reason') } } : need('reason');
    case 'withdraw':
      return { body: text('reason') ? { reason: text('reason') } : {} };
    case 'accept': {
      if (!text('kind')) return need('kind');
      if (!text('dueOn')) return need('dueOn');
      const note = text('note');
      return { body: { kind: text('kind'), dueOn: text('dueOn'), ...(note && { note }) } };
    }
    default: {
      const link = fulfilmentLink(text('link'));
      return link
        ? { body: { link } }
        : { problems: [{ field: 'link', message: tr('agency.demands.badLink') }] };
    }
  }
}

/** A labelled control with its error slot. */
function control(
  id: string,
  name: string,
  label: string,
  requirement: HTMLElement,
  input: HTMLElement,
  hint?: string,
): HTMLElement {
  input.id = id;
  input.setAttribute('name', name);
  input.setAttribute(
    'aria-describedby',
    [hint ? `${id}-hint` : '', `${id}-error`].filter(Boolean).join(' '),
  );
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label, ' ', requirement),
    input,
    hint ? el('p', { class: 'field-hint', id: `${id}-hint` }, hint) : '',
    el('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': name }),
  );
}

/** The form of one step. */
function stepForm(
  portal: Portal,
  demand: DemandView,
  action: string,
  context: DemandCardContext,
): HTMLFormElement {
  const { tr, lang } = portal;
  const requiredMark = (required: boolean) =>
    el(
      'span',
      { class: 'field-required' },
      tr(required ? 'agency.form.required' : 'agency.form.optional'),
    );
  const base = `${demand.id}-${action}`;
  const reason = (required: boolean) =>
    control(
      `${base}-reason`,
      'reason',
      tr('agency.action.reason'),
      requiredMark(required),
      el('textarea', { rows: 3, maxlength: 1000, required }),
    );
  const controls: HTMLElement[] = [];
  if (action === 'assign') {
    const select = el('select', { required: true });
    select.append(el('option', { value: '' }, tr('agency.demands.chooseProvider')));
    for (const [code, name] of context.providers)
      select.append(
        el('option', { value: code }, `${lang === 'en' && name.en ? name.en : name.zh} (${code})`),
      );
    controls.push(
      control(
        `${base}-provider`,
        'provider',
        tr('agency.demands.provider'),
        requiredMark(true),
        select,
      ),
    );
  } else if (action === 'accept') {
    // A demand about an entry that exists asks for a wider share; otherwise for a new entry.
    const suggested = demand.input.relatedEntry ? 'widen-share' : 'create-entry';
    const kinds = el(
      'fieldset',
      { class: 'field', 'data-group': 'kind', 'aria-describedby': `${base}-kind-error` },
      el('legend', {}, tr('agency.demands.kind'), ' ', requiredMark(true)),
      ...['create-entry', 'widen-share'].map((kind) =>
        el(
          'div',
          { class: 'checkbox choice' },
          el('input', {
            type: 'radio',
            id: `${base}-kind-${kind}`,
            name: 'kind',
            value: kind,
            checked: kind === suggested,
          }),
          el('label', { for: `${base}-kind-${kind}` }, tr(`agency.demands.kind.${kind}`)),
        ),
      ),
      el('p', { class: 'field-error', id: `${base}-kind-error`, 'data-error-for': 'kind' }),
    );
    const due = el('input', {
      type: 'date',
      required: true,
      min: beijingDay(Date.now()),
      value: addDays(beijingDay(Date.now()), 30),
    });
    controls.push(
      kinds,
      control(
        `${base}-due`,
        'dueOn',
        tr('agency.demands.dueOn'),
        requiredMark(true),
        due,
        tr('agency.demands.dueHint'),
      ),
      control(
        `${base}-note`,
        'note',
        tr('agency.demands.note'),
        requiredMark(false),
        el('textarea', { rows: 2, maxlength: 1000 }),
      ),
    );
  } else if (action === 'fulfil') {
    controls.push(
      control(
        `${base}-link`,
        'link',
        tr('agency.demands.link'),
        requiredMark(true),
        el('input', { type: 'text', required: true, autocomplete: 'off', spellcheck: 'false' }),
        tr('agency.demands.linkHint'),
      ),
    );
  } else controls.push(reason(action !== 'withdraw'));
  return el(
    'form',
    {
      class: 'step-form',
      novalidate: true,
      'aria-label': tr(`agency.demands.form.${action}`, { title: demand.input.title }),
    },
    ...controls,
    el(
      'div',
      { class: 'form-buttons' },
      el('button', { class: 'button', type: 'submit' }, tr(`agency.demands.confirm.${action}`)),
      el(
        'button',
        { class: 'button secondary', type: 'button', 'data-cancel': true },
        tr('agency.action.cancel'),
      ),
    ),
  );
}
