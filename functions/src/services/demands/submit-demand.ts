import { newDemand } from '../../core/demands/demand-machine.ts';
import type { Demand } from '../../core/demands/demand.ts';
import { DatarunError, problem } from '../../core/errors.ts';
import type { Identity } from '../../core/identity/identity.ts';
import { guard } from '../sharing/guard.ts';
import type { DemandDeps } from './demand-deps.ts';
import { recordDemandStep } from './record-demand-step.ts';
import { auditingRefusals } from '../sharing/guard.ts';

/**
 * A consumer records data their agency needs (需求清单): checked, stored as `submitted`,
 * audited as `demand.submit` and notified to the reviewers, who assign it to a provider. A
 * `relatedEntry` must be an entry of the share catalog; a refused input is audited as failed.
 */
export async function submitDemand(
  deps: DemandDeps,
  identity: Identity | undefined,
  input: unknown,
): Promise<Demand> {
  const id = deps.newId('dm');
  const subject = `demand:${id}`;
  const actor = await guard(deps, identity, 'demand.submit', {}, subject);
  const attempt = { actor, action: 'demand.submit', subject };
  const demand = await auditingRefusals(deps, attempt, async () => {
    const recorded = newDemand({ id, input, requester: actor, nowMs: deps.now() });
    const related = recorded.input.relatedEntry;
    if (related && !(await deps.shareCatalog()).entries.has(related))
      throw new DatarunError(
        problem(
          'invalid-field',
          `no entry ${related} in the share catalog; name the entry that holds the data, or leave relatedEntry out`,
          { field: 'relatedEntry' },
        ),
      );
    await deps.demands.create(recorded);
    return recorded;
  });
  await recordDemandStep(deps, { ...attempt, event: 'submit', after: demand });
  return demand;
}
