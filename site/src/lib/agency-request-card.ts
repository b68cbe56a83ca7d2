/**
 * One share request as the portal lists it: state (as text), deadline, details, history, and a
 * button for each action the API says this person may take now, with the small form each needs
 * (a reason, the fields and expiry of an approval). After a step the card is drawn again from
 * the API's answer; a 409 means someone acted first, so the card is reloaded and says so.
 */
import type { ShareRequest } from '../../../functions/src/core/sharing/share-request.ts';
import { clearProblems, definitionList, el, inLang, showProblems } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import {
  beijingDay,
  deadlineStanding,
  deadlineText,
  formatDay,
  formatInstant,
  labelOr,
  textLang,
} from './agency-text.ts';

/** A request as the API answers it: the record and what the caller may do now. */
export type RequestView = ShareRequest & { actions: string[] };

/** The answer of `POST /api/v1/share-requests/{id}/extract`. */
type Extract = {
  url: string;
  expiresAt: string;
  fileName: string;
  fields: string[];
  label: { grant: string; code: string; version: number; issuedAt: string };
};

/** The order buttons appear in; actions the page does not know are not offered. */
const ACTION_ORDER = [
  'extract',
  'accept',
  'approve',
  'return',
  'reject',
  'resubmit',
  'withdraw',
  'revoke',
] as const;
/** Steps that need a reason, and whether it is required. */
const REASONS: Record<string, boolean> = {
  return: true,
  reject: true,
  revoke: true,
  withdraw: false,
};

/** Options of a card: marked as the one just submitted, or the one a notification is about. */
export type CardOptions = { mark?: 'submitted' | 'highlight' | undefined };

