/**
 * The share request form (`/agency/request/?code=314-000002`): the entry's summary, then its
 * 信息项 to choose, purpose, period, legal basis and contact. An entry that offers verification
 * (查询/核验) lets the person ask for the data or for the verification service, whose fields are
 * the key fields (always included) and the verifiable ones. `?resubmit=sr_…` fills the form
 * from a returned request and sends it again. Problems the API names are shown under their
 * fields; on success the page goes to my requests with the new one marked.
 */
import { clearProblems, el, inLang, showProblems, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import type { RequestView } from './agency-request-card.ts';
import { entryDetails, entryFields, requestable } from './agency-entry.ts';
import type { ShareEntry } from './agency-entry.ts';
import { addDays, beijingDay, checkDraft, codeSlug, draftInput, localized } from './agency-text.ts';
import type { RequestDraft } from './agency-text.ts';

/** Starts the request form inside `root`. */
export async function startRequestForm(root: HTMLElement): Promise<void> {
  const portal = startPortal(root, 'request');
  if (!portal) return;
  const { tr } = portal;
  const params = new URLSearchParams(location.search);
  const resubmit = params.get('resubmit');
  let previous: RequestView | undefined;
  let slug = params.get('code') ?? '';

  if (resubmit) {
    portal.announce(tr('agency.common.loading'));
    const answer = await portal.call<RequestView>(
      'GET',
      `/api/v1/share-requests/${encodeURIComponent(resubmit)}`,
    );
    if (!answer.ok) return portal.announce(portal.failure(answer));
    previous = answer.data;
    slug = codeSlug(previous.input.code);
  }
  if (!slug) return portal.announce(tr('agency.form.noCode'));

  portal.announce(tr('agency.common.loading'));
  const found = await portal.call<ShareEntry>(
    'GET',
    `/api/v1/share-catalog/${encodeURIComponent(slug)}`,
  );
  if (!found.ok)
    return portal.announce(
      found.status === 404 && found.error
        ? tr('agency.form.notFound', { code: slug })
        : portal.failure(found),
    );
  const entry = found.data;
  showEntry(portal, entry);

  if (!requestable(entry)) {
    const refused = root.querySelector<HTMLElement>('[data-refused]')!;
    refused.textContent = tr('agency.form.refused', { basis: entry.shareBasis ?? '' });
    refused.hidden = false;
    portal.announce('');
    return;
  }
  if (entry.shareType === '无条件共享')
    root.querySelector<HTMLElement>('[data-unconditional]')!.hidden = false;
  if (previous) {
    const returned = [...previous.history].reverse().find((step) => step.event === 'return');
    const note = root.querySelector<HTMLElement>('[data-returned]')!;
    note.textContent = tr('agency.form.returned', { reason: returned?.reason ?? '' });
    note.hidden = false;
  }
  const form = root.querySelector<HTMLFormElement>('[data-request-form]')!;
  fillForm(portal, form, entry, previous);
  form.hidden = false;
  portal.announce('');

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    const draft = readDraft(form, entry);
    const problems = checkDraft(draft).map((problem) => ({
      field: problem.field,
      message: tr(problem.key),
    }));
    if (problems.length > 0) {
      showProblems(form, problems).focus?.focus();
      portal.announce(tr('agency.form.fixFields'));
      return;
    }
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    portal.announce(tr('agency.common.sending'));
    const input = {
      ...draftInput(entry.code, draft),
      ...(verifyChosen(form) && { service: 'verify' as const }),
    };
    const answer = previous
      ? await portal.call<RequestView>('POST', `/api/v1/share-requests/${previous.id}/resubmit`, {
          input,
        })
      : await portal.call<RequestView>('POST', '/api/v1/share-requests', input);
    submit.disabled = false;
    if (answer.ok) {
      portal.announce(tr('agency.form.sent'));
      location.assign(
        `${portal.path('/agency/requests/')}?submitted=${encodeURIComponent(answer.data.id)}`,
      );
      return;
    }
    if (answer.status === 400) {
      // A resubmission's problems name `input.purpose`; the form's fields are named without it.
      const named = answer.errors.map((problem) => ({
        ...problem,
        field: problem.field?.replace(/^input\./, ''),
      }));
      const { focus, unplaced } = showProblems(form, named);
      portal.announce([tr('agency.form.fixFields'), ...unplaced].join(' '));
      focus?.focus();
      return;
    }
    if (answer.status === 409 && previous) {
      portal.announce(tr('agency.form.conflict'));
      return;
    }
    portal.announce(portal.failure(answer));
  });
}

