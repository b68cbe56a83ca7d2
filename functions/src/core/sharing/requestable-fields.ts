import type { SnapshotEntry } from '../schemas/catalog-snapshot.ts';

/**
 * The 信息项 a consumer may ask for: the entry's declared items, or, for an entry described
 * only by its data's Table Schema, the columns of its latest version.
 */
export function requestableFields(entry: Pick<SnapshotEntry, 'items' | 'latest'>): string[] {
  if (entry.items && entry.items.length > 0) return entry.items.map((item) => item.name);
  return entry.latest?.schema.fields.map((field) => field.name) ?? [];
}
