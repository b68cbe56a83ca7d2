import type { Demand } from './demand.ts';
import { isOverdue } from './demand-machine.ts';

/** How a providing agency keeps its responsibility items (责任清单). */
export type ProviderDemandFigures = {
  provider: string;
  /** Items it accepted, whatever became of them since. */
  accepted: number;
  /** Of those, fulfilled. */
  fulfilled: number;
  /** Accepted, not fulfilled, and past their due date today. */
  overdue: number;
  /** Fulfilled on or before their due date. */
  fulfilledOnTime: number;
  /** `fulfilledOnTime / fulfilled`, between 0 and 1; null when nothing was fulfilled. */
  onTimeRate: number | null;
};

/**
 * Responsibility-item figures per providing agency, sorted by agency code, for reviewers and
 * the quality figures. Only demands a provider accepted count: a demand still waiting for a
 * provider, returned, declined or withdrawn is nobody's responsibility yet. An item fulfilled
 * on its due date is on time; `today` (YYYY-MM-DD) decides what is overdue.
 */
export function demandFigures(demands: readonly Demand[], today: string): ProviderDemandFigures[] {
  const byProvider = new Map<string, ProviderDemandFigures>();
  for (const demand of demands) {
    if (!demand.provider || !demand.responsibility) continue;
    const figures = byProvider.get(demand.provider) ?? {
      provider: demand.provider,
      accepted: 0,
      fulfilled: 0,
      overdue: 0,
      fulfilledOnTime: 0,
      onTimeRate: null,
    };
    byProvider.set(demand.provider, figures);
    figures.accepted++;
    if (isOverdue(demand, today)) figures.overdue++;
    if (demand.state === 'fulfilled' && demand.fulfilment) {
      figures.fulfilled++;
      if (demand.fulfilment.on <= demand.responsibility.dueOn) figures.fulfilledOnTime++;
    }
  }
  return [...byProvider.values()]
    .map((figures) => ({
      ...figures,
      onTimeRate: figures.fulfilled === 0 ? null : figures.fulfilledOnTime / figures.fulfilled,
    }))
    .sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
}
