import * as z from 'zod';
import { DatarunError, problem } from '../errors.ts';
import type { Problem } from '../errors.ts';
import { checkInventory } from './check-inventory.ts';
import type { InventoryContext } from './check-inventory.ts';
import { InformationSystemSchema, SystemFeedsSchema } from './information-system.ts';
import type { InformationSystem, StoredSystem } from './information-system.ts';

const fields = InformationSystemSchema.shape;

/** What an edit may change: everything but the id and the owner, at least one field. */
export const SystemChangesSchema = z
  .strictObject({
    name: fields.name.optional(),
    level: fields.level.optional(),
    network: fields.network.optional(),
    connected: fields.connected.optional(),
    feeds: SystemFeedsSchema.optional(),
    description: fields.description,
    url: fields.url,
  })
  .refine((set) => Object.keys(set).length > 0, 'give at least one field to change');
export type SystemChanges = z.infer<typeof SystemChangesSchema>;

/** An edit of a stored system: the revision it was read at, and the fields to set. */
export const SystemEditSchema = z.strictObject({
  revision: z
    .number()
    .int()
    .min(1)
    .describe('The revision of the system the edit was made on; a stale one is a 409'),
  set: SystemChangesSchema.describe('The fields to change, with their new values'),
});
export type SystemEdit = z.infer<typeof SystemEditSchema>;

/** A changed field's value before and after an edit, as the audit log records it. */
export type FieldChange = { before: unknown; after: unknown };

/** The system an edit makes, and the fields it really changed (none: nothing to store). */
export type EditedSystem = { next: StoredSystem; changes: Record<string, FieldChange> };

/**
 * Applies an edit to the stored system. An edit made on an older revision is a `conflict`
 * naming `revision`: someone else changed the system since it was read. Values equal to the
 * stored ones are not changes; an edit of nothing but those leaves the revision as it is.
 */
export function applySystemEdit(stored: StoredSystem, edit: SystemEdit): EditedSystem {
  if (edit.revision !== stored.revision)
    throw new DatarunError(
      problem(
        'conflict',
        `system ${stored.id} is at revision ${stored.revision}, not ${edit.revision}: someone changed it since you read it; reload it and make your change again`,
        { field: 'revision' },
      ),
    );
  const changes: Record<string, FieldChange> = {};
  for (const [field, after] of Object.entries(edit.set)) {
    const before = stored[field as keyof StoredSystem];
    if (JSON.stringify(before) !== JSON.stringify(after)) changes[field] = { before, after };
  }
  if (Object.keys(changes).length === 0) return { next: stored, changes };
  return { next: { ...stored, ...edit.set, revision: stored.revision + 1 }, changes };
}

/**
 * Checks one system against the rest of the inventory with the rules of `checkInventory`:
 * an id or (owner, name) already taken is a `conflict` (409), an unknown owner or fed entry
 * an `invalid-field` (400). Fields are named as the API body names them, under `prefix`
 * (`name.zh`, `feeds.0`; `set.name.zh` for an edit); bad input comes before conflicts.
 */
export function systemProblems(
  system: InformationSystem,
  others: readonly InformationSystem[],
  context: Omit<InventoryContext, 'file'>,
  prefix = '',
): Problem[] {
  const own = `systems[${others.length}].`;
  const found = checkInventory([...others, system], { ...context, file: '' })
    .filter((found) => found.field?.startsWith(own))
    .map((found): Problem => {
      const path = found.field!.slice(own.length);
      const field = prefix + path.replace(/\[(\d+)\]/g, '.$1');
      if (found.code !== 'duplicate') return problem('invalid-field', found.message, { field });
      const other = others[Number(/systems\[(\d+)\]/.exec(found.message)?.[1])];
      return problem(
        'conflict',
        path === 'id'
          ? `id "${system.id}" is taken by another system; choose another`
          : `agency "${system.owner}" already lists this system as ${other?.id ?? 'another system'} (${other?.name.zh ?? system.name.zh}); edit that one instead`,
        { field },
      );
    });
  return [
    ...found.filter((found) => found.code !== 'conflict'),
    ...found.filter((found) => found.code === 'conflict'),
  ];
}
