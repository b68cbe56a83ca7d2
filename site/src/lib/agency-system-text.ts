/**
 * Pure helpers of the information-system inventory page (`/agency/systems/`): who may edit a
 * system, what an edit changed, the feeds typed as text, and the connection rate in words.
 * No DOM and no zod here, so unit tests run them in Node.
 */
import type { StoredSystem } from '../../../functions/src/core/inventory/information-system.ts';
import type {
  InventoryFigures,
  InventoryReport,
} from '../../../functions/src/core/inventory/inventory-figures.ts';
import type { PortalLang, Tr } from './agency-text.ts';

/** A system as `GET /api/v1/systems` lists it. */
export type SystemView = StoredSystem & { deadEnd: boolean };

/** What `GET /api/v1/systems` answers. */
export type InventoryAnswer = { systems: SystemView[]; report: InventoryReport };

/** The values of `SYSTEM_LEVELS` and `SYSTEM_NETWORKS`, for the page's choices. */
export const LEVELS = ['国家级', '省级', '市级'] as const;
export const NETWORKS = ['互联网', '政务外网', '专网'] as const;

/** Whether someone may edit the systems of `owner`: a provider of that agency, or an admin. */
export function mayEditSystems(
  identity: { agency: string; roles: readonly string[] },
  owner: string,
): boolean {
  return (
    identity.roles.includes('admin') ||
    (identity.roles.includes('provider') && identity.agency === owner)
  );
}

/** Entry codes typed one per line or separated by commas or spaces; 314-000002 is 314/000002. */
export function feedCodes(text: string): string[] {
  return text
    .split(/[\s,，、]+/)
    .map((code) => code.trim().replace(/^(\d{3})-(\d{6})$/, '$1/$2'))
    .filter(Boolean);
}

/** What the edit form may change. */
export type SystemEdit = Pick<StoredSystem, 'level' | 'network' | 'connected' | 'feeds'>;

/** The `set` of `POST /api/v1/systems/{id}`: only what differs from the stored system. */
export function systemChanges(before: SystemEdit, after: SystemEdit): Partial<SystemEdit> {
  const set: Partial<SystemEdit> = {};
  if (after.level !== before.level) set.level = after.level;
  if (after.network !== before.network) set.network = after.network;
  if (after.connected !== before.connected) set.connected = after.connected;
  if (after.feeds.join('\n') !== before.feeds.join('\n')) set.feeds = after.feeds;
  return set;
}

/** A rate between 0 and 1 as a percentage in the page language (一位小数); none as "—". */
export function formatRate(rate: number | null, lang: PortalLang): string {
  if (rate === null) return '—';
  return new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'zh-CN', {
    style: 'percent',
    maximumFractionDigits: 1,
  }).format(rate);
}

/** "54 systems, 25 connected: 46.3%". */
export function figuresText(tr: Tr, figures: InventoryFigures, lang: PortalLang): string {
  return tr('agency.systems.figures', {
    n: figures.systems,
    connected: figures.connected,
    rate: formatRate(figures.connectionRate, lang),
  });
}

/** A system's id as the add form checks it (the API checks again). */
export const SYSTEM_ID = /^(is_[a-z0-9][a-z0-9_-]{0,62}|[a-z][a-z0-9-]{1,62})$/;
