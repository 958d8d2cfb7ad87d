/**
 * Sizes of the spaces of a document, for hover, inlay hints, code lenses and the `lissnas/spaceSizes` /
 * `lissnas/spaceSizeAt` requests (protocol/lsp.ts). Pure functions of a parsed document: they compile
 * each space (dsl/compile.ts) and size it (engine/size), and return JSON-safe data (bigints as digit strings).
 *
 * Compiling runs here, on the request thread (it needs the AST); the sizing itself is a size job
 * (size-jobs.ts), computed by the size worker off the request thread. `sizeOfDeclarationNow` answers from
 * what is known (cached answers, plain arithmetic) without waiting; `sizeOfDeclaration` waits for the jobs.
 * Details are cached per AST node: Langium builds a new root on every edit, so a stale entry can never be
 * returned, and the hover, inlay hints and code lens of one version share one computation.
 * A space that cannot be sized (unresolved reference, invalid setting, a bug in the engine) gets `error`
 * instead of failing the whole document.
 */
import { CstUtils, GrammarUtils, type Cancellation, type LangiumDocument } from 'langium';
import type { Range } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { compiled, compiledMember, specKey } from './spec-cache.js';
import type { ComponentSpec, SpaceSpec } from '../../engine/spec.js';
import { sizeJobs, type SizeOutcome, type SizeWhat } from './size-jobs.js';
import type { SpaceSizeInfo } from '../../protocol/lsp.js';
import { sizeLabel } from './describe.js';
import { sanitizeMessage } from '../../dsl/messages.js';

/** The size of one member of a space (a cell, a graph, a layer chain, a parameter, a sub-space). */
export interface MemberSizeInfo {
    /** The member's name (`cell`, `lr`, `layers`). */
    name: string;
    /** Where a hint goes: the member's name, or its keyword when unnamed. */
    nameRange: Range;
    range: Range;
    exact?: string;
    log10: number | null;
    label: string;
    estimated: boolean;
    /** A parameter of a layer chain: the count is per layer. */
    perLayer?: boolean;
    /** How the number is made (`5^6 (6 edges, 5 ops)`), from engine/size. */
    formula?: string;
    error?: string;
}

export interface SpaceSizeDetail extends SpaceSizeInfo {
    /** What kind of space it is, in words (`cell space`, `product of 2 spaces`, ...). */
    kind: string;
    /** Distinct members modulo isomorphism (digits), when known. */
    unique?: string;
    uniqueLabel?: string;
    log10Unique: number | null;
    /** Members are architectures (the space has a cell, graph or layer chain somewhere), not just settings. */
    architectures: boolean;
    /** The raw count is an estimate (constrained spaces beyond the enumeration limit). */
    estimated: boolean;
    /** The unique count is an estimate. */
    uniqueEstimated: boolean;
    /** 95% interval of the estimate, when there is one. */
    interval?: [number, number];
    note?: string;
    members: MemberSizeInfo[];
}

/** What sizing one space takes: compiled on the request thread (needs the AST), sized by size jobs. */
interface Plan {
    base: { name: string; range: Range; nameRange: Range };
    spec?: SpaceSpec;
    key?: string;
    /** A compile problem: no size then. */
    error?: string;
    members: MemberPlan[];
}

interface MemberPlan {
    base: { name: string; range: Range; nameRange: Range; perLayer?: boolean };
    spec?: SpaceSpec;
    key?: string;
    error?: string;
}

const plans = new WeakMap<ast.Space, Plan>();
const details = new WeakMap<ast.Space, SpaceSizeDetail>();

export interface SizeWaitOptions {
    /** `$/cancelRequest` of the request that waits: cancelling rejects with Langium's OperationCancelled. */
    token?: Cancellation.CancellationToken;
    /** Inlay hints and code lens: queue after the requests, and tell `sizeJobs.onBackgroundAnswer` listeners. */
    background?: boolean;
}

/** Sizes of every space of the document, in source order (each waits for its size job). */
export async function spaceSizes(document: LangiumDocument, options: SizeWaitOptions = {}): Promise<SpaceSizeDetail[]> {
    const model = document.parseResult.value as ast.Model;
    const spaces = model.declarations.filter(ast.isSpace);
    const result: SpaceSizeDetail[] = [];
    // Every job is queued first (the worker takes them in turn), then each answer is awaited in order.
    const all = spaces.map((space) => sizeOfDeclaration(space, options));
    all.forEach((p) => p.catch(() => undefined)); // a cancellation is rethrown below, once
    for (const detail of all) result.push(await detail);
    return result;
}

/** `spaceSizes` with `$/cancelRequest` honoured (the name the size requests use). */
export function spaceSizesCancellable(document: LangiumDocument, cancelToken: Cancellation.CancellationToken): Promise<SpaceSizeDetail[]> {
    return spaceSizes(document, { token: cancelToken });
}

/** The space whose declaration contains `offset`, if any. */
export function spaceAt(document: LangiumDocument, offset: number): ast.Space | undefined {
    const model = document.parseResult.value as ast.Model;
    return model.declarations.find((d): d is ast.Space => ast.isSpace(d) && !!d.$cstNode && d.$cstNode.offset <= offset && offset <= d.$cstNode.end);
}

