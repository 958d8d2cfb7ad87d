import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { architectureTable, type ArchTable, type EvaluatedArch } from '../engine/export/architectures.js';
import { flattenSpace } from '../engine/export/decisions.js';
import { flattenShrunk, objectiveOf, type ExportInput } from '../engine/export/input.js';
import { type RunResult, type ShrinkResult } from '../engine/report/result.js';
import { readJournal, type EvalEntry } from '../engine/run/journal.js';
import { readManifest, readRunResult, runPath, type RunManifest } from '../engine/run/run-dir.js';
import { compileSpace } from '../engine/space/compile.js';
import type { ShrunkSpaceJSON } from '../engine/space/shrunk.js';
import type { Genotype } from '../engine/space/types.js';
import type { SpaceSpec } from '../engine/spec.js';
import { FileSystemError } from './exit-codes.js';
import { ExitError } from './io.js';
import { EXIT } from './exit-codes.js';

/**
 * What `lissnas export --run DIR` reads from a run directory (read-only): run.json's spec snapshot (the space and
 * evaluator, as resume uses them), result.json (the shrunk space, pockets) and journal.jsonl (metrics).
 */
export interface RunExport {
    manifest: RunManifest;
    /** The space the run searched or shrank, and the shrink result whose space it kept (none for a full-space search). */
    base: SpaceSpec;
    evaluator?: string;
    shrink?: ShrinkResult;
    finished: boolean;
}

export function readRunExport(dir: string): RunExport {
    if (!existsSync(dir)) throw new FileSystemError(`no such directory: ${dir}; give the --out directory of a shrink or search`);
    if (!statSync(dir).isDirectory() || !existsSync(join(dir, 'run.json'))) {
        throw new FileSystemError(`${dir} is not a run directory (no run.json); --run needs the --out directory of a shrink or search`);
    }
    const manifest = readManifest(dir);
    const doc = manifest.spec;
    const policy = (name: string) => {
        const p = doc.policies.find((x) => x.name === name);
        if (!p) throw new ExitError(EXIT.failed, `run.json names policy '${name}', which its spec does not hold`);
        return p;
    };
    let base: SpaceSpec;
    let evaluator: string | undefined;
    if (manifest.command === 'shrink') {
        const p = policy(manifest.name);
        base = p.space;
        evaluator = p.evaluator;
    } else {
        const s = doc.searches.find((x) => x.name === manifest.name);
        if (!s) throw new ExitError(EXIT.failed, `run.json names search '${manifest.name}', which its spec does not hold`);
        base = s.target.kind === 'space' ? s.target.space : policy(s.target.policy).space;
        evaluator = s.evaluator;
    }
    const result = readResult(dir);
    const shrink = result?.command === 'shrink' ? result : result?.shrink;
    return { manifest, base, evaluator, shrink, finished: result !== undefined };
}

/** result.json, or undefined while the run has none; a damaged one is an exit-1 error. */
function readResult(dir: string): RunResult | undefined {
    try {
        return readRunResult(dir);
    } catch (error) {
        throw new ExitError(EXIT.failed, (error as Error).message);
    }
}

/** The space a run leaves: its shrunk space (a categorical over architectures) or, for a full-space search, the space. */
export function runSpaceInput(dir: string, run: RunExport): ExportInput {
    const objective = objectiveOf(run.manifest.spec, run.evaluator);
    const source = `${run.manifest.command} ${run.manifest.name} (run ${dir})`;
    if (run.shrink) {
        const json = run.shrink.space as ShrunkSpaceJSON | { kind: 'members'; base: string; members: string[] };
        return { flat: flattenShrunk(json, run.base), source, ...(objective ? { objective } : {}) };
    }
    if (run.manifest.command === 'shrink') throw new ExitError(EXIT.failed, `${dir}: the run has not finished (no result.json), so there is no shrunk space yet; finish it with \`lissnas resume ${dir}\``);
    return { flat: flattenSpace(run.base), source, ...(objective ? { objective } : {}) };
}

/** The architectures of a run: members of its shrunk space with their pockets, and everything it evaluated. */
export function runTable(dir: string, run: RunExport): ArchTable {
    const space = compileSpace(run.base);
    const journal = readJournal(runPath(dir, 'journal'));
    const evaluated: EvaluatedArch[] = [];
    for (const e of journal.entries) {
        if (e.type !== 'eval') continue;
        const entry = e as EvalEntry & { genotype?: Genotype };
        let arch: string;
        try {
            arch = space.format(Array.isArray(entry.genotype) ? entry.genotype : entry.key.split(',').map(Number));
        } catch {
            arch = entry.key;
        }
        evaluated.push({ arch, ...(e.metric !== undefined ? { metric: e.metric } : {}), ...(e.report !== undefined ? { report: e.report } : {}), ...(e.error !== undefined ? { error: e.error } : {}) });
    }
    const objective = objectiveOf(run.manifest.spec, run.evaluator);
    const report = run.manifest.spec.evaluators.find((x) => x.name === run.evaluator)?.settings.find((s) => s.key === 'report')?.values[0];
    return architectureTable({
        run: `${run.manifest.command} ${run.manifest.name}`,
        space: run.base.name,
        ...(objective ? { metricName: objective.metric } : {}),
        ...(report && (report.kind === 'word' || report.kind === 'string') ? { reportName: report.value } : {}),
        ...(run.shrink ? { shrunk: run.shrink.space as ShrunkSpaceJSON } : {}),
        evaluated,
    });
}
