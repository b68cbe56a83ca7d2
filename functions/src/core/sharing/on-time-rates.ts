import type { HistoryStep, ShareRequest } from './share-request.ts';

/** How punctually one step is handled. */
export type OnTimeFigures = {
  /** Steps handled whose deadline is known. */
  decided: number;
  /** Of those, handled at or before their deadline. */
  onTime: number;
  /** Requests waiting on this step now whose deadline has passed. */
  overdueOpen: number;
  /** `onTime / decided`, between 0 and 1; null when nothing was decided. */
  rate: number | null;
};

/** A providing agency's decision figures. */
export type ProviderOnTime = OnTimeFigures & { provider: string };

/** Decision figures per providing agency (by code), and the platform's acceptance figures. */
export type OnTimeRates = { providers: ProviderOnTime[]; acceptance: OnTimeFigures };

/** The step that ends the one at `index`: the next that leaves its state (overdue marks stay). */
function ending(history: readonly HistoryStep[], index: number): HistoryStep | undefined {
  const state = history[index]!.to;
  return history.slice(index + 1).find((step) => step.from === state && step.to !== state);
}

function figures(): OnTimeFigures {
  return { decided: 0, onTime: 0, overdueOpen: 0, rate: null };
}

function count(target: OnTimeFigures, handled: HistoryStep, dueAt: string): void {
  target.decided++;
  if (Date.parse(handled.at) <= Date.parse(dueAt)) target.onTime++;
}

/**
 * On-time rates, read from the requests' histories. A deadline is the `due` recorded on the
 * history step that started it, so a later change of rules does not rewrite the past.
 *
 * - Decision (per provider): every step into `accepted` starts one. It is decided when the
 *   next step out of `accepted` is `approve` or `reject`, and on time when that step's `at` is
 *   at or before the deadline's instant (the deadline's own millisecond counts as on time). A
 *   request withdrawn before the decision is not counted. Immediate grants (无条件共享) involve
 *   no decision and are not counted.
 * - Acceptance (the platform's 统一受理): every step into `submitted` (submit, resubmit)
 *   starts one; `accept` and `return` both handle it; on time as above; withdrawal not counted.
 * - Overdue open: requests whose running step (`decision` for providers, `acceptance` for the
 *   platform) was due strictly before `nowMs`, as the sweeper sees them.
 *
 * Steps recorded without a `due` are not counted. Providers are listed, by code, when at least
 * one of their requests was accepted.
 */
export function onTimeRates(requests: readonly ShareRequest[], nowMs: number): OnTimeRates {
  const providers = new Map<string, OnTimeFigures>();
  const acceptance = figures();
  const of = (provider: string): OnTimeFigures => {
    const found = providers.get(provider) ?? figures();
    providers.set(provider, found);
    return found;
  };
  for (const request of requests) {
    request.history.forEach((step, index) => {
      if (!step.due) return;
      const handled = ending(request.history, index);
      if (step.due.step === 'decision') {
        const provider = of(request.provider);
        if (handled && (handled.event === 'approve' || handled.event === 'reject'))
          count(provider, handled, step.due.at);
      }
      if (
        step.due.step === 'acceptance' &&
        handled &&
        (handled.event === 'accept' || handled.event === 'return')
      )
        count(acceptance, handled, step.due.at);
    });
    const due = request.due;
    if (!due || Date.parse(due.at) >= nowMs) continue;
    if (request.state === 'accepted' && due.step === 'decision') of(request.provider).overdueOpen++;
    if (request.state === 'submitted' && due.step === 'acceptance') acceptance.overdueOpen++;
  }
  const withRate = (f: OnTimeFigures): OnTimeFigures => ({
    ...f,
    rate: f.decided === 0 ? null : f.onTime / f.decided,
  });
  return {
    providers: [...providers]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([provider, f]) => ({ provider, ...withRate(f) })),
    acceptance: withRate(acceptance),
  };
}
