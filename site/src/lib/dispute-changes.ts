/**
 * The cells a correction changed, as a table: row, field, the value before and after. The
 * reporter's status page and the provider's disputes page both show it.
 */
import { el } from './agency-portal.ts';
import type { PortalLang, Tr } from './agency-text.ts';
import { rowText } from './dispute-text.ts';

/** One changed cell (`CellChange`). */
export type ChangedCell = {
  row: number;
  key?: Record<string, string> | undefined;
  field: string;
  before: string;
  after: string;
};

/** A captioned table of changed cells; data cells are marked Chinese on English pages. */
export function changesTable(
  tr: Tr,
  lang: PortalLang,
  caption: string,
  changes: readonly ChangedCell[],
): HTMLElement {
  const data = lang === 'en' ? 'zh-CN' : undefined;
  const head = (text: string) => el('th', { scope: 'col' }, text);
  return el(
    'div',
    { class: 'table-scroll' },
    el(
      'table',
      { class: 'corrections-table', 'data-changes': true },
      el('caption', {}, caption),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          head(tr('dispute.changes.row')),
          head(tr('dispute.changes.field')),
          head(tr('dispute.changes.before')),
          head(tr('dispute.changes.after')),
        ),
      ),
      el(
        'tbody',
        {},
        ...changes.map((change) =>
          el(
            'tr',
            {},
            el('td', {}, rowText(tr, change)),
            el('td', { lang: data }, el('code', {}, change.field)),
            el('td', { lang: data }, el('del', {}, change.before)),
            el('td', { lang: data }, el('ins', {}, change.after)),
          ),
        ),
      ),
    ),
  );
}