/** Draws a request as an `<article>` whose buttons act on it. */
export async function requestCard(
  portal: Portal,
  request: RequestView,
  options: CardOptions = {},
): Promise<HTMLElement> {
  const { tr, lang } = portal;
  const id = request.id;
  const list = (items: string[]) => items.join(tr('agency.common.listSeparator'));
  const [provider, requesterAgency] = await Promise.all([
    portal.agencyName(request.provider),
    portal.agencyName(request.requester.agency),
  ]);
  const titleId = `${id}-title`;
  const title = el('h3', { id: titleId, tabindex: -1 });
  title.append(inLang('span', { text: request.title, lang: textLang(request.title) }, lang));

  const badges = el(
    'p',
    { class: 'badges request-badges' },
    el(
      'span',
      { class: 'state-badge', 'data-state': request.state },
      tr('agency.request.stateIs', {
        state: labelOr(tr, `agency.state.${request.state}`, request.state),
      }),
    ),
    el('span', { class: 'badge' }, tr(`term.shareType.${request.shareType}`)),
  );
  const standing = request.due ? deadlineStanding(request.due.at, Date.now()) : undefined;
  if (standing?.kind === 'overdue' || request.overdue.length > 0)
    badges.append(el('span', { class: 'badge overdue-badge' }, tr('agency.deadline.flag')));
  if (options.mark)
    badges.append(
      el('span', { class: 'badge mark-badge' }, tr(`agency.request.mark.${options.mark}`)),
    );

  const { input } = request;
  const contact = [input.contact.name, input.contact.phone, input.contact.email].filter(Boolean);
  const details = definitionList('request-meta', [
    [tr('agency.request.code'), el('code', {}, input.code)],
    [tr('agency.request.provider'), inLang('span', provider, lang)],
    [
      tr('agency.request.requester'),
      [inLang('span', requesterAgency, lang), ` · ${request.requester.name}`],
    ],
    [tr('agency.request.created'), formatInstant(request.createdAt, lang)],
    [
      tr('agency.request.deadline'),
      request.due && standing
        ? tr('agency.request.due', {
            step: tr(`agency.step.${request.due.step}`),
            at: formatInstant(request.due.at, lang),
            standing: deadlineText(tr, standing),
          })
        : '',
    ],
    [tr('agency.request.fields'), list(input.fields)],
    [
      tr('agency.request.period'),
      tr('agency.request.periodRange', {
        from: formatDay(input.period.from, lang),
        to: formatDay(input.period.to, lang),
      }),
    ],
    [tr('agency.request.purpose'), input.purpose],
    [tr('agency.request.legalBasis'), input.legalBasis],
    [tr('agency.request.contact'), contact.join(' · ')],
    [tr('agency.request.returns'), request.returns > 0 ? String(request.returns) : ''],
    [
      tr('agency.request.grant'),
      request.grant
        ? tr('agency.request.grantText', {
            id: request.grant.id,
            fields: list(request.grant.fields),
            until: formatDay(request.grant.expiresOn, lang),
          })
        : '',
    ],
    [tr('agency.request.id'), el('code', {}, id)],
  ]);

  const history = el(
    'details',
    { class: 'request-history' },
    el('summary', {}, tr('agency.request.history', { n: request.history.length })),
  );
  const steps = el('ol', {});
  for (const step of request.history) {
    const who = await portal.agencyName(step.actor.agency);
    const change = step.from
      ? tr('agency.request.change', {
          from: labelOr(tr, `agency.state.${step.from}`, step.from),
          to: labelOr(tr, `agency.state.${step.to}`, step.to),
        })
      : labelOr(tr, `agency.state.${step.to}`, step.to);
    steps.append(
      el(
        'li',
        {},
        el('time', { datetime: step.at }, formatInstant(step.at, lang)),
        ` · ${tr('agency.request.actor', {
          name: step.actor.name,
          role: labelOr(tr, `agency.role.${step.actor.role}`, step.actor.role),
          agency: who.text,
        })} · ${labelOr(tr, `agency.event.${step.event}`, step.event)} (${change})`,
        step.reason ? ` · ${tr('agency.request.reasonWas', { reason: step.reason })}` : '',
      ),
    );
  }
  history.append(steps);

  const article = el(
    'article',
    {
      class: options.mark ? 'request-card marked' : 'request-card',
      id: `request-${id}`,
      'aria-labelledby': titleId,
      'data-request': id,
      'data-state': request.state,
    },
    title,
    badges,
    details,
    history,
  );
  const panel = el('div', { class: 'request-panel' });
  const result = el('div', { class: 'request-extract' });
  const actions = el('div', {
    class: 'request-actions',
    role: 'group',
    'aria-label': tr('agency.action.group', { title: request.title }),
  });

  const replace = async (next: RequestView, message: string) => {
    const card = await requestCard(portal, next, options);
    article.replaceWith(card);
    card.querySelector<HTMLElement>('h3')!.focus();
    portal.announce(message);
  };

  const reload = async () => {
    const fresh = await portal.call<RequestView>('GET', `/api/v1/share-requests/${id}`);
    if (fresh.ok) await replace(fresh.data, tr('agency.action.conflict'));
    else portal.announce(`${tr('agency.action.conflict')} ${portal.failure(fresh)}`);
  };

  /** Sends one step: the card is drawn again, reloaded after a 409, or the problems shown. */
  const step = async (event: string, body: unknown, form?: HTMLFormElement): Promise<void> => {
    portal.announce(tr('agency.common.sending'));
    const answer = await portal.call<RequestView>(
      'POST',
      `/api/v1/share-requests/${id}/${event}`,
      body,
    );
    if (answer.ok) return replace(answer.data, tr(`agency.action.done.${event}`));
    if (answer.status === 409) return reload();
    if (answer.status === 400 && form) {
      const { focus, unplaced } = showProblems(form, answer.errors);
      portal.announce(
        unplaced.length > 0
          ? `${tr('agency.form.fixFields')} ${unplaced.join(' ')}`
          : tr('agency.form.fixFields'),
      );
      focus?.focus();
      return;
    }
    portal.announce(portal.failure(answer));
  };

  const openPanel = (form: HTMLFormElement, opener: HTMLButtonElement) => {
    panel.replaceChildren(form);
    form.querySelector<HTMLElement>('input, textarea')?.focus();
    form.querySelector('[data-cancel]')!.addEventListener('click', () => {
      panel.replaceChildren();
      opener.focus();
    });
  };

  const extract = async (button: HTMLButtonElement) => {
    button.disabled = true;
    portal.announce(tr('agency.extract.preparing'));
    const answer = await portal.call<Extract>('POST', `/api/v1/share-requests/${id}/extract`, {});
    button.disabled = false;
    if (!answer.ok) {
      if (answer.status === 409) return reload();
      portal.announce(portal.failure(answer));
      return;
    }
    const made = answer.data;
    const headingId = `${id}-extract`;
    const link = el(
      'a',
      { class: 'button', href: made.url, download: made.fileName },
      tr('agency.extract.download', { file: made.fileName }),
    );
    result.replaceChildren(
      el(
        'section',
        { class: 'extract-label', 'aria-labelledby': headingId },
        el('h4', { id: headingId }, tr('agency.extract.title')),
        definitionList('request-meta', [
          [tr('agency.extract.grant'), el('code', {}, made.label.grant)],
          [tr('agency.extract.fields'), list(made.fields)],
          [tr('agency.extract.version'), String(made.label.version)],
          [tr('agency.extract.issued'), formatInstant(made.label.issuedAt, lang)],
          [tr('agency.extract.linkExpires'), formatInstant(made.expiresAt, lang)],
        ]),
        el('p', {}, link),
      ),
    );
    portal.announce(tr('agency.extract.ready', { file: made.fileName }));
    link.click();
  };

  for (const action of ACTION_ORDER) {
    if (!request.actions.includes(action)) continue;
    if (action === 'resubmit') {
      actions.append(
        el(
          'a',
          {
            class: 'button secondary',
            href: `${portal.path('/agency/request/')}?resubmit=${encodeURIComponent(id)}`,
          },
          tr('agency.action.resubmit'),
        ),
      );
      continue;
    }
    const button = el(
      'button',
      {
        class: action === 'extract' || action === 'accept' ? 'button' : 'button secondary',
        type: 'button',
        'data-action': action,
      },
      tr(`agency.action.${action}`),
    );
    actions.append(button);
    button.addEventListener('click', async () => {
      if (action === 'extract') return extract(button);
      if (action === 'accept') {
        button.disabled = true;
        await step('accept', {});
        button.disabled = false;
        return;
      }
      const form =
        action === 'approve' ? approveForm(portal, request) : reasonForm(portal, request, action);
      form.addEventListener('submit', async (submitted) => {
        submitted.preventDefault();
        clearProblems(form);
        const data = new FormData(form);
        const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
        if (action === 'approve') {
          const fields = data.getAll('fields').map(String);
          const expiresOn = String(data.get('expiresOn') ?? '');
          const missing = [
            ...(fields.length === 0
              ? [{ field: 'fields', message: tr('agency.form.needFields') }]
              : []),
            ...(!expiresOn ? [{ field: 'expiresOn', message: tr('agency.form.needDate') }] : []),
          ];
          if (missing.length > 0) {
            showProblems(form, missing).focus?.focus();
            portal.announce(tr('agency.form.fixFields'));
            return;
          }
          submit.disabled = true;
          await step('approve', { fields, expiresOn }, form);
        } else {
          const reason = String(data.get('reason') ?? '').trim();
          if (REASONS[action] && !reason) {
            showProblems(form, [
              { field: 'reason', message: tr('agency.form.needText') },
            ]).focus?.focus();
            portal.announce(tr('agency.form.fixFields'));
            return;
          }
          submit.disabled = true;
          await step(action, reason ? { reason } : {}, form);
        }
        submit.disabled = false;
      });
      openPanel(form, button);
    });
  }

  if (actions.childElementCount > 0) article.append(actions, panel);
  article.append(result);
  return article;
}

