import { CachedEvaluator } from '../evaluate/cache.js';
import { createEvaluator } from '../evaluate/create.js';
import { costOf, queryCostByName } from '../evaluate/query-cost.js';
import { TableEvaluator } from '../evaluate/table.js';
import type { EvaluationResult } from '../evaluate/types.js';
import { referenceFromTable, type Reference } from '../metrics/reference.js';
import { shrinkMetrics, shrinkMetricValues } from '../metrics/shrink.js';
import { runPolicy } from '../policy/run.js';
import type { PolicyIteration, PolicyResult } from '../policy/types.js';
import { checkSearchBudget } from '../search/budget-check.js';
import { runSearch } from '../search/run.js';
import { log10Big } from '../size/bigmath.js';
import { compileSpace } from '../space/compile.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { DocumentSpec, PolicySpec, SearchSpec, SpaceSpec } from '../spec.js';
import { seedOf } from './datasets.js';
import { failureSummary } from './failures.js';
import type { RunReporter } from './progress.js';
import type { EvalEntry, JournalWriter } from './journal.js';
import { JournaledEvaluator } from './journaled-evaluator.js';
import { trialEventWatcher } from './trial-events.js';
import type { BackendName } from '../evaluate/neural/backend.js';
import { backendInfo, NeuralEvaluator } from '../evaluate/neural/neural-evaluator.js';
import { planOfCompiled, type NetworkPlan } from '../evaluate/neural/network-plan.js';
import type { SharedProxies } from './shared-proxies.js';
import type { BackendInfo } from '../report/result.js';
import { RESULT_FORMAT, type ArchScore, type ComparisonRow, type PocketRecord, type SearchResult, type ShrinkResult } from '../report/result.js';

interface EvaluatorStack {
    raw: ReturnType<typeof createEvaluator>;
    journaled: JournaledEvaluator;
    cached: CachedEvaluator;
    /** Every distinct result seen (real or replayed), for the best architecture and pocket statistics. */
    seen: Map<string, EvaluationResult>;
}

/**
 * Everything one process needs to execute policies and searches of one document: one evaluator stack per
 * evaluator name (real evaluator <- journal replay layer <- cache shared by every policy and search),
 * memoized policy results (a search on a policy, `match`), and the conversion to `result.json` shapes.
 */
export class RunSession {
    private readonly stacks = new Map<string, EvaluatorStack>();
    private readonly policies = new Map<string, Promise<PolicyResult>>();
    private readonly spaces = new Map<string, SearchSpace>();
    /** The spec each compiled space came from: a neural evaluator builds networks from it. */
    private readonly specs = new Map<SearchSpace, SpaceSpec>();
    private lastProgress = 0;
    phase = 'run';
    progressTotal: number | undefined;

    constructor(
        readonly doc: DocumentSpec,
        private readonly prior: readonly EvalEntry[],
        private readonly journal: JournalWriter | undefined,
        private readonly reporter: RunReporter,
        /** Emit one `evaluation` event per result (JSON consumers); people get the bar only. */
        private readonly evaluationEvents = false,
        /** The run's interrupt: aborts every real evaluation (see JournaledEvaluator). */
        private readonly signal?: AbortSignal,
        /** The neural back-end asked for (`--backend`), for proxy and train evaluators. */
        private readonly backend: BackendName = 'auto',
        /** The run directory (command evaluators write their trials under it); none: temporary folders. */
        private readonly runDir?: string,
        /** A study's worker proxies, shared by all of its sessions (shared-proxies.ts); none: this session's own. */
        private readonly shared?: SharedProxies,
    ) {}

    /** Distinct evaluations made for real in this process / answered from the journal. */
    get evaluated(): number {
        let n = 0;
        for (const s of this.stacks.values()) n += s.journaled.evaluated;
        return n;
    }

    get reused(): number {
        let n = 0;
        for (const s of this.stacks.values()) n += s.journaled.reusedIds.size;
        return n;
    }

    /** Journaled evaluations the replay never asked for: non-zero means the run diverged from the journal. */
    get unreplayed(): number {
        let n = 0;
        for (const s of this.stacks.values()) n += s.journaled.priorCount - s.journaled.reusedIds.size;
        const used = new Set(this.stacks.keys());
        for (const e of this.prior) if (e.evaluator !== undefined && !used.has(e.evaluator)) n++;
        return n;
    }

