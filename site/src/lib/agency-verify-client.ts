/**
 * The verification page (`/agency/verify/`): the caller agency's verification services
 * (`GET /api/v1/verify`); for the one chosen, a form for one record (an input per key field
 * and per granted verifiable field) and one for a batch (CSV or JSON, up to 1,000 records),
 * both sent to `POST /api/v1/verify/{code}`; then a table of results, the counts and how many
 * distinct keys are left today. `?code=103-000004` chooses a service.
 */
import {
  clearProblems,
  definitionList,
  el,
  inLang,
  showProblems,
  startPortal,
} from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { codeSlug, formatDay, labelOr } from './agency-text.ts';
import {
  VERIFY_BATCH_LIMIT,
  VERIFY_RESULT_KEYS,
  csvHeader,
  missingKeys,
  parseBatch,
  problemRecord,
  serviceTitle,
  singleField,
  singleRecord,
} from './agency-verify-text.ts';
import type { VerifyOutcome, VerifyRecordInput, VerifyService } from './agency-verify-text.ts';

/** Starts the verification page inside `root`. */
export async function startVerify(root: HTMLElement): Promise<void> {
  const portal = startPortal(root, 'verify');
  if (!portal) return;
  const { tr } = portal;
  portal.announce(tr('agency.common.loading'));
  const answer = await portal.call<{ services: VerifyService[] }>('GET', '/api/v1/verify');
  if (!answer.ok) return portal.announce(portal.failure(answer));
  const services = answer.data.services;
  if (services.length === 0) {
    root.querySelector<HTMLElement>('[data-no-services]')!.hidden = false;
    portal.announce('');
    return;
  }
  const select = root.querySelector<HTMLSelectElement>('[data-service]')!;
  select.replaceChildren(
    ...services.map((service) =>
      el(
        'option',
        { value: service.code },
        tr('agency.verify.serviceOption', {
          code: service.code,
          title: serviceTitle(service.title, portal.lang).text,
          state: labelOr(tr, `agency.state.${service.state}`, service.state),
        }),
      ),
    ),
  );
  const wanted = new URLSearchParams(location.search).get('code');
  const chosen = services.find((service) => codeSlug(service.code) === wanted?.replace('/', '-'));
  if (chosen) select.value = chosen.code;
  root.querySelector<HTMLElement>('[data-service-field]')!.hidden = false;

  const page = verifyForms(portal);
  const show = () => page.show(services.find((service) => service.code === select.value)!);
  select.addEventListener('change', show);
  show();
  portal.announce(tr('agency.verify.servicesLoaded', { n: services.length }));
}

