import type { SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import type { LocalizedText } from '../schemas/common.ts';

/** What completeness reads of an entry; a snapshot entry or a catalog record has all of it. */
export type CompletenessInput = Pick<
  SnapshotEntry,
  | 'title'
  | 'abstract'
  | 'keywords'
  | 'contact'
  | 'licence'
  | 'openType'
  | 'spatial'
  | 'temporal'
  | 'items'
>;

/** One metadata field an entry should fill beyond the required ones. */
export type CompletenessField = {
  key: string;
  label: LocalizedText;
  /** Whether the field is expected of this entry at all; absent means always. */
  applies?(entry: CompletenessInput): boolean;
  /** How far the entry fills it: 1 filled, 0 not, a share for per-信息项 fields. */
  score(entry: CompletenessInput): number;
};

const filled = (condition: boolean): number => (condition ? 1 : 0);

/** The share of 信息项 that have something; 0 when the entry lists none. */
const shareOfItems = (
  entry: CompletenessInput,
  has: (item: SnapshotEntry['items'][number]) => boolean,
) => (entry.items.length === 0 ? 0 : entry.items.filter(has).length / entry.items.length);

/**
 * The completeness fields, chosen for what a reader or a harvester (DCAT, data.json) cannot do
 * without and the required fields do not already force. Each one is scored between 0 and 1.
 */
export const COMPLETENESS_FIELDS: readonly CompletenessField[] = [
  {
    key: 'titleEn',
    label: { zh: '英文名称', en: 'English title' },
    score: (entry) => filled(entry.title.en !== undefined),
  },
  {
    key: 'abstractEn',
    label: { zh: '英文摘要', en: 'English abstract' },
    score: (entry) => filled(entry.abstract.en !== undefined),
  },
  {
    key: 'keywords',
    label: { zh: '关键词', en: 'Keywords' },
    score: (entry) => filled(entry.keywords.length > 0),
  },
  {
    key: 'contact',
    label: { zh: '联系方式（电话或电子邮箱）', en: 'Contact (telephone or e-mail)' },
    score: (entry) => filled(Boolean(entry.contact?.email || entry.contact?.phone)),
  },
  {
    key: 'licence',
    label: { zh: '开放许可', en: 'Licence' },
    // A licence tells the public what they may do with opened data; unopened data has none.
    applies: (entry) => entry.openType !== '不予开放',
    score: (entry) => filled(entry.licence !== undefined),
  },
  {
    key: 'spatial',
    label: { zh: '空间范围', en: 'Spatial coverage' },
    score: (entry) => filled(entry.spatial !== undefined),
  },
  {
    key: 'temporal',
    label: { zh: '时间范围', en: 'Temporal coverage' },
    score: (entry) =>
      filled(entry.temporal?.start !== undefined || entry.temporal?.end !== undefined),
  },
  {
    key: 'items',
    label: { zh: '信息项', en: 'Data items (信息项)' },
    score: (entry) => filled(entry.items.length > 0),
  },
  {
    key: 'itemDescriptions',
    label: { zh: '信息项说明', en: 'Data item descriptions' },
    score: (entry) => shareOfItems(entry, (item) => Boolean(item.description?.trim())),
  },
  {
    key: 'itemNamesEn',
    label: { zh: '信息项英文名称', en: 'English names of data items' },
    score: (entry) => shareOfItems(entry, (item) => item.nameEn !== undefined),
  },
];

/**
 * How complete an entry's metadata is: the mean score (0..1) of the completeness fields that
 * apply to it (COMPLETENESS_FIELDS).
 */
export function completeness(entry: CompletenessInput): number {
  const applicable = COMPLETENESS_FIELDS.filter((field) => field.applies?.(entry) ?? true);
  const total = applicable.reduce((sum, field) => sum + field.score(entry), 0);
  return total / applicable.length;
}