    space(spec: SpaceSpec): SearchSpace {
        let space = this.spaces.get(spec.name);
        if (!space) {
            this.spaces.set(spec.name, (space = compileSpace(spec)));
            this.specs.set(space, spec);
            this.shared?.compiled(space, spec);
        }
        return space;
    }

    /** The network plan of a space this session compiled, or of a shrunk space built on one (`base` chain). */
    planFor(space: SearchSpace): NetworkPlan | string {
        return planOfCompiled(this.specs, space);
    }

    /** The neural evaluators created so far. */
    private neural(): NeuralEvaluator[] {
        return [...this.stacks.values()].map((s) => s.raw).filter((r): r is NeuralEvaluator => r instanceof NeuralEvaluator);
    }

    /** What did the neural work (the first neural evaluator's back-end; one back-end per run). */
    backendInfo(): BackendInfo | undefined {
        const r = this.neural().map((n) => n.record).find((x) => x !== undefined);
        return r ? backendInfo(r) : undefined;
    }

    /** Resolves the back-end of every neural evaluator `names` lists (throws with what to install). */
    prepareBackends(names: ReadonlyArray<string | undefined>): void {
        for (const name of names) {
            if (name === undefined) continue;
            const raw = this.evaluator(name, 'run').raw;
            if (raw instanceof NeuralEvaluator) raw.prepare();
        }
    }

    /** Ends the neural workers of this session (their processes exit); a study ends the ones its sessions share. */
    async close(): Promise<void> {
        await Promise.all(this.neural().map((n) => n.close()));
    }

    evaluator(name: string | undefined, owner: string): EvaluatorStack {
        if (name === undefined) throw new Error(`${owner}: needs an evaluator (\`evaluate NAME\`)`);
        let stack = this.stacks.get(name);
        if (stack) return stack;
        const spec = this.doc.evaluators.find((e) => e.name === name);
        if (!spec) throw new Error(`${owner}: no evaluator named '${name}'`);
        // JSON consumers (the editor's progress view) also follow each command trial's progress.jsonl.
        const watchTrial = this.evaluationEvents ? trialEventWatcher(this.reporter) : undefined;
        const options = { backend: this.backend, runDir: this.runDir, watchTrial };
        const raw =
            this.shared?.evaluator(spec, (planFor) => createEvaluator(spec, { ...options, planFor })) ??
            createEvaluator(spec, { ...options, planFor: (space) => this.planFor(space) });
        const seen = new Map<string, EvaluationResult>();
        const journaled = new JournaledEvaluator(raw, this.prior, this.journal, (result, fromJournal) => {
            if (!seen.has(result.key)) seen.set(result.key, result);
            this.onEvaluation(result, fromJournal, journaled);
        }, this.signal);
        stack = { raw, journaled, cached: new CachedEvaluator(journaled), seen };
        this.stacks.set(name, stack);
        return stack;
    }

    private onEvaluation(result: EvaluationResult, fromJournal: boolean, stack: JournaledEvaluator): void {
        if (this.evaluationEvents) {
            this.reporter.emit({
                event: 'evaluation',
                key: result.key,
                ...(result.metric !== undefined && Number.isFinite(result.metric) ? { metric: result.metric } : {}),
                ...(result.report !== undefined && Number.isFinite(result.report) ? { report: result.report } : {}),
                cost: result.cost.seconds,
                cached: fromJournal,
                ...(result.error !== undefined ? { error: result.error } : {}),
            });
        }
        const now = Date.now();
        if (now - this.lastProgress >= 100) {
            this.lastProgress = now;
            this.reporter.emit({ event: 'progress', phase: this.phase, done: stack.evaluated + stack.reusedIds.size, ...(this.progressTotal ? { total: this.progressTotal } : {}) });
        }
    }

    policySpec(name: string): PolicySpec {
        const spec = this.doc.policies.find((p) => p.name === name);
        if (!spec) throw new Error(`no policy named '${name}' (policies: ${this.doc.policies.map((p) => p.name).join(', ') || 'none'})`);
        return spec;
    }