/** The size of the space whose declaration contains `offset`, if any. */
export async function spaceSizeAt(document: LangiumDocument, offset: number, options: SizeWaitOptions = {}): Promise<SpaceSizeDetail | undefined> {
    const space = spaceAt(document, offset);
    return space ? sizeOfDeclaration(space, options) : undefined;
}

/** The size of one space declaration, once its size jobs have answered (cached per AST version). */
export async function sizeOfDeclaration(space: ast.Space, options: SizeWaitOptions = {}): Promise<SpaceSizeDetail> {
    const now = sizeOfDeclarationNow(space);
    if (now) return now;
    const plan = planOf(space);
    const jobs: Array<Promise<SizeOutcome>> = [];
    if (plan.spec && plan.key) jobs.push(sizeJobs.request(plan.key, 'space', plan.spec, options));
    for (const member of plan.members) if (member.spec && member.key) jobs.push(sizeJobs.request(member.key, 'part', member.spec, options));
    await Promise.all(jobs);
    return sizeOfDeclarationNow(space) ?? detailOf(plan, () => notYet);
}

const notYet: SizeOutcome = { type: 'not-computed', message: 'dropped from the size queue' };

/**
 * The size of one space declaration if every part of it is known now (cached, or plain arithmetic), else
 * undefined. Never waits and never starts a job: `sizeOfDeclaration` (or `prefetchSizes`) does.
 */
export function sizeOfDeclarationNow(space: ast.Space): SpaceSizeDetail | undefined {
    const known = details.get(space);
    if (known) return known;
    const plan = planOf(space);
    let missing = false;
    const detail = detailOf(plan, (key, what, spec) => {
        const outcome = sizeJobs.peek(key, what, spec);
        if (!outcome) missing = true;
        return outcome ?? notYet;
    });
    if (missing) return undefined;
    details.set(space, detail);
    return detail;
}

/** Starts the background size jobs of a space that is not sized yet (inlay hints, code lens). */
export function prefetchSizes(space: ast.Space): void {
    void sizeOfDeclaration(space, { background: true }).catch(() => undefined);
}

function planOf(space: ast.Space): Plan {
    let plan = plans.get(space);
    if (!plan) plans.set(space, (plan = makePlan(space)));
    return plan;
}

function makePlan(space: ast.Space): Plan {
    const range = space.$cstNode!.range;
    const nameRange = nameRangeOf(space) ?? range;
    const base = { name: space.name ?? '?', range, nameRange };
    try {
        // A space with an unresolved reference or a compile problem has no meaningful size (compile's
        // best-effort value would read as `1`): say why instead; the validator reports the details.
        const result = compiled(space);
        if (result.problem) return { base, error: sanitizeMessage(result.problem), members: [] };
        return { base, spec: result.spec, key: `space:${specKey(result.spec)}`, members: memberPlans(space) };
    } catch (error) {
        return { base, error: sanitizeMessage(error instanceof Error ? error.message : String(error)), members: [] };
    }
}

type Lookup = (key: string, what: SizeWhat, spec: SpaceSpec) => SizeOutcome;

function detailOf(plan: Plan, lookup: Lookup): SpaceSizeDetail {
    const { base, spec } = plan;
    const failed = (message: string, kind = 'space'): SpaceSizeDetail => ({ ...base, kind, architectures: false, log10: null, label: '?', error: message, log10Unique: null, estimated: false, uniqueEstimated: false, members: [] });
    if (plan.error || !spec || !plan.key) return failed(plan.error ?? 'not compiled');
    const outcome = lookup(plan.key, 'space', spec);
    if (outcome.type === 'failed') return failed(outcome.message);
    if (outcome.type === 'not-computed') return failed(outcome.message, spaceKind(spec));
    if (outcome.type === 'empty') return failed('not compiled');
    const size = outcome.size;
    // The engine bounds deep cells by raw only ("unique is only bounded by raw"): no unique count then.
    const uniqueKnown = outcome.uniqueKnown && !(size.note ?? '').includes('only bounded');
    // `exact: false` covers both counts of a constrained space, and only the unique count otherwise.
    const estimated = !size.exact && hasConstraints(spec);
    const uniqueEstimated = !size.exact;
    const continuous = size.raw === 'continuous';
    const unique = uniqueKnown && size.unique !== 'continuous' ? size.unique : undefined;
    return {
        ...base,
        kind: spaceKind(spec),
        architectures: hasArchitecture(spec),
        exact: continuous ? undefined : (size.raw as bigint).toString(),
        log10: continuous ? null : size.log10Raw,
        label: sizeLabel(size.raw, size.log10Raw, estimated),
        unique: unique?.toString(),
        uniqueLabel: unique === undefined ? undefined : sizeLabel(unique, size.log10Unique, uniqueEstimated),
        log10Unique: unique === undefined ? null : size.log10Unique,
        estimated,
        uniqueEstimated: unique !== undefined && uniqueEstimated,
        interval: unique === undefined && !estimated ? undefined : size.interval,
        note: uniqueKnown ? size.note : 'unique count not estimated in the editor (too costly): `lissnas size` computes it',
        members: plan.members.map((member) => memberDetail(member, lookup)),
    };
}

