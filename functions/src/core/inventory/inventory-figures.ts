import { SYSTEM_LEVELS, SYSTEM_NETWORKS } from './information-system.ts';
import type { InformationSystem, SystemLevel, SystemNetwork } from './information-system.ts';

/** Connection figures of a set of systems. */
export type InventoryFigures = {
  systems: number;
  /** Systems connected to the sharing platform. */
  connected: number;
  /** `connected / systems`, between 0 and 1; null when there are no systems. */
  connectionRate: number | null;
  byLevel: Record<SystemLevel, number>;
  byNetwork: Record<SystemNetwork, number>;
};

/** A system that feeds catalog entries but is not connected (数据断头路). */
export type DeadEnd = {
  system: string;
  owner: string;
  /** The entries whose data cannot reach the platform through this system. */
  entries: readonly string[];
};

/** The inventory's figures per owning agency (by code) and overall, with its dead ends. */
export type InventoryReport = {
  overall: InventoryFigures;
  agencies: readonly { agency: string; figures: InventoryFigures }[];
  /** Sorted by owner, then system id. */
  deadEnds: readonly DeadEnd[];
};

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Counts, connection rate and level and network breakdown of some systems. */
export function inventoryFigures(systems: readonly InformationSystem[]): InventoryFigures {
  const byLevel = zeros(SYSTEM_LEVELS);
  const byNetwork = zeros(SYSTEM_NETWORKS);
  let connected = 0;
  for (const system of systems) {
    byLevel[system.level]++;
    byNetwork[system.network]++;
    if (system.connected) connected++;
  }
  return {
    systems: systems.length,
    connected,
    connectionRate: systems.length === 0 ? null : connected / systems.length,
    byLevel,
    byNetwork,
  };
}

/** Whether a system is where shared data stops: it feeds entries and is not connected. */
export function isDeadEnd(system: InformationSystem): boolean {
  return !system.connected && system.feeds.length > 0;
}

/** Systems that feed at least one entry and are not connected, by owner then id. */
export function deadEnds(systems: readonly InformationSystem[]): DeadEnd[] {
  return systems
    .filter(isDeadEnd)
    .map((system) => ({ system: system.id, owner: system.owner, entries: [...system.feeds] }))
    .sort((a, b) => byText(a.owner, b.owner) || byText(a.system, b.system));
}

/**
 * The inventory page's figures: every agency that owns at least one system, sorted by code,
 * the whole inventory, and the 数据断头路 to close.
 */
export function inventoryReport(systems: readonly InformationSystem[]): InventoryReport {
  const owned = new Map<string, InformationSystem[]>();
  for (const system of systems) {
    const list = owned.get(system.owner) ?? [];
    list.push(system);
    owned.set(system.owner, list);
  }
  return {
    overall: inventoryFigures(systems),
    agencies: [...owned]
      .sort(([a], [b]) => byText(a, b))
      .map(([agency, list]) => ({ agency, figures: inventoryFigures(list) })),
    deadEnds: deadEnds(systems),
  };
}