    searchSpec(name: string): SearchSpec {
        const spec = this.doc.searches.find((s) => s.name === name);
        if (!spec) throw new Error(`no search named '${name}' (searches: ${this.doc.searches.map((s) => s.name).join(', ') || 'none'})`);
        return spec;
    }

    /** Runs a policy once per session (a `match` or a search target reuses the result). */
    policy(name: string): Promise<PolicyResult> {
        let result = this.policies.get(name);
        if (!result) {
            result = this.executePolicy(this.policySpec(name));
            this.policies.set(name, result);
        }
        return result;
    }

    private async executePolicy(spec: PolicySpec): Promise<PolicyResult> {
        const matchSize = spec.match !== undefined ? (await this.policy(spec.match)).members.length : undefined;
        const space = this.space(spec.space);
        const evaluator = spec.evaluator !== undefined ? this.evaluator(spec.evaluator, `policy ${spec.name}`).cached : undefined;
        // Iterations are reported as they are measured (LISSNAS), so a live progress view sees each one arrive; a
        // policy that reports none live (op_pruning's single step) has its history reported when it ends.
        let reported = 0;
        const report = (h: PolicyIteration): void => {
            reported++;
            this.reporter.emit({
                event: 'iteration',
                name: spec.name,
                iteration: h.iteration,
                sampleMean: h.meanMetric,
                sampleBest: h.bestMetric,
                sizeLog10: Number.isFinite(h.size) ? Math.log10(Math.max(1, h.size)) : log10Size(space.size),
                queries: h.queries,
            });
        };
        const result = await runPolicy(spec, { space, evaluator, matchSize, onIteration: report });
        result.history.slice(reported).forEach(report);
        return result;
    }

    /** The benchmark table behind a policy's evaluator, for quality metrics; undefined for non-table evaluators. */
    reference(evaluatorName: string | undefined, space: SearchSpace): Reference | undefined {
        if (evaluatorName === undefined) return undefined;
        const raw = this.evaluator(evaluatorName, 'reference').raw;
        const spec = this.specs.get(space);
        return raw instanceof TableEvaluator ? referenceFromTable(raw, space, spec && JSON.stringify(spec)) : undefined;
    }

    async shrinkResult(name: string, dataset?: string): Promise<ShrinkResult> {
        const spec = this.policySpec(name);
        const result = await this.policy(name);
        const full = this.space(spec.space);
        // random_shrink evaluates nothing, and a policy that shrinks with a cheap evaluator (`proxy(params)`) has no
        // table behind it: their quality is still judged with the document's table (docs/cheap-shrinking.md).
        const firstTable = this.doc.evaluators.find((e) => e.kind === 'table')?.name;
        const reference = this.reference(spec.evaluator, full) ?? this.reference(firstTable, full);
        const fullSize = typeof full.size === 'bigint' ? full.size : undefined;
        const size = typeof result.space.size === 'bigint' ? result.space.size : BigInt(result.members.length);
        const lookup = (g: Genotype): { metric?: number; report?: number } => {
            const key = full.key(g);
            const row = reference?.byKey.get(key);
            if (row) return { metric: row.metric, report: row.report };
            const seen = spec.evaluator ? this.stacks.get(spec.evaluator)?.seen.get(key) : undefined;
            return { metric: seen?.metric, report: seen?.report };
        };
        const metrics: Record<string, number> = {};
        if (reference) {
            Object.assign(metrics, shrinkMetricValues(shrinkMetrics({ space: full, members: result.members, reference, queries: result.queries })));
        }
        return {
            format: RESULT_FORMAT,
            command: 'shrink',
            name,
            policy: result.kind,
            seed: seedOf(spec.settings),
            ...(dataset ? { dataset } : {}),
            fullSize: fullSize === undefined ? 'continuous' : fullSize.toString(),
            fullSizeLog10: log10Size(full.size),
            size: size.toString(),
            sizeLog10: log10Size(size),
            queries: result.queries,
            cost: costOf(result.queries, queryCostByName(this.doc, spec.evaluator)),
            history: result.history.map((h) => ({
                iteration: h.iteration,
                sampleMean: h.meanMetric,
                sampleBest: h.bestMetric,
                size: Number.isFinite(h.size) ? String(h.size) : fullSize?.toString() ?? 'continuous',
                sizeLog10: Number.isFinite(h.size) ? Math.log10(Math.max(1, h.size)) : log10Size(full.size),
                queries: h.queries,
            })),
            pockets: result.pockets.map((p) => pocketRecord(full, p.seed, p.members, p.radius, lookup)),
            best: spec.evaluator ? this.bestSeen(spec.evaluator, full) : undefined,
            metrics: finite(metrics),
            space: serializeSpace(result.space, full, result.members),
            ...failuresOf(spec.evaluator ? this.stacks.get(spec.evaluator)?.seen.values() : undefined, full),
            ...backendOf(spec.evaluator ? this.stacks.get(spec.evaluator)?.raw : undefined),
            stopReason: result.stoppedBy,
            ...(result.chosenIteration !== undefined ? { chosenIteration: result.chosenIteration } : {}),
        };
    }

