import type { PocketMap } from '../../protocol/pocket-map.js';
import type { EmbeddingOptions } from '../report/embedding.js';
import { buildPocketMap, type EvaluatedArch, type PocketInput } from '../report/pocket-map.js';
import { type IterationRecord, type RunResult, type ShrinkResult } from '../report/result.js';
import { compileSpace } from '../space/compile.js';
import { ShrunkSpace, type ShrunkSpaceJSON } from '../space/shrunk.js';
import type { Genotype, SearchSpace } from '../space/types.js';
import type { DocumentSpec, EvaluatorSpec, SpaceSpec } from '../spec.js';
import { readJournal, type EvalEntry, type IterationEntry } from './journal.js';
import { readManifest, readRunResult, runPath, type RunManifest } from './run-dir.js';

/**
 * Reads a run directory into its pocket map (engine/report/pocket-map.ts), for `lissnas map`. Read-only: it
 * opens run.json, journal.jsonl and result.json and writes nothing, so it may run beside a live run.
 *
 * - The space is compiled from run.json's spec snapshot (as `resume` does), not from the .nas file.
 * - Points: every distinct key of journal.jsonl's evaluations (first occurrence), in journal order, with its
 *   journaled genotype.
 * - Iteration: a shrink's evaluation number i (1-based, journal order) falls in the first iteration whose
 *   cumulative `queries` reach i (result.json `history`, or the journal's iteration lines); a search's is i itself
 *   (the query index, the shrinkage's queries first, as budgets count them).
 * - Without result.json (a run still going or interrupted): no members, no pockets; `finished` says so.
 */
export interface RunMap {
    map: PocketMap;
    manifest: RunManifest;
    /** result.json exists. */
    finished: boolean;
}

export function readRunMap(dir: string, embedding: EmbeddingOptions = {}): RunMap {
    const manifest = readManifest(dir);
    const { space: spaceSpec, evaluator } = runTarget(manifest);
    const space = compileSpace(spaceSpec);
    const result = readRunResult(dir);
    const journal = readJournal(runPath(dir, 'journal'));
    const seen = new Set<string>();
    const entries: EvalEntry[] = [];
    for (const e of journal.entries) {
        if (e.type !== 'eval' || seen.has(e.key)) continue;
        seen.add(e.key);
        entries.push(e);
    }
    const history: Array<Pick<IterationRecord, 'iteration' | 'queries'>> =
        shrinkOf(result)?.history ??
        journal.entries.filter((e): e is IterationEntry => e.type === 'iteration' && e.name === manifest.name).map((e) => ({ iteration: e.iteration, queries: e.queries }));
    const evaluated: EvaluatedArch[] = entries.map((e, i) => {
        const extra = e as EvalEntry & { genotype?: Genotype; score?: number };
        const arch: EvaluatedArch = { genotype: genotypeOf(extra, space), key: e.key };
        if (typeof e.metric === 'number') arch.metric = e.metric;
        if (typeof e.report === 'number') arch.report = e.report;
        if (typeof extra.score === 'number') arch.score = extra.score;
        if (e.error !== undefined) arch.error = e.error;
        const iteration = manifest.command === 'search' ? i + 1 : history.find((h) => h.queries >= i + 1)?.iteration;
        if (iteration !== undefined) arch.iteration = iteration;
        return arch;
    });
    const shrink = shrinkOf(result);
    const pockets: PocketInput[] = (shrink?.pockets ?? []).map((p) => ({
        seed: p.seed,
        radius: p.radius,
        members: p.members,
        ...(p.bestMetric !== undefined ? { bestMetric: p.bestMetric } : {}),
        ...(p.meanMetric !== undefined ? { meanMetric: p.meanMetric } : {}),
    }));
    const members = result?.command === 'shrink' ? membership(result, space) : undefined;
    const names = evaluatorNames(manifest.spec, evaluator);
    const map = buildPocketMap({
        command: manifest.command,
        name: manifest.name,
        space,
        ...names,
        evaluated,
        pockets,
        isMember: members,
        bestKey: result?.best?.key,
        embedding,
    });
    return { map, manifest, finished: result !== undefined };
}

/** The space the run measured distances in, and the evaluator whose metric it used. */
function runTarget(manifest: RunManifest): { space: SpaceSpec; evaluator?: string } {
    const doc = manifest.spec;
    const policy = (name: string) => {
        const p = doc.policies.find((x) => x.name === name);
        if (!p) throw new Error(`run.json names policy '${name}', which its spec does not hold`);
        return p;
    };
    if (manifest.command === 'shrink') {
        const p = policy(manifest.name);
        return { space: p.space, evaluator: p.evaluator };
    }
    const s = doc.searches.find((x) => x.name === manifest.name);
    if (!s) throw new Error(`run.json names search '${manifest.name}', which its spec does not hold`);
    return { space: s.target.kind === 'space' ? s.target.space : policy(s.target.policy).space, evaluator: s.evaluator };
}


/** The shrink result of a run: its own, or the one a search on a policy ran inside. */
function shrinkOf(result: RunResult | undefined): ShrinkResult | undefined {
    if (!result) return undefined;
    return result.command === 'shrink' ? result : result.shrink;
}

/** Membership in result.json's `space`: a ShrunkSpace file read back (ShrunkSpace.fromJSON), or a member list. */
function membership(result: ShrinkResult, space: SearchSpace): (g: Genotype) => boolean {
    const json = result.space as { format?: string; kind?: string; members?: string[] } | undefined;
    if (json?.format === 'lissnas-shrunk-space') {
        const shrunk = ShrunkSpace.fromJSON(json as ShrunkSpaceJSON, space);
        return (g) => shrunk.contains(g);
    }
    if (json?.kind === 'members' && Array.isArray(json.members)) {
        const keys = new Set(json.members.map((m) => space.key(space.parse(m))));
        return (g) => keys.has(space.key(g));
    }
    throw new Error(`result.json: its 'space' is neither a shrunk space nor a member list`);
}

/** The journaled genotype; journals without one (older engines) have flat keys (`1,0,3,...`) that are genotypes. */
function genotypeOf(entry: EvalEntry & { genotype?: Genotype }, space: SearchSpace): Genotype {
    if (Array.isArray(entry.genotype) && entry.genotype.length > 0) return entry.genotype;
    const flat = entry.key.split(',').map(Number);
    if (flat.every((x) => Number.isFinite(x)) && space.contains(flat)) return flat;
    throw new Error(`journal.jsonl: evaluation '${entry.key}' has no genotype and its key is not one of space ${space.name}`);
}

/** Column or measure names (`metric c10_val_naslib`, `report c10_test`) of the run's evaluator, for legends. */
function evaluatorNames(doc: DocumentSpec, name: string | undefined): { metricName?: string; reportName?: string } {
    const spec: EvaluatorSpec | undefined = doc.evaluators.find((e) => e.name === name);
    const read = (key: string): string | undefined => {
        const v = spec?.settings.find((s) => s.key === key)?.values[0];
        return v && (v.kind === 'word' || v.kind === 'string') ? v.value : undefined;
    };
    const metricName = read('metric');
    const reportName = read('report');
    return { ...(metricName !== undefined ? { metricName } : {}), ...(reportName !== undefined ? { reportName } : {}) };
}
