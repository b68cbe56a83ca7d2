/**
 * The reporter's status page (`/disputes/status/?id=…&token=…`): reads the dispute through
 * `GET /api/v1/disputes/{id}?token=…` and shows its state in words, the cell, the deadline and
 * whether it has passed, the steps so far, and, once corrected, the changed cells and the new
 * version with a link to the entry page.
 */
import { callApi } from './agency-api.ts';
import { definitionList, el } from './agency-portal.ts';
import {
  codeSlug,
  deadlineStanding,
  deadlineText,
  formatInstant,
  labelOr,
  makeTranslator,
  portalPath,
} from './agency-text.ts';
import type { PortalLang } from './agency-text.ts';
import { changesTable } from './dispute-changes.ts';
import type { ChangedCell } from './dispute-changes.ts';
import { changesCaption, disputeFailure, rowText, statusQuery, stepText } from './dispute-text.ts';

/** The status view (`DisputeStatusView`). */
type StatusView = {
  id: string;
  code: string;
  title: string;
  version: number;
  field: string;
  cell: { rowNumber: number; key?: Record<string, string>; value: string };
  description: string;
  state: string;
  createdAt: string;
  dueAt?: string;
  overdue: boolean;
  correction?: { version: number; basedOn: number; changes: ChangedCell[]; at: string };
  steps: { at: string; event: string; to: string; reason?: string }[];
};

/** Starts the status page inside `root`. */
export async function startDisputeStatus(root: HTMLElement): Promise<void> {
  const lang: PortalLang = root.dataset.lang === 'en' ? 'en' : 'zh-CN';
  const tr = makeTranslator(JSON.parse(root.dataset.strings ?? '{}') as Record<string, string>);
  const status = root.querySelector<HTMLElement>('[data-status]')!;
  const view = root.querySelector<HTMLElement>('[data-view]')!;
  const query = statusQuery(location.search);
  if (!query) {
    status.textContent = tr('dispute.status.missing');
    return;
  }
  status.textContent = tr('dispute.status.loading');
  const answer = await callApi<StatusView>(
    'GET',
    `/api/v1/disputes/${encodeURIComponent(query.id)}?token=${encodeURIComponent(query.token)}`,
  );
  if (!answer.ok) {
    status.textContent =
      answer.status === 404 || answer.status === 403 || answer.status === 401
        ? tr('dispute.status.notFound')
        : disputeFailure(tr, answer);
    return;
  }
  const dispute = answer.data;
  const data = lang === 'en' ? 'zh-CN' : undefined;
  const state = labelOr(tr, `dispute.state.${dispute.state}`, dispute.state);
  const entryHref = portalPath(lang, `/datasets/${codeSlug(dispute.code)}/`);
  const standing = dispute.dueAt ? deadlineStanding(dispute.dueAt, Date.now()) : undefined;
  const heading = el(
    'h2',
    { id: 'dispute-title' },
    el('a', { href: entryHref, lang: data }, dispute.title),
  );
  const badges = el(
    'p',
    { class: 'badges request-badges' },
    el(
      'span',
      { class: 'state-badge', 'data-state': dispute.state },
      tr('dispute.stateIs', { state }),
    ),
    dispute.overdue && el('span', { class: 'badge overdue-badge' }, tr('dispute.overdueFlag')),
  );
  const details = definitionList('request-meta', [
    [tr('dispute.field.id'), el('code', {}, dispute.id)],
    [tr('dispute.field.code'), el('code', {}, dispute.code)],
    [tr('dispute.field.version'), tr('dispute.versionN', { n: dispute.version })],
    [tr('dispute.field.row'), rowText(tr, dispute.cell)],
    [tr('dispute.field.field'), el('code', { lang: data }, dispute.field)],
    [
      tr('dispute.field.value'),
      el('span', { lang: data }, dispute.cell.value || tr('dispute.empty')),
    ],
    [tr('dispute.field.description'), el('span', { lang: data }, dispute.description)],
    [tr('dispute.field.reported'), formatInstant(dispute.createdAt, lang)],
    [
      tr('dispute.field.due'),
      dispute.dueAt && standing
        ? tr('dispute.dueText', {
            at: formatInstant(dispute.dueAt, lang),
            standing: deadlineText(tr, standing),
          })
        : '',
    ],
  ]);
  const steps = el('ol', { class: 'dispute-steps' });
  for (const step of dispute.steps)
    steps.append(
      el(
        'li',
        {},
        el('time', { datetime: step.at }, formatInstant(step.at, lang)),
        ` · ${stepText(tr, step.event, step.to)}`,
        step.reason ? ` · ${tr('dispute.reasonWas', { reason: step.reason })}` : '',
      ),
    );
  const parts: HTMLElement[] = [
    heading,
    badges,
    details,
    el(
      'section',
      { class: 'section', 'aria-labelledby': 'steps-title' },
      el('h2', { id: 'steps-title' }, tr('dispute.steps')),
      steps,
    ),
  ];
  const correction = dispute.correction;
  if (correction)
    parts.push(
      el(
        'section',
        { class: 'section', 'aria-labelledby': 'correction-title', 'data-correction': true },
        el('h2', { id: 'correction-title' }, tr('dispute.correction.title')),
        el(
          'p',
          {},
          tr('dispute.correction.published', {
            version: correction.version,
            from: correction.basedOn,
            at: formatInstant(correction.at, lang),
          }),
          ' ',
          el('a', { href: `${entryHref}#corrections` }, tr('dispute.correction.entryLink')),
        ),
        changesTable(tr, lang, changesCaption(tr, correction.changes.length), correction.changes),
      ),
    );
  view.replaceChildren(
    el('article', { class: 'request-card', 'aria-labelledby': 'dispute-title' }, ...parts),
  );
  status.textContent = tr('dispute.stateIs', { state });
}