/** The form of a step that takes a reason (required for return, reject, revoke). */
function reasonForm(portal: Portal, request: RequestView, action: string): HTMLFormElement {
  const { tr } = portal;
  const fieldId = `${request.id}-${action}-reason`;
  const required = REASONS[action] ?? false;
  return el(
    'form',
    {
      class: 'step-form',
      novalidate: true,
      'aria-label': tr(`agency.action.form.${action}`, { title: request.title }),
    },
    el(
      'div',
      { class: 'field' },
      el(
        'label',
        { for: fieldId },
        tr('agency.action.reason'),
        el(
          'span',
          { class: 'field-required' },
          tr(required ? 'agency.form.required' : 'agency.form.optional'),
        ),
      ),
      el('textarea', {
        id: fieldId,
        name: 'reason',
        rows: 3,
        maxlength: 1000,
        required,
        'aria-describedby': `${fieldId}-error`,
      }),
      el('p', { class: 'field-error', id: `${fieldId}-error`, 'data-error-for': 'reason' }),
    ),
    el(
      'div',
      { class: 'form-buttons' },
      el('button', { class: 'button', type: 'submit' }, tr(`agency.action.confirm.${action}`)),
      el(
        'button',
        { class: 'button secondary', type: 'button', 'data-cancel': true },
        tr('agency.action.cancel'),
      ),
    ),
  );
}

/** The approval form: which of the requested fields to grant (all by default), and until when. */
function approveForm(portal: Portal, request: RequestView): HTMLFormElement {
  const { tr, lang } = portal;
  const base = `${request.id}-approve`;
  const fields = el(
    'fieldset',
    {
      class: 'field checkbox-group',
      'data-group': 'fields',
      'aria-describedby': `${base}-fields-error`,
    },
    el('legend', {}, tr('agency.approve.fields')),
    ...request.input.fields.map((name, index) =>
      el(
        'div',
        { class: 'checkbox' },
        el('input', {
          type: 'checkbox',
          id: `${base}-field-${index}`,
          name: 'fields',
          value: name,
          checked: true,
        }),
        el('label', { for: `${base}-field-${index}` }, name),
      ),
    ),
    el('p', { class: 'field-error', id: `${base}-fields-error`, 'data-error-for': 'fields' }),
  );
  const until = request.input.period.to;
  const expiry = el(
    'div',
    { class: 'field' },
    el('label', { for: `${base}-expires` }, tr('agency.approve.expiresOn')),
    el('input', {
      id: `${base}-expires`,
      type: 'date',
      name: 'expiresOn',
      value: until,
      min: beijingDay(Date.now()),
      max: until,
      required: true,
      'aria-describedby': `${base}-expires-hint ${base}-expires-error`,
    }),
    el(
      'p',
      { class: 'field-hint', id: `${base}-expires-hint` },
      tr('agency.approve.expiresHint', { until: formatDay(until, lang) }),
    ),
    el('p', { class: 'field-error', id: `${base}-expires-error`, 'data-error-for': 'expiresOn' }),
  );
  return el(
    'form',
    {
      class: 'step-form',
      novalidate: true,
      'aria-label': tr('agency.action.form.approve', { title: request.title }),
    },
    fields,
    expiry,
    el(
      'div',
      { class: 'form-buttons' },
      el('button', { class: 'button', type: 'submit' }, tr('agency.action.confirm.approve')),
      el(
        'button',
        { class: 'button secondary', type: 'button', 'data-cancel': true },
        tr('agency.action.cancel'),
      ),
    ),
  );
}
