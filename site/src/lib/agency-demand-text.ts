/**
 * Pure helpers of the demands page (`/agency/demands/`): the demand form's checks and body, the
 * fulfilment link typed by a provider, and the reviewer's grouping by provider with counts.
 * No DOM and no zod here, so unit tests run them in Node.
 */

/** A demand as the API shows it (`DemandView`). */
export type DemandView = {
  id: string;
  revision: number;
  input: {
    title: string;
    description: string;
    fields: string[];
    purpose: string;
    legalBasis: string;
    relatedEntry?: string;
  };
  requester: { name: string; agency: string; role: string };
  state: string;
  provider?: string;
  responsibility?: { kind: string; dueOn: string; note?: string };
  fulfilment?: { link: { entry: string } | { grant: string }; on: string };
  history: {
    at: string;
    actor: { name: string; agency: string; role: string };
    event: string;
    from?: string;
    to: string;
    reason?: string;
  }[];
  overdue: boolean;
  allowed: string[];
};

/** The steps a card may offer, in the order its buttons appear. */
export const DEMAND_ACTIONS = [
  'assign',
  'accept',
  'fulfil',
  'decline',
  'return',
  'withdraw',
] as const;

/** What the demand form holds before it is sent. */
export type DemandDraft = {
  title: string;
  description: string;
  fields: string;
  purpose: string;
  legalBasis: string;
  relatedEntry: string;
};

/** A problem found before sending: the form field and the i18n key of the message. */
export type DemandDraftProblem = { field: string; key: string };

/** The wanted fields typed one per line: trimmed, blank lines dropped. */
export function fieldLines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

const ENTRY_CODE = /^\d{3}\/\d{6}$/;

/**
 * The problems a person can fix before the API is asked: required text empty, no field named
 * or one named twice, a related entry that is not a code like 314/000002.
 */
export function checkDemandDraft(draft: DemandDraft): DemandDraftProblem[] {
  const problems: DemandDraftProblem[] = [];
  for (const field of ['title', 'description'] as const)
    if (!draft[field].trim()) problems.push({ field, key: 'agency.form.needText' });
  const fields = fieldLines(draft.fields);
  if (fields.length === 0) problems.push({ field: 'fields', key: 'agency.demands.needFields' });
  else if (new Set(fields).size !== fields.length)
    problems.push({ field: 'fields', key: 'agency.demands.fieldTwice' });
  for (const field of ['purpose', 'legalBasis'] as const)
    if (!draft[field].trim()) problems.push({ field, key: 'agency.form.needText' });
  const related = draft.relatedEntry.trim();
  if (related && !ENTRY_CODE.test(related))
    problems.push({ field: 'relatedEntry', key: 'agency.demands.badEntry' });
  return problems;
}

/** The API body (`DemandInput`) of what the form holds. */
export function demandInput(draft: DemandDraft) {
  const related = draft.relatedEntry.trim();
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    fields: fieldLines(draft.fields),
    purpose: draft.purpose.trim(),
    legalBasis: draft.legalBasis.trim(),
    ...(related && { relatedEntry: related }),
  };
}

/**
 * What fulfilled the item, as a provider types it: an entry code (314/000002, or 314-000002
 * as URLs write it) or a grant id (gr_…); undefined when it is neither.
 */
export function fulfilmentLink(text: string): { entry: string } | { grant: string } | undefined {
  const value = text.trim();
  if (/^gr_[a-z0-9]{10,40}$/.test(value)) return { grant: value };
  const code = value.replace(/^(\d{3})-(\d{6})$/, '$1/$2');
  return ENTRY_CODE.test(code) ? { entry: code } : undefined;
}

/** Demands of one provider (`''` = not yet assigned) and how many of them are overdue. */
export type ProviderGroup<T> = { provider: string; demands: T[]; overdue: number; open: number };

const FINAL = new Set(['fulfilled', 'declined', 'withdrawn']);

/**
 * The reviewer's view: demands grouped by provider, those not yet assigned first, then the
 * providers with most overdue items, then by code; within a group overdue first, then by due day.
 */
export function byProvider<
  T extends Pick<DemandView, 'provider' | 'overdue' | 'state' | 'responsibility'>,
>(demands: readonly T[]): ProviderGroup<T>[] {
  const groups = new Map<string, ProviderGroup<T>>();
  for (const demand of demands) {
    const provider = demand.provider ?? '';
    const group = groups.get(provider) ?? { provider, demands: [], overdue: 0, open: 0 };
    group.demands.push(demand);
    if (demand.overdue) group.overdue++;
    if (!FINAL.has(demand.state)) group.open++;
    groups.set(provider, group);
  }
  const due = (demand: T) => demand.responsibility?.dueOn ?? '9999-12-31';
  for (const group of groups.values())
    group.demands.sort(
      (a, b) => Number(b.overdue) - Number(a.overdue) || due(a).localeCompare(due(b)),
    );
  return [...groups.values()].sort(
    (a, b) =>
      Number(a.provider !== '') - Number(b.provider !== '') ||
      b.overdue - a.overdue ||
      a.provider.localeCompare(b.provider),
  );
}
