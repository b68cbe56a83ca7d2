/**
 * One dispute as the portal's disputes page shows it: state (as text), overdue flag, the cell and
 * what the reporter said, its steps, and a button for each action the API says this person may
 * take now (verify, confirm, extend, reject, dismiss, correct), with the small form each needs.
 * The correction form starts with the disputed cell and can change more cells; after it the card
 * shows the cells the new version changed. After any step the card is drawn again from the
 * answer; a 409 means someone acted first, so the card is reloaded and says so.
 */
import { clearProblems, definitionList, el, inLang, showProblems } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { deadlineStanding, deadlineText, formatInstant, labelOr, textLang } from './agency-text.ts';
import { changesTable } from './dispute-changes.ts';
import type { ChangedCell } from './dispute-changes.ts';
import { changesCaption, rowText, stepText } from './dispute-text.ts';

/** A dispute as staff see it (`DisputeStaffView`). */
export type DisputeView = {
  id: string;
  origin: string;
  input: {
    code: string;
    version: number;
    field: string;
    description: string;
    expected?: string;
    evidence?: string;
  };
  cell: { rowNumber: number; key?: Record<string, string>; value: string };
  title: string;
  provider: string;
  reporter: { name: string; agency: string; role: string };
  contact?: { name: string; email: string };
  state: string;
  createdAt: string;
  due?: { at: string; extended: boolean };
  correction?: { version: number; basedOn: number; changes: ChangedCell[]; at: string };
  crossCheck?: { check: string; reference: string; detail: string };
  history: {
    at: string;
    actor: { name: string; agency: string; role: string };
    event: string;
    to: string;
    reason?: string;
  }[];
  actions: string[];
  isOverdue: boolean;
};

/** The order buttons appear in; actions the page does not know are not offered. */
const ACTION_ORDER = ['verify', 'confirm', 'correct', 'extend', 'reject', 'dismiss'] as const;
/** Steps that take a reason (all of them require one). */
const REASON_ACTIONS = new Set(['extend', 'reject', 'dismiss']);