    /** The comparison row of the full space itself (what every shrunk space is measured against). */
    fullSpaceRow(spaceSpec: SpaceSpec, evaluatorName: string | undefined): ComparisonRow | undefined {
        const full = this.space(spaceSpec);
        const reference = this.reference(evaluatorName, full);
        if (!reference) return undefined;
        const m = shrinkMetrics({ space: full, members: reference.entries.map((e) => e.genotype), reference });
        return {
            name: spaceSpec.name,
            kind: 'full space',
            size: typeof full.size === 'bigint' ? full.size.toString() : 'continuous',
            sizeLog10: log10Size(full.size),
            queries: 0,
            metrics: finite({
                fractionKept: 1,
                optimumKept: m.globalOptimumKept ? 1 : 0,
                'recallTop1%': m.recallTop1,
                meanReport: m.meanReport,
                medianReport: m.medianReport,
                kendallTau: m.kendallTau,
            }),
        };
    }

    seenResults(evaluatorName: string): EvaluationResult[] {
        return [...(this.stacks.get(evaluatorName)?.seen.values() ?? [])];
    }

    /**
     * Runs a search with a cache of its own (for studies: every search and budget starts clean), preloaded with
     * `paid` (the policy's evaluations, already paid for by the shrinkage). `budget` is the total, shrinkage included.
     */
    async searchFresh(spec: SearchSpec, space: SearchSpace, budget: number, paid: readonly EvaluationResult[], policyQueries: number) {
        const stack = this.evaluator(spec.evaluator, `search ${spec.name}`);
        const cached = new CachedEvaluator(stack.journaled);
        cached.preload(paid);
        return runSearch(spec, { space, evaluator: cached, policyQueries, budget });
    }

    private bestSeen(evaluatorName: string, space: SearchSpace): ArchScore | undefined {
        const stack = this.stacks.get(evaluatorName);
        if (!stack) return undefined;
        let best: EvaluationResult | undefined;
        for (const r of stack.seen.values()) {
            if (r.score === undefined) continue;
            if (!best || r.score > best.score! || (r.score === best.score && r.key < best.key)) best = r;
        }
        return best ? archScore(best, space) : undefined;
    }

