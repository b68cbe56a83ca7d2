import type { InventoryContext } from '../../core/inventory/check-inventory.ts';
import { DatarunError } from '../../core/errors.ts';
import type { Actor } from '../../core/identity/identity.ts';
import type { InventoryDeps } from './inventory-deps.ts';

/** What a system's owner and fed entries are checked against: the share catalog as published. */
export async function catalogContext(
  deps: Pick<InventoryDeps, 'shareCatalog'>,
): Promise<Omit<InventoryContext, 'file'>> {
  const { entries, agencies } = await deps.shareCatalog();
  return {
    agencyCodes: new Set(agencies.map((agency) => agency.code)),
    entryCodes: new Set(entries.keys()),
  };
}

/**
 * Runs a change a signed-in person asked for; when it is refused (bad input, a duplicate, a
 * stale revision), the attempt is written to the audit log as `failed` with the problem as
 * the reason before the refusal goes out. Errors that are not refusals pass unlogged.
 */
export async function auditingRefusals<T>(
  deps: Pick<InventoryDeps, 'audit' | 'now'>,
  attempt: { actor: Actor; action: string; subject: string },
  change: () => Promise<T>,
): Promise<T> {
  try {
    return await change();
  } catch (error) {
    if (error instanceof DatarunError && REFUSALS.has(error.code))
      await deps.audit.append({
        at: new Date(deps.now()).toISOString(),
        ...attempt,
        outcome: 'failed',
        reason: error.problems.map((found) => found.message).join('; '),
        details: { fields: error.problems.map((found) => found.field ?? '') },
      });
    throw error;
  }
}

const REFUSALS = new Set(['invalid-field', 'conflict']);
