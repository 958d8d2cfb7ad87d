/**
 * Sizes of the spaces of a document, for hover, inlay hints, code lenses and the `lissnas/spaceSizes` /
 * `lissnas/spaceSizeAt` requests (protocol/lsp.ts). Pure functions of a parsed document: they compile
 * each space (dsl/compile.ts) and size it (engine/size), and return JSON-safe data (bigints as digit strings).
 *
 * Results are cached per AST root: Langium builds a new root on every edit, so a stale entry can never be
 * returned, and the hover, inlay hints and code lens of one version share one computation.
 * A space that cannot be sized (unresolved reference, invalid setting, a bug in the engine) gets `error`
 * instead of failing the whole document.
 */
import { Cancellation, CstUtils, GrammarUtils, interruptAndCheck, type LangiumDocument } from 'langium';
import type { Range } from 'vscode-languageserver';
import * as ast from '../../dsl/generated/ast.js';
import { compiled, compiledMember, specKey } from './spec-cache.js';
import type { ComponentSpec, SpaceSpec } from '../../engine/spec.js';
import type { SpaceSize } from '../../engine/size/types.js';
import { sizeBreakdown, sizeOfSpace } from '../../engine/size/index.js';
import { boundedSize } from './editor-size.js';
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

const cache = new WeakMap<ast.Model, Map<ast.Space, SpaceSizeDetail>>();

/** Sizes of every space of the document, in source order. */
export function spaceSizes(document: LangiumDocument): SpaceSizeDetail[] {
    const model = document.parseResult.value as ast.Model;
    return model.declarations.filter(ast.isSpace).map((space) => sizeOfDeclaration(space));
}

/**
 * `spaceSizes`, yielding to the event loop between spaces (Langium's `interruptAndCheck`): other requests
 * are answered in between, and `$/cancelRequest` (or an edit, which cancels the request) stops the work at
 * the next space with Langium's "operation cancelled" instead of finishing a stale answer.
 */
export async function spaceSizesCancellable(document: LangiumDocument, cancelToken: Cancellation.CancellationToken): Promise<SpaceSizeDetail[]> {
    const model = document.parseResult.value as ast.Model;
    const result: SpaceSizeDetail[] = [];
    for (const space of model.declarations.filter(ast.isSpace)) {
        await interruptAndCheck(cancelToken);
        result.push(sizeOfDeclaration(space));
    }
    return result;
}

/** The size of the space whose declaration contains `offset`, if any. */
export function spaceSizeAt(document: LangiumDocument, offset: number): SpaceSizeDetail | undefined {
    const model = document.parseResult.value as ast.Model;
    const space = model.declarations.find((d): d is ast.Space => ast.isSpace(d) && !!d.$cstNode && d.$cstNode.offset <= offset && offset <= d.$cstNode.end);
    return space ? sizeOfDeclaration(space) : undefined;
}

/** The size of one space declaration (cached per AST version). */
export function sizeOfDeclaration(space: ast.Space): SpaceSizeDetail {
    const model = space.$container;
    let perModel = cache.get(model);
    if (!perModel) cache.set(model, (perModel = new Map()));
    let detail = perModel.get(space);
    if (!detail) perModel.set(space, (detail = computeDetail(space)));
    return detail;
}

function computeDetail(space: ast.Space): SpaceSizeDetail {
    const range = space.$cstNode!.range;
    const nameRange = nameRangeOf(space) ?? range;
    const base = { name: space.name ?? '?', range, nameRange };
    let spec: SpaceSpec;
    let size: SpaceSize;
    let uniqueKnown: boolean;
    try {
        // A space with an unresolved reference or a compile problem has no meaningful size (compile's
        // best-effort value would read as `1`): say why instead; the validator reports the details.
        const result = compiled(space);
        spec = result.spec;
        if (result.problem) throw new Error(result.problem);
        const bounded = boundedSize(`space:${specKey(spec)}`, (options) => sizeOfSpace(spec, options), (s) => s.exact);
        size = bounded.result;
        // The engine bounds deep cells by raw only ("unique is only bounded by raw"): no unique count then.
        uniqueKnown = bounded.uniqueKnown && !(size.note ?? '').includes('only bounded');
    } catch (error) {
        const message = sanitizeMessage(error instanceof Error ? error.message : String(error));
        return { ...base, kind: 'space', architectures: false, log10: null, label: '?', error: message, log10Unique: null, estimated: false, uniqueEstimated: false, members: [] };
    }
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
        members: memberSizes(space),
    };
}

/** Sizes of the members of a space, each compiled and sized alone (a one-member space). */
function memberSizes(space: ast.Space): MemberSizeInfo[] {
    const result: MemberSizeInfo[] = [];
    for (const member of space.members) {
        if (ast.isNetwork(member) || ast.isConstraint(member) || !member.$cstNode) continue;
        result.push(sizeOfMember(space, member));
        if (ast.isLayers(member)) {
            for (const param of member.params) {
                const alone = sizeOfMember(space, param);
                result.push({ ...alone, perLayer: true });
            }
        }
    }
    return result;
}

function sizeOfMember(space: ast.Space, member: ast.SpaceMember | ast.Dimension): MemberSizeInfo {
    const name = ('name' in member && member.name) || (ast.isLayers(member) ? 'layers' : member.$cstNode!.text.split(/\s/)[0]);
    const range = member.$cstNode!.range;
    // `layers 20`: after the count reads best (`layers 20: 3.83 × 10^21`).
    const countRange = ast.isLayers(member) ? GrammarUtils.findNodeForProperty(member.$cstNode, 'count')?.range : undefined;
    const nameRange = countRange ?? nameRangeOf(member) ?? firstTokenRange(member) ?? range;
    try {
        // A synthetic space holding only this member: compile resolves its references as usual.
        const { spec, problem } = compiledMember(space, member);
        if (problem) return { name, range, nameRange, log10: null, label: '?', estimated: false, error: sanitizeMessage(problem) };
        // Members show raw counts and formulas, which need no estimate: the bounded probe is enough.
        const component = boundedSize(`part:${specKey(spec)}`, (options) => sizeBreakdown(spec, options), (parts) => parts.every((p) => p.size.exact), false).result[0];
        if (!component) return { name, range, nameRange, log10: null, label: '?', estimated: false, error: 'not compiled' };
        const size = component.size;
        const estimated = !size.exact && component.kind === 'subspace' && hasConstraints(spec);
        return {
            name,
            range,
            nameRange,
            exact: size.raw === 'continuous' ? undefined : size.raw.toString(),
            log10: size.raw === 'continuous' ? null : size.log10Raw,
            label: sizeLabel(size.raw, size.log10Raw, estimated),
            estimated,
            formula: component.formula || undefined,
        };
    } catch (error) {
        return { name, range, nameRange, log10: null, label: '?', estimated: false, error: sanitizeMessage(error instanceof Error ? error.message : String(error)) };
    }
}

function hasArchitecture(spec: SpaceSpec): boolean {
    return spec.components.some((c) => (c.kind === 'subspace' ? hasArchitecture(c.space) : c.kind !== 'param'));
}

function hasConstraints(spec: SpaceSpec): boolean {
    return spec.constraints.length > 0 || spec.components.some((c) => c.kind === 'subspace' && hasConstraints(c.space));
}

/** `cell space`, `DARTS cell space`, `graph space`, `layer chain`, `hyperparameter space`, `product of 2 spaces`. */
export function spaceKind(spec: SpaceSpec): string {
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