    /** `start`: the architecture the search evaluates first, in the format of the search's (full) space. */
    async searchResult(name: string, budget: number | undefined, dataset?: string, start?: string): Promise<SearchResult> {
        const spec = this.searchSpec(name);
        const stack = this.evaluator(spec.evaluator, `search ${spec.name}`);
        let space: SearchSpace;
        let shrink: ShrinkResult | undefined;
        let policyQueries = 0;
        let fullSpace: SearchSpace;
        if (spec.target.kind === 'policy') {
            // Before the policy spends anything (startRun checks it earlier still, before the run directory exists).
            checkSearchBudget(this.doc, name, budget);
            const policySpec = this.policySpec(spec.target.policy);
            this.phase = `shrink ${policySpec.name}`;
            shrink = await this.shrinkResult(policySpec.name, dataset);
            const policy = await this.policy(policySpec.name);
            space = policy.space;
            policyQueries = policy.queries;
            fullSpace = this.space(policySpec.space);
        } else {
            space = fullSpace = this.space(spec.target.space);
        }
        this.phase = `search ${spec.name}`;
        const startGenotype = start !== undefined ? fullSpace.parse(start) : undefined;
        const seenBefore = stack.seen.size; // `seen` is in evaluation order: what follows is the search's own
        const result = await runSearch(spec, { space, evaluator: stack.cached, policyQueries, budget, ...(startGenotype ? { start: startGenotype } : {}) });
        const total = budget ?? searchBudget(spec);
        return {
            format: RESULT_FORMAT,
            command: 'search',
            name,
            search: result.kind,
            seed: seedOf(spec.settings),
            ...(dataset ? { dataset } : {}),
            target: spec.target.kind === 'policy' ? `policy ${spec.target.policy}` : `space ${spec.target.space.name}`,
            ...(startGenotype ? { start: fullSpace.format(startGenotype) } : {}),
            budget: total ?? result.queries + policyQueries,
            queries: result.queries,
            shrinkQueries: policyQueries,
            cost: { shrink: shrink?.cost ?? 0, search: costOf(result.queries, queryCostByName(this.doc, spec.evaluator)) },
            best: result.best ? archScore(result.best, fullSpace) : undefined,
            trajectory: result.trajectory.map((r) => (Number.isFinite(r) ? r : null)),
            stopReason: result.stoppedBy,
            ...(shrink ? { shrink } : {}),
            ...failuresOf([...stack.seen.values()].slice(seenBefore), fullSpace),
            ...backendOf(stack.raw),
        };
    }
}

function backendOf(raw: unknown): { backend?: BackendInfo } {
    const r = raw instanceof NeuralEvaluator ? raw.record : undefined;
    return r ? { backend: backendInfo(r) } : {};
}

function failuresOf(results: Iterable<EvaluationResult> | undefined, space: SearchSpace): { failures?: ReturnType<typeof failureSummary> } {
    const failures = results ? failureSummary(results, space) : undefined;
    return failures ? { failures } : {};
}

function searchBudget(spec: SearchSpec): number | undefined {
    const v = spec.settings.find((s) => s.key === 'budget')?.values[0];
    return v?.kind === 'number' ? v.value : undefined;
}

function archScore(r: EvaluationResult, space: SearchSpace): ArchScore {
    const out: ArchScore = { arch: r.genotype.length ? space.format(r.genotype) : r.key, key: r.key };
    if (r.metric !== undefined) out.metric = r.metric;
    if (r.report !== undefined && Number.isFinite(r.report)) out.report = r.report;
    return out;
}

function pocketRecord(
    space: SearchSpace,
    seed: Genotype,
    members: readonly Genotype[],
    radius: number,
    lookup: (g: Genotype) => { metric?: number; report?: number },
): PocketRecord {
    const values = members.map(lookup);
    const stats = (xs: Array<number | undefined>): { best?: number; mean?: number } => {
        const ok = xs.filter((x): x is number => x !== undefined && Number.isFinite(x));
        if (ok.length === 0) return {};
        return { best: Math.max(...ok), mean: ok.reduce((a, b) => a + b, 0) / ok.length };
    };
    const m = stats(values.map((v) => v.metric));
    const r = stats(values.map((v) => v.report));
    const out: PocketRecord = { seed: space.format(seed), members: members.length, radius };
    if (m.best !== undefined) out.bestMetric = m.best;
    if (m.mean !== undefined) out.meanMetric = m.mean;
    if (r.best !== undefined) out.bestReport = r.best;
    if (r.mean !== undefined) out.meanReport = r.mean;
    return out;
}

/** The shrunk space as JSON: its own `toJSON` when it has one (ShrunkSpace), else the member list. */
function serializeSpace(space: SearchSpace, full: SearchSpace, members: readonly Genotype[]): unknown {
    const withJson = space as SearchSpace & { toJSON?: () => unknown };
    if (typeof withJson.toJSON === 'function') return withJson.toJSON();
    return { kind: 'members', base: full.name, members: members.map((g) => full.format(g)) };
}

export function log10Size(size: bigint | 'continuous' | number): number {
    if (size === 'continuous') return Infinity;
    if (typeof size === 'number') return Math.log10(Math.max(1, size));
    return size <= 0n ? 0 : log10Big(size);
}

function finite(metrics: Record<string, number>): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(metrics)) if (Number.isFinite(v)) out[k] = v;
    return out;
}