/** The members of a space, each compiled alone (a one-member space). */
function memberPlans(space: ast.Space): MemberPlan[] {
    const result: MemberPlan[] = [];
    for (const member of space.members) {
        if (ast.isNetwork(member) || ast.isConstraint(member) || !member.$cstNode) continue;
        result.push(memberPlan(space, member));
        if (ast.isLayers(member)) {
            for (const param of member.params) {
                const alone = memberPlan(space, param);
                result.push({ ...alone, base: { ...alone.base, perLayer: true } });
            }
        }
    }
    return result;
}

function memberPlan(space: ast.Space, member: ast.SpaceMember | ast.Dimension): MemberPlan {
    const name = ('name' in member && member.name) || (ast.isLayers(member) ? 'layers' : member.$cstNode!.text.split(/\s/)[0]);
    const range = member.$cstNode!.range;
    // `layers 20`: after the count reads best (`layers 20: 3.83 × 10^21`).
    const countRange = ast.isLayers(member) ? GrammarUtils.findNodeForProperty(member.$cstNode, 'count')?.range : undefined;
    const nameRange = countRange ?? nameRangeOf(member) ?? firstTokenRange(member) ?? range;
    const base = { name, range, nameRange };
    try {
        // A synthetic space holding only this member: compile resolves its references as usual.
        const { spec, problem } = compiledMember(space, member);
        if (problem) return { base, error: sanitizeMessage(problem) };
        return { base, spec, key: `part:${specKey(spec)}` };
    } catch (error) {
        return { base, error: sanitizeMessage(error instanceof Error ? error.message : String(error)) };
    }
}

function memberDetail(member: MemberPlan, lookup: Lookup): MemberSizeInfo {
    const base = { ...member.base, log10: null, label: '?', estimated: false };
    if (member.error || !member.spec || !member.key) return { ...base, error: member.error ?? 'not compiled' };
    const outcome = lookup(member.key, 'part', member.spec);
    if (outcome.type === 'empty') return { ...base, error: 'not compiled' };
    if (outcome.type !== 'sized') return { ...base, error: outcome.message };
    const size = outcome.size;
    const estimated = !size.exact && outcome.kind === 'subspace' && hasConstraints(member.spec);
    return {
        ...member.base,
        exact: size.raw === 'continuous' ? undefined : size.raw.toString(),
        log10: size.raw === 'continuous' ? null : size.log10Raw,
        label: sizeLabel(size.raw, size.log10Raw, estimated),
        estimated,
        formula: outcome.formula || undefined,
    };
}

function hasArchitecture(spec: SpaceSpec): boolean {
    return spec.components.some((c) => (c.kind === 'subspace' ? hasArchitecture(c.space) : c.kind !== 'param'));
}

function hasConstraints(spec: SpaceSpec): boolean {
    return spec.constraints.length > 0 || spec.components.some((c) => c.kind === 'subspace' && hasConstraints(c.space));
}

/** `cell space`, `DARTS cell space`, `graph space`, `layer chain`, `hyperparameter space`, `product of 2 spaces`. */
export function spaceKind(spec: SpaceSpec): string {
    if (spec.saved) return `shrunk space (members of ${spec.saved.base} saved by a run)`;
    const constrained = spec.constraints.length > 0 ? 'constrained ' : '';
    const parts = spec.components;
    const one = (c: ComponentSpec): string => {
        switch (c.kind) {
            case 'cell': return 'cell space';
            case 'darts': return 'DARTS cell space';
            case 'graph': return 'graph space';
            case 'chain': return 'layer chain';
            case 'param': return 'hyperparameter space';
            case 'subspace': return `${spaceKind(c.space)}`;
        }
    };
    if (parts.length === 0) return `${constrained}empty space`;
    if (parts.length === 1) return constrained + one(parts[0]);
    if (parts.every((c) => c.kind === 'param')) return `${constrained}hyperparameter space`;
    const darts = parts.filter((c) => c.kind === 'darts').length;
    if (darts === parts.length) return `${constrained}DARTS cell space (${darts} cells)`;
    const subspaces = parts.filter((c) => c.kind === 'subspace').length;
    if (subspaces === parts.length) return `${constrained}product of ${subspaces} spaces`;
    return `${constrained}product of ${parts.length} components`;
}

function nameRangeOf(node: ast.SpaceMember | ast.Space | ast.Dimension): Range | undefined {
    return GrammarUtils.findNodeForProperty(node.$cstNode, 'name')?.range;
}

/** The first token of a member (`layers`, `cell`, `graph` when unnamed). */
function firstTokenRange(node: ast.SpaceMember | ast.Dimension): Range | undefined {
    return node.$cstNode ? CstUtils.flattenCst(node.$cstNode).find((leaf) => !leaf.hidden)?.range : undefined;
}
