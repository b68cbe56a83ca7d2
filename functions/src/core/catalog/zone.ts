import type { OpenType, ShareType, Level, Zone } from '../schemas/vocabulary.ts';

/** The attributes that decide where an entry's data may be stored. */
export type ExposureAttributes = { level: Level; openType: OpenType; shareType: ShareType };

/**
 * Decides the storage zone of an entry's data. Only public (level 1) data opened without
 * condition goes to `open/`, which the CDN serves to anyone. Data that some agency may receive,
 * or that the public may receive on request, goes to `shared/`, reachable only through
 * presigned URLs after an access check. Data neither shared nor opened stays in `staging/`.
 */
export function computeZone(entry: ExposureAttributes): Zone {
  if (entry.level === 1 && entry.openType === '无条件开放') return 'open';
  if (entry.shareType !== '不予共享' || entry.openType === '有条件开放') return 'shared';
  return 'staging';
}

/** Whether an entry's metadata may appear in the public catalog and its search index. */
export function isPubliclyListed(entry: { openType: OpenType }): boolean {
  return entry.openType !== '不予开放';
}