function showEntry(portal: Portal, entry: ShareEntry): void {
  const section = portal.root.querySelector<HTMLElement>('[data-entry]')!;
  const title = localized(entry.title, portal.lang);
  const abstract = localized(entry.abstract, portal.lang);
  section
    .querySelector('[data-entry-summary]')!
    .replaceChildren(
      inLang('h3', title, portal.lang),
      inLang('p', abstract, portal.lang),
      entryDetails(portal, entry),
    );
  section.hidden = false;
}

function fillForm(
  portal: Portal,
  form: HTMLFormElement,
  entry: ShareEntry,
  previous: RequestView | undefined,
): void {
  const { tr } = portal;
  const chosen = new Set(previous?.input.fields ?? []);
  const list = form.querySelector<HTMLElement>('[data-field-list]')!;
  const keyHint = tr('agency.form.keyField');
  // A verification service offers the key fields (always sent) and the verifiable ones only.
  const drawFields = (verify: boolean) => {
    const keys = new Set(verify ? entry.verification!.keyFields : []);
    const fields = verify
      ? [...entry.verification!.keyFields, ...entry.verification!.verifiableFields].map((name) => ({
          name,
          description: entryFields(entry).find((field) => field.name === name)?.description,
        }))
      : entryFields(entry);
    list.replaceChildren(
      ...fields.map((field, index) => {
        const id = `request-field-${index}`;
        const key = keys.has(field.name);
        const hint = [key ? keyHint : '', field.description ?? ''].filter(Boolean).join(' · ');
        return el(
          'div',
          { class: 'checkbox' },
          el('input', {
            type: 'checkbox',
            id,
            name: 'fields',
            value: field.name,
            checked: key || chosen.has(field.name),
            disabled: key,
            'data-key-field': key,
            'aria-describedby': hint ? `${id}-hint` : undefined,
          }),
          el('label', { for: id }, field.name),
          hint ? el('span', { class: 'field-hint', id: `${id}-hint` }, hint) : undefined,
        );
      }),
    );
  };
  const choice = form.querySelector<HTMLElement>('[data-service-choice]')!;
  if (entry.verification) {
    choice.hidden = false;
    if (previous?.input.service === 'verify')
      choice.querySelector<HTMLInputElement>('[value="verify"]')!.checked = true;
    for (const radio of choice.querySelectorAll<HTMLInputElement>('input[type="radio"]'))
      radio.addEventListener('change', () => {
        chosen.clear();
        drawFields(verifyChosen(form));
      });
  }
  drawFields(verifyChosen(form));
  const boxes = () =>
    list.querySelectorAll<HTMLInputElement>('input[type="checkbox"]:not([data-key-field])');
  form.querySelector('[data-check-all]')!.addEventListener('click', () => {
    for (const box of boxes()) box.checked = true;
  });
  form.querySelector('[data-check-none]')!.addEventListener('click', () => {
    for (const box of boxes()) box.checked = false;
  });

  const today = beijingDay(Date.now());
  const input = previous?.input;
  const set = (name: string, value: string) => {
    const control = form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement;
    control.value = value;
  };
  set('purpose', input?.purpose ?? '');
  set('period.from', input?.period.from ?? today);
  set('period.to', input?.period.to ?? addDays(today, 364));
  set('legalBasis', input?.legalBasis ?? '');
  set('contact.name', input?.contact.name ?? portal.session.identity.name);
  set('contact.phone', input?.contact.phone ?? '');
  set('contact.email', input?.contact.email ?? '');
  if (previous)
    form.querySelector('button[type="submit"]')!.textContent = tr('agency.form.resubmit');
}

/** Whether the person asks for the verification service rather than the data. */
function verifyChosen(form: HTMLFormElement): boolean {
  return (
    !form.querySelector<HTMLElement>('[data-service-choice]')!.hidden &&
    form.querySelector<HTMLInputElement>('[name="service"][value="verify"]')!.checked
  );
}

function readDraft(form: HTMLFormElement, entry: ShareEntry): RequestDraft {
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  // Key fields are checked and disabled, so FormData leaves them out: they are always sent.
  const keys = verifyChosen(form) ? (entry.verification?.keyFields ?? []) : [];
  return {
    fields: [...keys, ...data.getAll('fields').map(String)],
    purpose: text('purpose'),
    from: text('period.from'),
    to: text('period.to'),
    legalBasis: text('legalBasis'),
    contactName: text('contact.name'),
    phone: text('contact.phone'),
    email: text('contact.email'),
  };
}
