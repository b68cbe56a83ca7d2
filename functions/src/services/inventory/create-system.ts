import { DatarunError, problem } from '../../core/errors.ts';
import type { InformationSystem, StoredSystem } from '../../core/inventory/information-system.ts';
import { systemProblems } from '../../core/inventory/system-edit.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard } from '../sharing/guard.ts';
import { catalogContext } from './inventory-checks.ts';
import { auditingRefusals } from '../sharing/guard.ts';
import type { InventoryDeps } from './inventory-deps.ts';

/**
 * Adds a system to an agency's inventory, at revision 1: its owner's provider or an admin
 * may. An owner that is not a published agency (400 `owner`), an entry not in the share
 * catalog (400 `feeds.N`), an id already used (409 `id`) or a name the owner already lists
 * (409 `name.zh`, compared after NFKC, without case or spaces) stores nothing; the attempt is
 * audited as failed. A created system is audited as `system.create`.
 */
export async function createSystem(
  deps: InventoryDeps,
  identity: Identity | undefined,
  input: InformationSystem,
): Promise<StoredSystem> {
  const subject = `system:${input.id}`;
  const actor = await guard(deps, identity, 'system.create', { provider: input.owner }, subject);
  return auditingRefusals(deps, { actor, action: 'system.create', subject }, async () => {
    const [context, stored] = await Promise.all([catalogContext(deps), deps.systems.all()]);
    const problems = systemProblems(input, stored, context);
    if (problems.length > 0) throw new DatarunError(problems);
    const system: StoredSystem = { ...input, revision: 1 };
    try {
      await deps.systems.create(system);
    } catch (error) {
      // Someone else created the same id between the read and the write.
      if (error instanceof DatarunError && error.code === 'conflict')
        throw new DatarunError(
          problem('conflict', `id "${input.id}" is taken by another system; choose another`, {
            field: 'id',
          }),
        );
      throw error;
    }
    await deps.audit.append({
      at: new Date(deps.now()).toISOString(),
      actor,
      action: 'system.create',
      subject,
      outcome: 'ok',
      details: {
        owner: system.owner,
        name: system.name.zh,
        level: system.level,
        network: system.network,
        connected: system.connected,
        feeds: system.feeds,
        revision: system.revision,
      },
    });
    return system;
  });
}
