import { problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import type { InformationSystem } from './information-system.ts';

/** What the inventory's references are checked against. */
export type InventoryContext = {
  /** The file the systems came from, named in every problem. */
  file: string;
  agencyCodes: ReadonlySet<string>;
  entryCodes: ReadonlySet<string>;
};

/**
 * A name as people would compare it. NFKC first, because full-width letters and spaces are
 * common in Chinese names; then spaces dropped, since "12345 热线" and "12345热线" are one system.
 */
function nameKey(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

/**
 * Rules that span the inventory: ids unique, no agency listing the same system twice under
 * one Chinese name (compared without regard to case or spacing), owners that are known
 * agencies and fed entries that are in the catalog. Each problem names `systems[i].…`.
 */
export function checkInventory(
  systems: readonly InformationSystem[],
  context: InventoryContext,
): Problem[] {
  const { file } = context;
  const problems: Problem[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  systems.forEach((system, i) => {
    const at = (field: string) => ({ file, field: `systems[${i}].${field}` });
    const sameId = ids.get(system.id);
    if (sameId === undefined) ids.set(system.id, i);
    else
      problems.push(
        problem('duplicate', `id "${system.id}" is also used by systems[${sameId}]`, at('id')),
      );
    const key = `${system.owner}\u0000${nameKey(system.name.zh)}`;
    const sameName = names.get(key);
    if (sameName === undefined) names.set(key, i);
    else
      problems.push(
        problem(
          'duplicate',
          `agency "${system.owner}" already lists this system as systems[${sameName}]; merge the two`,
          at('name.zh'),
        ),
      );
    if (!context.agencyCodes.has(system.owner))
      problems.push(
        problem(
          'unknown-reference',
          `unknown agency "${system.owner}"; use the code of a listed agency`,
          at('owner'),
        ),
      );
    system.feeds.forEach((code, j) => {
      if (!context.entryCodes.has(code))
        problems.push(
          problem('unknown-reference', `entry ${code} is not in the catalog`, at(`feeds[${j}]`)),
        );
    });
  });
  return problems;
}