/** The two forms and the results, redrawn for the service chosen. */
function verifyForms(portal: Portal): { show(service: VerifyService): void } {
  const { tr, lang, root } = portal;
  const forms = root.querySelector<HTMLElement>('[data-verify-forms]')!;
  const single = root.querySelector<HTMLFormElement>('[data-verify-single]')!;
  const batch = root.querySelector<HTMLFormElement>('[data-verify-batch]')!;
  const details = root.querySelector<HTMLElement>('[data-service-details]')!;
  const inactive = root.querySelector<HTMLElement>('[data-service-inactive]')!;
  const results = root.querySelector<HTMLElement>('[data-verify-results]')!;
  let service: VerifyService | undefined;

  const input = (group: 'key' | 'fields', name: string, required: boolean) => {
    const id = `verify-${group}-${name}`;
    return el(
      'div',
      { class: 'field' },
      el(
        'label',
        { for: id },
        el('code', {}, name),
        ' ',
        el(
          'span',
          { class: 'field-required' },
          tr(required ? 'agency.form.required' : 'agency.form.optional'),
        ),
      ),
      el('input', {
        id,
        name: `${group}.${name}`,
        type: 'text',
        autocomplete: 'off',
        spellcheck: 'false',
        maxlength: 1000,
        required,
        'aria-describedby': `${id}-error`,
      }),
      el('p', { class: 'field-error', id: `${id}-error`, 'data-error-for': `${group}.${name}` }),
    );
  };

  const send = async (
    form: HTMLFormElement,
    records: VerifyRecordInput[],
    placeProblems: (problems: { field?: string; message: string }[]) => void,
  ) => {
    const current = service!;
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    submit.disabled = true;
    portal.announce(tr('agency.common.sending'));
    const answer = await portal.call<VerifyOutcome>(
      'POST',
      `/api/v1/verify/${encodeURIComponent(codeSlug(current.code))}`,
      { records },
    );
    submit.disabled = false;
    if (answer.ok) return showResults(portal, results, records, answer.data);
    if (answer.status === 400 && answer.errors.length > 0) {
      placeProblems(answer.errors);
      return;
    }
    portal.announce(portal.failure(answer));
  };

  single.addEventListener('submit', (event) => {
    event.preventDefault();
    clearProblems(single);
    const values = Object.fromEntries(
      [...new FormData(single).entries()].map(([name, value]) => [name, String(value)]),
    );
    const record = singleRecord(values, service!);
    const missing = missingKeys(record, service!);
    if (missing.length > 0) {
      showProblems(
        single,
        missing.map((field) => ({ field, message: tr('agency.form.needText') })),
      ).focus?.focus();
      portal.announce(tr('agency.form.fixFields'));
      return;
    }
    void send(single, [record], (problems) => {
      const placed = showProblems(
        single,
        problems.map((problem) => ({
          message: fieldMessage(portal, problem),
          field: singleField(problem.field),
        })),
      );
      portal.announce([tr('agency.form.fixFields'), ...placed.unplaced].join(' '));
      placed.focus?.focus();
    });
  });

  batch.addEventListener('submit', (event) => {
    event.preventDefault();
    clearProblems(batch);
    const textarea = batch.querySelector<HTMLTextAreaElement>('textarea')!;
    const read = parseBatch(textarea.value, service!);
    if ('problem' in read) {
      showProblems(batch, [
        { field: 'records', message: tr(read.problem.key, read.problem.params) },
      ]);
      textarea.focus();
      portal.announce(tr('agency.form.fixFields'));
      return;
    }
    void send(batch, read.records, (problems) => {
      // Problems of a batch are told by record number and the field the API names.
      showProblems(
        batch,
        problems.map((problem) => ({ field: 'records', message: fieldMessage(portal, problem) })),
      );
      textarea.focus();
      portal.announce(tr('agency.form.fixFields'));
    });
  });

  return {
    show(next) {
      service = next;
      results.hidden = true;
      clearProblems(single);
      clearProblems(batch);
      details.replaceChildren(
        inLang('h3', serviceTitle(next.title, lang), lang),
        definitionList('request-meta', [
          [tr('agency.entry.code'), el('code', {}, next.code)],
          [tr('agency.verify.grant'), el('code', {}, next.grant)],
          [tr('agency.list.state'), labelOr(tr, `agency.state.${next.state}`, next.state)],
          [tr('agency.verify.expiresOn'), next.expiresOn ? formatDay(next.expiresOn, lang) : ''],
          [tr('agency.verify.keyFields'), codes(next.keyFields)],
          [
            tr('agency.verify.verifiableFields'),
            next.verifiableFields.length > 0
              ? codes(next.verifiableFields)
              : tr('agency.verify.existsOnly'),
          ],
        ]),
      );
      const active = next.state === 'approved';
      inactive.hidden = active;
      inactive.textContent = active
        ? ''
        : tr('agency.verify.inactive', {
            state: labelOr(tr, `agency.state.${next.state}`, next.state),
          });
      forms.hidden = !active;
      single
        .querySelector('[data-key-inputs]')!
        .replaceChildren(...next.keyFields.map((name) => input('key', name, true)));
      const checked = single.querySelector<HTMLElement>('[data-field-group]')!;
      checked.hidden = next.verifiableFields.length === 0;
      checked
        .querySelector('[data-field-inputs]')!
        .replaceChildren(...next.verifiableFields.map((name) => input('fields', name, false)));
      batch.querySelector<HTMLTextAreaElement>('textarea')!.value = '';
      batch.querySelector('[data-batch-hint]')!.textContent = tr('agency.verify.batchHint', {
        header: csvHeader(next),
        keys: next.keyFields.join(tr('agency.common.listSeparator')),
        max: VERIFY_BATCH_LIMIT.toLocaleString(lang),
      });
    },
  };
}

