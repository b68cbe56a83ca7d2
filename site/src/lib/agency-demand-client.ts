/**
 * The demands page (`/agency/demands/`): a consumer records a demand (需求清单) and follows its
 * agency's; a provider sees those assigned to its agency, which become its responsibility items
 * (责任清单); a reviewer sees every demand grouped by provider with open and overdue counts.
 * Each card offers the steps the API allows this person now.
 */
import { clearProblems, el, inLang, showProblems, startPortal } from './agency-portal.ts';
import type { Portal } from './agency-portal.ts';
import { demandCard } from './agency-demand-card.ts';
import type { DemandCardContext } from './agency-demand-card.ts';
import { byProvider, checkDemandDraft, demandInput } from './agency-demand-text.ts';
import type { DemandDraft, DemandView } from './agency-demand-text.ts';

/** Starts the demands page inside `root`. */
export function startDemands(root: HTMLElement): void {
  const portal = startPortal(root, 'demands');
  if (!portal) return;
  const { tr } = portal;
  const { roles } = portal.session.identity;
  const grouped = roles.includes('reviewer') || roles.includes('admin');
  const list = root.querySelector<HTMLElement>('[data-demand-list]')!;
  const filter = root.querySelector<HTMLFormElement>('[data-filter]')!;
  const form = root.querySelector<HTMLFormElement>('[data-demand-form]')!;

  const load = async (focusId?: string) => {
    portal.announce(tr('agency.common.loading'));
    list.setAttribute('aria-busy', 'true');
    const state = String(new FormData(filter).get('state') ?? '');
    const query = state ? `?${new URLSearchParams({ state })}` : '';
    const [answer, providers] = await Promise.all([
      portal.call<{ demands: DemandView[] }>('GET', `/api/v1/demands${query}`),
      portal.agencies(),
    ]);
    list.removeAttribute('aria-busy');
    if (!answer.ok) {
      list.replaceChildren();
      portal.announce(portal.failure(answer));
      return;
    }
    const demands = answer.data.demands;
    const context: DemandCardContext = { providers, heading: grouped ? 'h4' : 'h3' };
    if (demands.length === 0)
      list.replaceChildren(el('p', { class: 'note' }, tr('agency.demands.empty')));
    else if (grouped) list.replaceChildren(...(await groups(portal, demands, context)));
    else
      list.replaceChildren(
        ...(await Promise.all(demands.map((demand) => demandCard(portal, demand, context)))),
      );
    const overdue = demands.filter((demand) => demand.overdue).length;
    portal.announce(tr('agency.demands.count', { n: demands.length, overdue }));
    if (focusId) {
      const card = list.querySelector<HTMLElement>(`[data-demand="${CSS.escape(focusId)}"]`);
      card?.classList.add('marked');
      card?.querySelector<HTMLElement>('[tabindex="-1"]')?.focus();
    }
  };

  filter.addEventListener('submit', (event) => {
    event.preventDefault();
    void load();
  });

  if (roles.includes('consumer')) {
    form.closest<HTMLElement>('[data-demand-new]')!.hidden = false;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void submitDemand(portal, form, (id) => load(id));
    });
  }
  void load();
}

/** Sends the demand form; on success clears it and reloads the list with the new one in focus. */
async function submitDemand(
  portal: Portal,
  form: HTMLFormElement,
  reload: (id: string) => Promise<void>,
): Promise<void> {
  const { tr } = portal;
  clearProblems(form);
  const data = new FormData(form);
  const text = (name: string) => String(data.get(name) ?? '');
  const draft: DemandDraft = {
    title: text('title'),
    description: text('description'),
    fields: text('fields'),
    purpose: text('purpose'),
    legalBasis: text('legalBasis'),
    relatedEntry: text('relatedEntry'),
  };
  const problems = checkDemandDraft(draft).map((problem) => ({
    field: problem.field,
    message: tr(problem.key),
  }));
  if (problems.length > 0) {
    showProblems(form, problems).focus?.focus();
    portal.announce(tr('agency.form.fixFields'));
    return;
  }
  const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  submit.disabled = true;
  portal.announce(tr('agency.common.sending'));
  const answer = await portal.call<DemandView>('POST', '/api/v1/demands', demandInput(draft));
  submit.disabled = false;
  if (answer.ok) {
    form.reset();
    await reload(answer.data.id);
    portal.announce(tr('agency.demands.sent'));
    return;
  }
  if (answer.status === 400) {
    const { focus, unplaced } = showProblems(form, answer.errors);
    portal.announce([tr('agency.form.fixFields'), ...unplaced].join(' '));
    focus?.focus();
    return;
  }
  portal.announce(portal.failure(answer));
}

/** The reviewer's list: a section per provider, headed with its open and overdue counts. */
async function groups(
  portal: Portal,
  demands: readonly DemandView[],
  context: DemandCardContext,
): Promise<HTMLElement[]> {
  const { tr, lang } = portal;
  return Promise.all(
    byProvider(demands).map(async (group, index) => {
      const headingId = `demand-group-${index}`;
      const name = group.provider
        ? inLang('span', await portal.agencyName(group.provider), lang)
        : tr('agency.demands.unassigned');
      const section = el(
        'section',
        {
          class: 'demand-group',
          'aria-labelledby': headingId,
          'data-provider-group': group.provider || 'unassigned',
        },
        el(
          'h3',
          { id: headingId },
          name,
          ' · ',
          tr('agency.demands.groupCounts', {
            n: group.demands.length,
            open: group.open,
            overdue: group.overdue,
          }),
        ),
        group.overdue > 0 &&
          el(
            'p',
            { class: 'badges' },
            el(
              'span',
              { class: 'badge overdue-badge' },
              tr('agency.demands.overdueN', { n: group.overdue }),
            ),
          ),
      );
      for (const demand of group.demands) section.append(await demandCard(portal, demand, context));
      return section;
    }),
  );
}
