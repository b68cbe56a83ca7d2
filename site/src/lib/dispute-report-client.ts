/**
 * The "report an error" form of an entry page (疑义数据反馈): checks what it can, sends the report
 * to `POST /api/v1/disputes` (with the portal session's token when someone is signed in in this
 * tab, else with the contact given), then shows the status link and the deadline, the API's
 * problems under the fields they name, or that the same report is already there.
 */
import { callApi } from './agency-api.ts';
import { clearProblems, el, showProblems } from './agency-portal.ts';
import { personName, readSession } from './agency-session.ts';
import { formatInstant, makeTranslator } from './agency-text.ts';
import type { PortalLang } from './agency-text.ts';
import { checkReport, disputeFailure, reportBody, statusHref } from './dispute-text.ts';
import type { ReportDraft } from './dispute-text.ts';

/** The answer to a report (`DisputeReceipt`). */
type Receipt = {
  id: string;
  state: string;
  duplicate: boolean;
  token?: string;
  statusPath?: string;
  dueAt?: string;
};

/** Starts the report form: shows it (it needs this script) and sends it. */
export function startReportForm(form: HTMLFormElement): void {
  const lang: PortalLang = form.dataset.lang === 'en' ? 'en' : 'zh-CN';
  const tr = makeTranslator(JSON.parse(form.dataset.strings ?? '{}') as Record<string, string>);
  const code = form.dataset.code!;
  const status = form.querySelector<HTMLElement>('[data-report-status]')!;
  const receipt = form.querySelector<HTMLElement>('[data-report-receipt]')!;
  const session = readSession();
  const contact = form.querySelector<HTMLFieldSetElement>('[data-contact]')!;
  if (session) {
    // Staff are known by their sign-in; the contact is for members of the public.
    contact.hidden = true;
    contact.disabled = true;
    const note = form.querySelector<HTMLElement>('[data-signed-in]')!;
    note.textContent = tr('dispute.report.signedIn', { name: personName(session.identity, lang) });
    note.hidden = false;
  }
  form.hidden = false;

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearProblems(form);
    receipt.hidden = true;
    const data = new FormData(form);
    const text = (name: string) => String(data.get(name) ?? '');
    const key: Record<string, string> = {};
    for (const input of form.querySelectorAll<HTMLInputElement>('[data-key]'))
      key[input.dataset.key!] = input.value;
    const draft: ReportDraft = {
      version: text('version'),
      rowNumber: text('row.number'),
      key,
      field: text('field'),
      description: text('description'),
      expected: text('expected'),
      evidence: text('evidence'),
      contactName: text('contact.name'),
      contactEmail: text('contact.email'),
    };
    const found = checkReport(draft, Boolean(session));
    if (found.length > 0) {
      const shown = showProblems(
        form,
        found.map((problem) => ({ field: problem.field, message: tr(problem.key) })),
      );
      status.textContent = tr('dispute.report.fixFields');
      shown.focus?.focus();
      return;
    }
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    status.textContent = tr('dispute.report.sending');
    const answer = await callApi<Receipt>('POST', '/api/v1/disputes', {
      token: session?.token,
      body: reportBody(code, draft, Boolean(session)),
    });
    submit.disabled = false;
    if (answer.ok) {
      showReceipt(answer.data);
      return;
    }
    if (answer.status === 400 || answer.status === 422) {
      const { focus, unplaced } = showProblems(form, answer.errors);
      status.textContent = [tr('dispute.report.fixFields'), answer.error, ...unplaced]
        .filter(Boolean)
        .join(' ');
      focus?.focus();
      return;
    }
    if (answer.status === 409) {
      status.textContent = tr('dispute.report.duplicate');
      return;
    }
    status.textContent = disputeFailure(tr, answer);
  });

  function showReceipt(made: Receipt): void {
    const href = made.statusPath ? statusHref(lang, made.statusPath) : undefined;
    const lines: (HTMLElement | false)[] = [
      el(
        'p',
        {},
        made.duplicate
          ? tr('dispute.report.duplicate')
          : tr('dispute.report.sent', { id: made.id }),
      ),
      Boolean(made.dueAt) &&
        el('p', {}, tr('dispute.report.due', { at: formatInstant(made.dueAt!, lang) })),
      Boolean(href) &&
        el(
          'p',
          {},
          el('a', { href: href!, 'data-status-link': true }, tr('dispute.report.statusLink')),
          ' ',
          tr('dispute.report.keepLink'),
        ),
    ];
    receipt.replaceChildren(...lines.filter((line): line is HTMLElement => line !== false));
    receipt.hidden = false;
    status.textContent = made.duplicate
      ? tr('dispute.report.duplicate')
      : tr('dispute.report.sent', { id: made.id });
    receipt.focus();
  }
}
