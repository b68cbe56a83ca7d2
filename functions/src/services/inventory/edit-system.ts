import { DatarunError, problem } from '../../core/errors.ts';
import type { StoredSystem } from '../../core/inventory/information-system.ts';
import { applySystemEdit, systemProblems } from '../../core/inventory/system-edit.ts';
import type { SystemEdit } from '../../core/inventory/system-edit.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard } from '../sharing/guard.ts';
import { catalogContext } from './inventory-checks.ts';
import { auditingRefusals } from '../sharing/guard.ts';
import type { InventoryDeps } from './inventory-deps.ts';

/**
 * Changes a stored system (name, level, network, connection, fed entries, description, link;
 * never its id or owner): its owner's provider or an admin may. The edit names the revision
 * it was made on, and the write is conditional on it, so of two people editing at once one
 * wins and the other gets a 409 with nothing changed. A name the owner already lists (409
 * `set.name.zh`) or an entry not in the share catalog (400 `set.feeds.N`) stores nothing;
 * refusals are audited as failed, a change as `system.edit` with each changed field's value
 * before and after. An edit that changes nothing stores and logs nothing.
 */
export async function editSystem(
  deps: InventoryDeps,
  identity: Identity | undefined,
  id: string,
  edit: SystemEdit,
): Promise<StoredSystem> {
  const stored = await deps.systems.get(id);
  if (!stored)
    throw new DatarunError(
      problem('not-found', `no system ${id} in the inventory`, { field: 'id' }),
    );
  const subject = `system:${id}`;
  const actor = await guard(deps, identity, 'system.edit', { provider: stored.owner }, subject);
  return auditingRefusals(deps, { actor, action: 'system.edit', subject }, async () => {
    const { next, changes } = applySystemEdit(stored, edit);
    if (Object.keys(changes).length === 0) return stored;
    const [context, all] = await Promise.all([catalogContext(deps), deps.systems.all()]);
    const others = all.filter((system) => system.id !== id);
    // Only what the edit changes is checked: a stored value the catalog no longer knows
    // must not block turning on `connected`.
    const problems = systemProblems(next, others, context, 'set.').filter((found) =>
      Object.keys(changes).some((field) => found.field?.startsWith(`set.${field}`)),
    );
    if (problems.length > 0) throw new DatarunError(problems);
    try {
      await deps.systems.replace(next);
    } catch (error) {
      if (error instanceof DatarunError && error.code === 'conflict')
        throw new DatarunError(
          problem(
            'conflict',
            `system ${id} was changed by someone else meanwhile; reload it and make your change again`,
            { field: 'revision' },
          ),
        );
      throw error;
    }
    await deps.audit.append({
      at: new Date(deps.now()).toISOString(),
      actor,
      action: 'system.edit',
      subject,
      outcome: 'ok',
      details: { owner: next.owner, revision: next.revision, changes },
    });
    return next;
  });
}
