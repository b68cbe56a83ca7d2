import type { CatalogSnapshot, SnapshotEntry } from '../schemas/catalog-snapshot.ts';
import type { Agency } from '../schemas/agency.ts';
import type { Item } from '../schemas/catalog-entry.ts';

/** The columns of the 政务信息资源目录 template (core metadata), in its order. */
export const CATALOG_CSV_COLUMNS = [
  '信息资源分类',
  '信息资源名称',
  '信息资源代码',
  '信息资源提供方',
  '信息资源提供方代码',
  '信息资源摘要',
  '信息资源格式',
  '信息项信息',
  '共享类型',
  '共享条件',
  '共享方式',
  '是否向社会开放',
  '开放条件',
  '更新周期',
  '发布日期',
  '更新日期',
  '关联资源代码',
] as const;

/** Joins the parts of a list cell, as the template's own examples do. */
const LIST_SEPARATOR = '；';

/** One 信息项 as the template writes it: `名称(类型[长度])`, or `名称(类型)` without a length. */
export function describeItem(item: Item): string {
  return `${item.name}(${item.type}${item.length !== undefined ? `[${item.length}]` : ''})`;
}

/**
 * A cell a spreadsheet would not run as a formula: text starting with `=`, `+`, `-`, `@`, a tab
 * or a carriage return gets a leading apostrophe, which Excel and LibreOffice hide.
 */
export function defuseFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

/** A field quoted as RFC 4180 requires: when it holds a comma, a quote or a line break. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function row(entry: SnapshotEntry, agency: Agency | undefined): string[] {
  return [
    entry.category,
    entry.title.zh,
    entry.code,
    agency?.name.zh ?? entry.provider,
    agency?.creditCode ?? entry.provider,
    entry.abstract.zh,
    entry.format,
    entry.items.map(describeItem).join(LIST_SEPARATOR),
    entry.shareType,
    entry.shareCondition ?? entry.shareBasis ?? '',
    entry.shareMethod.join(LIST_SEPARATOR),
    entry.openType === '不予开放' ? '否' : '是',
    entry.openCondition ?? '',
    entry.updateCycle,
    entry.issued,
    entry.modified,
    entry.related.join(LIST_SEPARATOR),
  ];
}

/**
 * The public catalog as CSV in the columns of the 政务信息资源目录 template: UTF-8 with a BOM so
 * that Excel opens it as Chinese text, CRLF line ends and RFC 4180 quoting, one row per entry
 * in code order, and no cell that a spreadsheet would run as a formula.
 */
export function catalogCsv(snapshot: CatalogSnapshot): string {
  const agencies = new Map(snapshot.agencies.map((a) => [a.code, a]));
  const entries = [...snapshot.entries].sort((a, b) => (a.code < b.code ? -1 : 1));
  const lines = [
    CATALOG_CSV_COLUMNS.join(','),
    ...entries.map((entry) =>
      row(entry, agencies.get(entry.provider))
        .map((cell) => quote(defuseFormula(cell)))
        .join(','),
    ),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
