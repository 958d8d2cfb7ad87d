import { formatCount, policyQueryBound } from '../policy/bound.js';
import { compileSpace } from '../space/compile.js';
import type { DocumentSpec } from '../spec.js';

/**
 * Refuses, before any query and before a run directory exists, a search inside a shrunk space whose policy may spend
 * more than the total budget (the shrinkage's queries count against it). Without this the whole shrinkage ran and
 * then failed with `the policy already spent N queries`, leaving a directory that could not be resumed.
 *
 * The choice (docs/runs.md, "Budgets"): refuse up front rather than stop the policy at the budget. A policy cut
 * short mid-iteration returns a space its own rule never chose, and the search would get 0 queries anyway; a
 * refusal costs nothing and names the smallest budget that is sure to fit. The price: a budget between the policy's
 * actual spend and its bound is refused although the run would have fitted (a plateau often stops LISSNAS early).
 * Studies do not call this: they keep marking such cells `n/a` from what the shrinkage really spent.
 *
 * `budget` is the total (`--budget`, else the search's `budget` setting); nothing is checked when it is unknown
 * (runSearch reports the missing setting) or when the search runs in a full space.
 */
export function checkSearchBudget(doc: DocumentSpec, searchName: string, budget: number | undefined): void {
    const search = doc.searches.find((s) => s.name === searchName);
    if (!search || search.target.kind !== 'policy') return;
    const total = budget ?? budgetSetting(search.settings);
    if (total === undefined) return;
    const target = search.target.policy;
    const policy = doc.policies.find((p) => p.name === target);
    if (!policy) return;
    const bound = policyQueryBound(policy, compileSpace(policy.space));
    if (bound.queries <= total) return;
    const owner = `search ${search.name}`;
    if (!Number.isFinite(bound.queries)) {
        throw new Error(`${owner}: policy ${policy.name} cannot bound its queries in advance (${bound.reason}), so it may overrun the total budget ${total}; use \`neighbors ... filter none\``);
    }
    throw new Error(
        `${owner}: policy ${policy.name} may spend up to ${formatCount(bound.queries)} queries (${bound.reason}), more than the total budget ${total}; ` +
            `give --budget >= ${bound.queries} or lower ${bound.lower}`,
    );
}

function budgetSetting(settings: DocumentSpec['searches'][number]['settings']): number | undefined {
    const v = settings.find((s) => s.key === 'budget')?.values[0];
    return v?.kind === 'number' ? v.value : undefined;
}