/** Draws a dispute as an `<article>` whose buttons act on it. */
export async function disputeCard(portal: Portal, dispute: DisputeView): Promise<HTMLElement> {
  const { tr, lang } = portal;
  const { id, input } = dispute;
  const data = (text: string) => ({ text, lang: textLang(text) });
  const titleId = `${id}-title`;
  const title = el('h3', { id: titleId, tabindex: -1 });
  title.append(inLang('span', data(dispute.title), lang));
  const standing = dispute.due ? deadlineStanding(dispute.due.at, Date.now()) : undefined;
  const badges = el(
    'p',
    { class: 'badges request-badges' },
    el(
      'span',
      { class: 'state-badge', 'data-state': dispute.state },
      tr('dispute.stateIs', {
        state: labelOr(tr, `dispute.state.${dispute.state}`, dispute.state),
      }),
    ),
    el('span', { class: 'badge' }, labelOr(tr, `dispute.origin.${dispute.origin}`, dispute.origin)),
    dispute.isOverdue && el('span', { class: 'badge overdue-badge' }, tr('dispute.overdueFlag')),
  );
  const reporter = dispute.contact
    ? `${dispute.contact.name} · ${dispute.contact.email}`
    : `${dispute.reporter.name} · ${(await portal.agencyName(dispute.reporter.agency)).text}`;
  const details = definitionList('request-meta', [
    [tr('dispute.field.code'), el('code', {}, input.code)],
    [tr('dispute.field.version'), tr('dispute.versionN', { n: input.version })],
    [tr('dispute.field.row'), rowText(tr, dispute.cell)],
    [tr('dispute.field.field'), el('code', {}, input.field)],
    [
      tr('dispute.field.value'),
      inLang('span', data(dispute.cell.value || tr('dispute.empty')), lang),
    ],
    [tr('dispute.field.description'), inLang('span', data(input.description), lang)],
    [
      tr('dispute.field.expected'),
      input.expected ? inLang('span', data(input.expected), lang) : '',
    ],
    [
      tr('dispute.field.evidence'),
      input.evidence ? inLang('span', data(input.evidence), lang) : '',
    ],
    [
      tr('dispute.field.crossCheck'),
      dispute.crossCheck
        ? tr('dispute.crossCheckText', {
            check: dispute.crossCheck.check,
            reference: dispute.crossCheck.reference,
            detail: dispute.crossCheck.detail,
          })
        : '',
    ],
    [tr('dispute.field.reporter'), reporter],
    [tr('dispute.field.reported'), formatInstant(dispute.createdAt, lang)],
    [
      tr('dispute.field.due'),
      dispute.due && standing
        ? tr(dispute.due.extended ? 'dispute.dueExtended' : 'dispute.dueText', {
            at: formatInstant(dispute.due.at, lang),
            standing: deadlineText(tr, standing),
          })
        : '',
    ],
    [tr('dispute.field.id'), el('code', {}, id)],
  ]);
  const history = el(
    'details',
    { class: 'request-history' },
    el('summary', {}, tr('dispute.history', { n: dispute.history.length })),
  );
  const steps = el('ol', {});
  for (const step of dispute.history)
    steps.append(
      el(
        'li',
        {},
        el('time', { datetime: step.at }, formatInstant(step.at, lang)),
        ` · ${step.actor.name} · ${stepText(tr, step.event, step.to)}`,
        step.reason ? ` · ${tr('dispute.reasonWas', { reason: step.reason })}` : '',
      ),
    );
  history.append(steps);

  const article = el(
    'article',
    {
      class: 'request-card',
      id: `dispute-${id}`,
      'aria-labelledby': titleId,
      'data-dispute': id,
      'data-state': dispute.state,
    },
    title,
    badges,
    details,
    history,
  );
  if (dispute.correction)
    article.append(
      el(
        'p',
        {},
        tr('dispute.correction.published', {
          version: dispute.correction.version,
          from: dispute.correction.basedOn,
          at: formatInstant(dispute.correction.at, lang),
        }),
      ),
      changesTable(
        tr,
        lang,
        changesCaption(tr, dispute.correction.changes.length),
        dispute.correction.changes,
      ),
    );

  const panel = el('div', { class: 'request-panel' });
  const actions = el('div', {
    class: 'request-actions',
    role: 'group',
    'aria-label': tr('dispute.action.group', { title: dispute.title }),
  });

  const replace = async (next: DisputeView, message: string) => {
    const card = await disputeCard(portal, next);
    article.replaceWith(card);
    card.querySelector<HTMLElement>('h3')!.focus();
    portal.announce(message);
  };
  const reload = async () => {
    const fresh = await portal.call<DisputeView>('GET', `/api/v1/disputes/${id}`);
    if (fresh.ok) await replace(fresh.data, tr('dispute.action.conflict'));
    else portal.announce(`${tr('dispute.action.conflict')} ${portal.failure(fresh)}`);
  };
  const step = async (event: string, body: unknown, form?: HTMLFormElement): Promise<void> => {
    portal.announce(tr('agency.common.sending'));
    const answer = await portal.call<DisputeView>('POST', `/api/v1/disputes/${id}/${event}`, body);
    if (answer.ok) return replace(answer.data, tr(`dispute.action.done.${event}`));
    if (answer.status === 409) return reload();
    if ((answer.status === 400 || answer.status === 422) && form) {
      const { focus, unplaced } = showProblems(form, answer.errors);
      portal.announce(
        [tr('agency.form.fixFields'), answer.error, ...unplaced].filter(Boolean).join(' '),
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

  for (const action of ACTION_ORDER) {
    if (!dispute.actions.includes(action)) continue;
    const button = el(
      'button',
      {
        class:
          action === 'verify' || action === 'confirm' || action === 'correct'
            ? 'button'
            : 'button secondary',
        type: 'button',
        'data-action': action,
      },
      tr(`dispute.action.${action}`),
    );
    actions.append(button);
    button.addEventListener('click', async () => {
      if (!REASON_ACTIONS.has(action) && action !== 'correct') {
        button.disabled = true;
        await step(action, {});
        button.disabled = false;
        return;
      }
      const form =
        action === 'correct' ? correctForm(portal, dispute) : reasonForm(portal, dispute, action);
      form.addEventListener('submit', async (submitted) => {
        submitted.preventDefault();
        clearProblems(form);
        const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
        if (action === 'correct') {
          const edits = [...form.querySelectorAll<HTMLElement>('[data-edit]')].map((row) => {
            const value = (name: string) =>
              row.querySelector<HTMLInputElement>(`[data-name="${name}"]`)!.value;
            const number = value('row').trim();
            return {
              ...(number && { row: Number(number) }),
              field: value('field').trim(),
              value: value('value'),
            };
          });
          const empty = edits.findIndex((edit) => !edit.field);
          if (empty >= 0) {
            showProblems(form, [
              { field: `edits.${empty}.field`, message: tr('agency.form.needText') },
            ]).focus?.focus();
            portal.announce(tr('agency.form.fixFields'));
            return;
          }
          const note = String(new FormData(form).get('note') ?? '').trim();
          submit.disabled = true;
          await step('correct', { edits, ...(note && { note }) }, form);
        } else {
          const reason = String(new FormData(form).get('reason') ?? '').trim();
          if (!reason) {
            showProblems(form, [
              { field: 'reason', message: tr('agency.form.needText') },
            ]).focus?.focus();
            portal.announce(tr('agency.form.fixFields'));
            return;
          }
          submit.disabled = true;
          await step(action, { reason }, form);
        }
        submit.disabled = false;
      });
      openPanel(form, button);
    });
  }
  if (actions.childElementCount > 0) article.append(actions, panel);
  return article;
}

function formButtons(portal: Portal, action: string): HTMLElement {
  return el(
    'div',
    { class: 'form-buttons' },
    el(
      'button',
      { class: 'button', type: 'submit' },
      portal.tr(`dispute.action.confirm.${action}`),
    ),
    el(
      'button',
      { class: 'button secondary', type: 'button', 'data-cancel': true },
      portal.tr('agency.action.cancel'),
    ),
  );
}

/** The form of a step that takes a reason. */
function reasonForm(portal: Portal, dispute: DisputeView, action: string): HTMLFormElement {
  const { tr } = portal;
  const fieldId = `${dispute.id}-${action}-reason`;
  return el(
    'form',
    {
      class: 'step-form',
      novalidate: true,
      'aria-label': tr(`dispute.action.form.${action}`, { title: dispute.title }),
    },
    el(
      'div',
      { class: 'field' },
      el(
        'label',
        { for: fieldId },
        tr('agency.action.reason'),
        el('span', { class: 'field-required' }, tr('agency.form.required')),
      ),
      el('textarea', {
        id: fieldId,
        name: 'reason',
        rows: 3,
        maxlength: 1000,
        required: true,
        'aria-describedby': `${fieldId}-error`,
      }),
      el('p', { class: 'field-error', id: `${fieldId}-error`, 'data-error-for': 'reason' }),
    ),
    formButtons(portal, action),
  );
}

/** One cell to change: row (blank = the disputed row), field, new value. */
function editRow(
  portal: Portal,
  base: string,
  index: number,
  field: string,
  value: string,
): HTMLElement {
  const { tr } = portal;
  const id = `${base}-${index}`;
  const control = (
    name: string,
    label: string,
    attributes: Record<string, string | number | boolean>,
  ) =>
    el(
      'div',
      { class: 'field' },
      el('label', { for: `${id}-${name}` }, label),
      el('input', {
        id: `${id}-${name}`,
        name: `edits.${index}.${name}`,
        'data-name': name,
        'aria-describedby': `${id}-${name}-error`,
        ...attributes,
      }),
      el('p', {
        class: 'field-error',
        id: `${id}-${name}-error`,
        'data-error-for': `edits.${index}.${name}`,
      }),
    );
  return el(
    'fieldset',
    { class: 'field correction-edit', 'data-edit': true, 'data-group': `edits.${index}` },
    el('legend', {}, tr('dispute.correct.cell', { n: index + 1 })),
    el(
      'div',
      { class: 'field-row' },
      control('row', tr('dispute.correct.row'), {
        type: 'number',
        min: 1,
        inputmode: 'numeric',
        placeholder: tr('dispute.correct.rowPlaceholder'),
      }),
      control('field', tr('dispute.correct.field'), { type: 'text', value: field, required: true }),
      control('value', tr('dispute.correct.value'), { type: 'text', value, maxlength: 10000 }),
    ),
    el('p', { class: 'field-error', 'data-error-for': `edits.${index}` }),
  );
}

/** The correction editor: the disputed cell first, prefilled with the expected value, and more on request. */
function correctForm(portal: Portal, dispute: DisputeView): HTMLFormElement {
  const { tr } = portal;
  const base = `${dispute.id}-edit`;
  const edits = el('div', { class: 'correction-edits' });
  edits.append(
    editRow(portal, base, 0, dispute.input.field, dispute.input.expected ?? dispute.cell.value),
  );
  const add = el(
    'button',
    { class: 'button secondary', type: 'button', 'data-add-edit': true },
    tr('dispute.correct.add'),
  );
  add.addEventListener('click', () => {
    const row = editRow(portal, base, edits.childElementCount, '', '');
    edits.append(row);
    row.querySelector<HTMLInputElement>('input')!.focus();
  });
  const noteId = `${base}-note`;
  return el(
    'form',
    {
      class: 'step-form correction-form',
      novalidate: true,
      'aria-label': tr('dispute.action.form.correct', { title: dispute.title }),
    },
    el('p', { class: 'field-hint' }, tr('dispute.correct.hint')),
    edits,
    el('p', { class: 'field-error', 'data-error-for': 'edits' }),
    el('p', {}, add),
    el(
      'div',
      { class: 'field' },
      el(
        'label',
        { for: noteId },
        tr('dispute.correct.note'),
        el('span', { class: 'field-required' }, tr('agency.form.optional')),
      ),
      el('textarea', { id: noteId, name: 'note', rows: 2, maxlength: 1000 }),
    ),
    formButtons(portal, 'correct'),
  );
}
