import * as z from 'zod';
import type { CatalogEntryInput } from '../schemas/catalog-entry.ts';
import type { ResourceFormat, ShareMethod } from '../schemas/vocabulary.ts';
import type { ForeignDataset } from './foreign-dataset.ts';
import { parseForeignDate } from './foreign-dates.ts';
import { hasCjk, textOf } from './foreign-values.ts';
import { mapCategory } from './map-category.ts';
import { mapOpenType } from './map-open-type.ts';
import { mapResourceFormat } from './map-resource-format.ts';
import { mapUpdateCycle } from './map-update-cycle.ts';
import type { SourceFieldNames } from './source-fields.ts';

/** What happened to one of our fields for one record: taken from the source, or defaulted. */
export type FieldNote = { field: string; how: 'mapped' | 'defaulted'; value?: string };

/** One record in our vocabulary: every entry field but code and provider. */
export type MappedRecord = {
  entry: Omit<CatalogEntryInput, 'code' | 'provider'>;
  notes: FieldNote[];
  /** Source field names whose values were not carried over. */
  dropped: string[];
};

/** Our values where the source gives none, as the report names them. */
const DEFAULTS = {
  abstract: 'the title',
  category: '部门',
  format: '电子文件',
  shareType: '无条件共享',
  shareMethod: '服务接口 → 接口, 数据库 → 库表, else 文件',
  openType: '无条件开放',
  openCondition: '经申请审核后开放',
  updateCycle: '不定期',
  issued: 'modified',
  modified: 'issued (absent or earlier)',
  level: '1',
} as const;

const SHARE_METHOD: Partial<Record<ResourceFormat, ShareMethod>> = {
  服务接口: '接口',
  数据库: '库表',
};
const Email = z.email();
const Url = z.url();

/** Maps a foreign record's values onto our vocabulary, or says why it cannot be. */
export function mapRecord(
  record: ForeignDataset,
  platform: string,
  names: SourceFieldNames,
): MappedRecord | string {
  const notes: FieldNote[] = [];
  const dropped = [...record.dropped];
  const note = (field: string, value?: string) =>
    notes.push(value === undefined ? { field, how: 'mapped' } : { field, how: 'defaulted', value });
  const drop = (name: string, value: unknown) => textOf(value) !== undefined && dropped.push(name);

  const issued = parseForeignDate(record.issued);
  const modified = parseForeignDate(record.modified);
  if (issued === undefined) drop(names.issued, record.issued);
  if (modified === undefined) drop(names.modified, record.modified);
  if (issued === undefined && modified === undefined)
    return `no issued or modified date (${names.issued} ${show(record.issued)}, ${names.modified} ${show(record.modified)})`;
  note('issued', issued === undefined ? DEFAULTS.issued : undefined);
  const last = modified !== undefined && (issued === undefined || modified >= issued);
  note('modified', last ? undefined : DEFAULTS.modified);

  const title = localized(record.title.zh, record.title.en);
  if (!title) return 'no title';
  note('title');
  const given = record.abstract?.zh ?? record.abstract?.en;
  const abstract = localized(given, record.abstract?.en) ?? title;
  note('abstract', given ? undefined : DEFAULTS.abstract);

  const category = mapCategory(record.themes, title.zh);
  note('category', category ? undefined : DEFAULTS.category);
  const format = mapResourceFormat(record.formats);
  note('format', format ? undefined : DEFAULTS.format);
  if (!format) drop(names.formats, record.formats.join(','));
  const resourceFormat = format ?? DEFAULTS.format;
  note('shareType', DEFAULTS.shareType);
  note('shareMethod', DEFAULTS.shareMethod);

  const open = record.openType ? mapOpenType(record.openType) : undefined;
  note('openType', open ? undefined : DEFAULTS.openType);
  if (!open) drop(names.openType, record.openType);
  const openType = open?.openType ?? DEFAULTS.openType;
  const condition = textOf(record.openCondition) ?? open?.condition;
  if (openType === '有条件开放')
    note('openCondition', condition ? undefined : DEFAULTS.openCondition);

  const updateCycle = record.updateCycle ? mapUpdateCycle(record.updateCycle) : undefined;
  note('updateCycle', updateCycle ? undefined : DEFAULTS.updateCycle);
  if (!updateCycle) drop(names.updateCycle, record.updateCycle);
  note('level', DEFAULTS.level);

  const keywords = [...new Set(record.keywords.map((k) => k.trim()).filter(Boolean))];
  if (keywords.length > 0) note('keywords');
  const contact = contactOf(record.contact, () => dropped.push(names.email));
  if (contact) note('contact');
  const licence = textOf(record.licence);
  if (licence) note('licence');
  const spatial = textOf(record.spatial);
  if (spatial) note('spatial');
  const temporal = temporalOf(record.temporal);
  if (temporal) note('temporal');
  else if (record.temporal && (record.temporal.start || record.temporal.end))
    dropped.push(names.temporal);
  const url = record.url && Url.safeParse(record.url).success ? record.url : undefined;
  if (record.url && !url) dropped.push(names.url);
  note('origin');

  return {
    entry: {
      title,
      abstract,
      category: category ?? DEFAULTS.category,
      format: resourceFormat,
      shareType: DEFAULTS.shareType,
      shareMethod: [SHARE_METHOD[resourceFormat] ?? '文件'],
      openType,
      ...(openType === '有条件开放' && { openCondition: condition ?? DEFAULTS.openCondition }),
      updateCycle: updateCycle ?? DEFAULTS.updateCycle,
      issued: (issued ?? modified)!,
      modified: (last ? modified : issued)!,
      level: 1,
      ...(keywords.length > 0 && { keywords }),
      ...(contact && { contact }),
      ...(licence && { licence }),
      ...(spatial && { spatial }),
      ...(temporal && { temporal }),
      origin: { platform, id: record.id, ...(url && { url }) },
      status: 'approved',
    },
    notes,
    dropped,
  };
}

/** Chinese text with its English rendering; text without Chinese characters is both. */
function localized(zh: string | undefined, en: string | undefined) {
  const main = textOf(zh) ?? textOf(en);
  if (main === undefined) return undefined;
  const english = textOf(en) ?? (hasCjk(main) ? undefined : main);
  return english ? { zh: main, en: english } : { zh: main };
}

function contactOf(contact: ForeignDataset['contact'], invalidEmail: () => void) {
  const name = textOf(contact?.name);
  const phone = textOf(contact?.phone);
  let email = textOf(contact?.email)?.replace(/^mailto:/i, '');
  if (email !== undefined && !Email.safeParse(email).success) {
    invalidEmail();
    email = undefined;
  }
  if (!name && !phone && !email) return undefined;
  return { ...(name && { name }), ...(phone && { phone }), ...(email && { email }) };
}

function temporalOf(temporal: ForeignDataset['temporal']) {
  const start = parseForeignDate(temporal?.start);
  const end = parseForeignDate(temporal?.end);
  if (start && end && end < start) return undefined;
  if (!start && !end) return undefined;
  return { ...(start && { start }), ...(end && { end }) };
}

function show(value: unknown): string {
  return value === undefined || value === null ? 'absent' : JSON.stringify(value);
}
