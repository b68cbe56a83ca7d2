/**
 * A share-catalog entry as the portal shows it: its share attributes (共享类型, 共享条件 or
 * 不予共享依据, 共享方式) and its 信息项.
 */
import type { ShareEntry } from '../../../functions/src/api/share-views.ts';
import { definitionList, el, inLang } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { formatDay, localized } from './agency-text.ts';
import { formatNumber } from './format.ts';

export type { ShareEntry };

/** Whether a request may be made for the entry (not 不予共享). */
export function requestable(entry: Pick<ShareEntry, 'shareType'>): boolean {
  return entry.shareType !== '不予共享';
}

/** The 信息项 a request may name, with the description of each where the catalog has one. */
export function entryFields(entry: ShareEntry): { name: string; description?: string }[] {
  const described = new Map(entry.items.map((item) => [item.name, item.description]));
  const names = entry.fields?.length ? entry.fields : entry.items.map((item) => item.name);
  return names.map((name) => {
    const description = described.get(name);
    return description ? { name, description } : { name };
  });
}

/** The entry's attributes as a `<dl>`: code, provider, share type and its condition or basis… */
export function entryDetails(portal: Portal, entry: ShareEntry): HTMLDListElement {
  const { tr, lang } = portal;
  const separator = tr('agency.common.listSeparator');
  return definitionList('request-meta', [
    [tr('agency.entry.code'), el('code', {}, entry.code)],
    [
      tr('agency.entry.provider'),
      inLang(
        'span',
        entry.providerName ? localized(entry.providerName, lang) : { text: entry.provider, lang },
        lang,
      ),
    ],
    [tr('agency.entry.shareType'), tr(`term.shareType.${entry.shareType}`)],
    [
      tr('agency.entry.shareCondition'),
      entry.shareCondition
        ? inLang('span', { text: entry.shareCondition, lang: 'zh-CN' }, lang)
        : '',
    ],
    [
      tr('agency.entry.shareBasis'),
      entry.shareBasis ? inLang('span', { text: entry.shareBasis, lang: 'zh-CN' }, lang) : '',
    ],
    [
      tr('agency.entry.shareMethod'),
      entry.shareMethod.map((method) => tr(`term.shareMethod.${method}`)).join(separator),
    ],
    [tr('agency.entry.updateCycle'), tr(`term.updateCycle.${entry.updateCycle}`)],
    [tr('agency.entry.modified'), formatDay(entry.modified, lang)],
    [
      tr('agency.entry.data'),
      entry.hasData
        ? entry.rowCount !== undefined
          ? tr('agency.entry.rows', { n: formatNumber(entry.rowCount, lang) })
          : tr('agency.entry.hasData')
        : tr('agency.entry.noData'),
    ],
  ]);
}

/** The entry's 信息项 in a `<details>` table (name, type, description). */
export function entryItems(portal: Portal, entry: ShareEntry): HTMLElement | undefined {
  const { tr } = portal;
  const fields = entryFields(entry);
  if (fields.length === 0) return undefined;
  const types = new Map(entry.items.map((item) => [item.name, item.type]));
  return el(
    'details',
    { class: 'entry-items' },
    el('summary', {}, tr('agency.entry.items', { n: fields.length })),
    el(
      'div',
      {
        class: 'table-scroll',
        role: 'region',
        tabindex: 0,
        'aria-label': tr('agency.entry.items', { n: fields.length }),
      },
      el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, tr('agency.entry.itemName')),
            el('th', { scope: 'col' }, tr('agency.entry.itemType')),
            el('th', { scope: 'col' }, tr('agency.entry.itemDescription')),
          ),
        ),
        el(
          'tbody',
          {},
          ...fields.map((field) => {
            const type = types.get(field.name);
            return el(
              'tr',
              {},
              el('td', {}, el('code', {}, field.name)),
              el('td', {}, type ? tr(`term.itemType.${type}`) : ''),
              el('td', {}, field.description ?? ''),
            );
          }),
        ),
      ),
    ),
  );
}