function codes(names: readonly string[]): HTMLElement {
  const span = el('span', {});
  for (const [index, name] of names.entries()) {
    if (index > 0) span.append(', ');
    span.append(el('code', {}, name));
  }
  return span;
}

/** An API problem with the field it names, and the record number when it names one. */
function fieldMessage(portal: Portal, problem: { field?: string; message: string }): string {
  const record = problemRecord(problem.field);
  if (record !== undefined)
    return portal.tr('agency.verify.problemAt', {
      n: record,
      field: problem.field!,
      message: problem.message,
    });
  return problem.field
    ? portal.tr('agency.verify.problemField', { field: problem.field, message: problem.message })
    : problem.message;
}

/** Draws the results table and counts, moves the focus to them and says the counts. */
function showResults(
  portal: Portal,
  section: HTMLElement,
  records: readonly VerifyRecordInput[],
  outcome: VerifyOutcome,
): void {
  const { tr, lang } = portal;
  const number = (n: number) => n.toLocaleString(lang);
  const counts = VERIFY_RESULT_KEYS.map(([result, count]) =>
    tr('agency.verify.countOf', {
      result: tr(`agency.verify.result.${result}`),
      n: number(outcome.counts[count]),
    }),
  ).join(tr('agency.common.listSeparator'));
  const summary = tr('agency.verify.summary', {
    n: number(outcome.answers.length),
    code: outcome.code,
    version: outcome.version,
    counts,
  });
  section.querySelector('[data-verify-counts]')!.textContent = summary;
  section.querySelector('[data-verify-left]')!.textContent = tr('agency.verify.keysLeft', {
    n: number(outcome.distinctKeysLeftToday),
  });
  const head = (text: string) => el('th', { scope: 'col' }, text);
  const data = lang === 'en' ? 'zh-CN' : undefined;
  const rows = outcome.answers.map((answer) => {
    const key = records[answer.index]?.key ?? {};
    return el(
      'tr',
      { 'data-result': answer.result },
      el('td', {}, number(answer.index + 1)),
      el(
        'td',
        { lang: data },
        Object.entries(key)
          .map(([name, value]) => `${name}=${value}`)
          .join(', '),
      ),
      el(
        'td',
        {},
        el(
          'span',
          {
            class: 'state-badge',
            'data-state': answer.result === 'match' ? 'approved' : 'rejected',
          },
          labelOr(tr, `agency.verify.result.${answer.result}`, answer.result),
        ),
      ),
      el(
        'td',
        {},
        ...(answer.differing ?? []).flatMap((name, i) => [i > 0 ? ', ' : '', el('code', {}, name)]),
      ),
    );
  });
  section
    .querySelector('[data-verify-table]')!
    .replaceChildren(
      el(
        'div',
        { class: 'table-scroll' },
        el(
          'table',
          { 'data-verify-answers': true },
          el('caption', {}, tr('agency.verify.tableCaption', { n: number(rows.length) })),
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              head(tr('agency.verify.col.record')),
              head(tr('agency.verify.col.key')),
              head(tr('agency.verify.col.result')),
              head(tr('agency.verify.col.differing')),
            ),
          ),
          el('tbody', {}, ...rows),
        ),
      ),
    );
  section.hidden = false;
  section.querySelector<HTMLElement>('h2')!.focus();
  portal.announce(summary);
}
