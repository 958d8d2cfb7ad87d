/**
 * Hover (Markdown): what the thing under the cursor means, and how big it is.
 * - a space (declaration or reference): its kind and size, `NB201 — cell space, 15,625 architectures
 *   (10^4.19), 6,466 unique`, estimates marked `≈`, the size of each member, and its leading comment;
 * - a parameter: its domain, condition and number of values;
 * - an op (op set entry, inline op, implementation kind): what it computes (implementation and arguments);
 * - an evaluator / policy / search, or its kind: the kind's documentation and its settings with their docs;
 * - a setting key: the key's documentation for the enclosing kind (engine/registry/kinds/);
 * - a keyword or distribution: a short doc.
 */
import type { AstNode, LangiumDocument, References } from 'langium';
import type { HoverProvider, LangiumServices } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import type { Cancellation } from 'langium';
import * as ast from '../../dsl/generated/ast.js';
import { DISTRIBUTION_PARAMETERS } from '../../dsl/compile.js';
import { findKnownOp, findOpImplementation } from '../../dsl/validation/op-catalogue.js';
import { kindDeclaration, settingDeclaration, settingsOf, type DeclarationCategory, type KindDeclaration } from '../../engine/registry/index.js';
import { architecturesText } from '../../engine/space/network-keys.js';
import { categoryOf } from '../../dsl/validation/settings.js';
import { cursorAt, leadingComment, settingOwner } from './context.js';
import { argText, conditionText, domainText, log10Label, opImplText, valueText } from './describe.js';
import { DISTRIBUTION_DOCS, keywordDoc } from './keyword-docs.js';
import { sizeOfDeclaration, sizeOfDeclarationNow, type MemberSizeInfo, type SpaceSizeDetail } from './space-size.js';
import { sizeWorkerLimits } from './size-jobs.js';

/** The size of a space as hover shows it: known now, or a placeholder (and the space noted as missing). */
export type SizeGetter = (space: ast.Space) => SpaceSizeDetail;

export class NasHoverProvider implements HoverProvider {
    private readonly references: References;

    constructor(services: LangiumServices) {
        this.references = services.references.References;
    }

    /**
     * Two passes: the text is built from the sizes known now (cached, plain arithmetic); if it needed a size
     * that is not known, the size jobs are awaited (off the request thread: other requests are answered
     * meanwhile; `$/cancelRequest` answers RequestCancelled at once) and the text is built again, for at most
     * `sizeWorkerLimits.hoverWaitMs`: a size still unknown then says it is being computed (the job goes on).
     */
    async getHoverContent(document: LangiumDocument, params: HoverParams, cancelToken?: Cancellation.CancellationToken): Promise<Hover | undefined> {
        const offset = document.textDocument.offsetAt(params.position);
        const missing = new Set<ast.Space>();
        let markdown = hoverMarkdown(document, offset, this.references, (space) => sizeOfDeclarationNow(space) ?? (missing.add(space), placeholder(space)));
        if (missing.size > 0) {
            const sized = Promise.all([...missing].map((space) => sizeOfDeclaration(space, { token: cancelToken })));
            // A cancellation after the hover stopped waiting must not become an unhandled rejection.
            sized.catch(() => undefined);
            let timer: NodeJS.Timeout | undefined;
            const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, sizeWorkerLimits.hoverWaitMs)));
            await Promise.race([sized, waited]).finally(() => clearTimeout(timer));
            markdown = hoverMarkdown(document, offset, this.references, (space) => sizeOfDeclarationNow(space) ?? placeholder(space));
        }
        return markdown ? { contents: { kind: 'markdown', value: markdown } } : undefined;
    }
}

const BEING_COMPUTED = 'being computed';

/** Stands for a size not known yet: in the first pass (its text is thrown away), or after the hover stopped waiting. */
function placeholder(space: ast.Space): SpaceSizeDetail {
    const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return { name: space.name ?? '?', range, nameRange: range, kind: 'space', architectures: false, log10: null, label: '?', error: BEING_COMPUTED, log10Unique: null, estimated: false, uniqueEstimated: false, members: [] };
}

/** The hover text at `offset`, or undefined where there is nothing to say. */
export function hoverMarkdown(document: LangiumDocument, offset: number, references: References, sizes: SizeGetter): string | undefined {
    const cursor = cursorAt(document, offset);
    if (!cursor) return undefined;
    const { leaf, node, feature, keyword } = cursor;

    // Setting keys: documented by the kind of the declaration that holds them.
    if (feature === 'key' && (ast.isGenericSetting(node) || ast.isEvaluateSetting(node) || ast.isMatchSetting(node))) {
        return settingKeyHover(node, leaf.text);
    }
    // The kind of an evaluator / policy / search: `table`, `lissnas`, `evolution`.
    if (feature === 'kind' && (ast.isEvaluator(node) || ast.isPolicy(node) || ast.isSearch(node))) {
        return kindHover(categoryOf(node), node.kind);
    }
    if (feature === 'kind' && ast.isOpImpl(node)) return implementationHover(node.kind);
    if (feature === 'kind' && ast.isDistribution(node)) return distributionHover(node.kind);
    if (feature === 'name' && ast.isArg(node) && ast.isOpImpl(node.$container)) {
        const arg = findOpImplementation(node.$container.kind)?.args.find((a) => a.name === node.name);
        return arg ? `**${arg.name}** (argument of \`${node.$container.kind}\`)${arg.required ? '' : ', optional'}: ${arg.doc}` : undefined;
    }
    if (feature === 'name' && ast.isArg(node) && ast.isDistribution(node.$container)) {
        const kind = node.$container.kind;
        const position = DISTRIBUTION_PARAMETERS[kind].indexOf(node.name ?? '');
        return position >= 0 ? `**${node.name}** — parameter ${position + 1} of \`${kind}(${DISTRIBUTION_PARAMETERS[kind].join(', ')})\`` : undefined;
    }
    if (feature === 'name' && ast.isInlineOp(node)) return inlineOpHover(node);

    // Declarations and references to them.
    const target = references.findDeclarations(leaf)[0];
    if (target) return declarationHover(document, target, sizes);
    if (keyword) {
        // `cell {`, `graph {`, `layers 20 {` without a name: the keyword stands for the member, so say its size too.
        const doc = keywordHover(keyword);
        if ((keyword === 'cell' && ast.isCell(node)) || (keyword === 'graph' && ast.isGraph(node))) return `${memberHover(node, sizes)}\n\n${doc}`;
        if (keyword === 'layers' && ast.isLayers(node)) return `${layersHover(node, sizes)}\n\n${doc}`;
        return doc;
    }
    return undefined;
}

function layersHover(layers: ast.Layers, sizes: SizeGetter): string {
    const size = memberSize(layers, sizes);
    return `**layers ${layers.count}** — layer chain of ${layers.count} layers, ${layers.params.length} parameter${layers.params.length === 1 ? '' : 's'} per layer${size && !size.error ? `, ${memberSizeText(size, 'choices')}` : ''}`;
}

function keywordHover(word: string): string | undefined {
    const doc = keywordDoc(word);
    return doc ? `**${word}** — ${doc}` : undefined;
}

function settingKeyHover(setting: ast.Setting, key: string): string | undefined {
    const owner = settingOwner(setting);
    if (owner) {
        const schema = settingDeclaration(owner.category, owner.kind, key);
        if (schema) {
            const only = schema.architectures ? `, ${architecturesText(schema.architectures)} only` : '';
            const where = owner.category === 'network' ? `network${only}` : `${owner.category} \`${owner.kind}\``;
            const syntax = schema.shape.syntax ? ` \`${key} ${schema.shape.syntax}\`` : ` \`${key}\``;
            return `**${key}** (setting of ${where})${schema.required ? ', required' : ''} —${syntax}\n\n${schema.doc}${defaultText(schema.default)}`;
        }
        if (kindDeclaration(owner.category, owner.kind)) return `**${key}** — not a setting of ${owner.category} \`${owner.kind}\``;
    }
    return keywordHover(key);
}

function kindHover(category: DeclarationCategory, kind: string): string {
    const schema = kindDeclaration(category, kind);
    if (!schema) return `**${kind}** — unknown ${category} kind`;
    return `**${kind}** (${category}) — ${schema.doc}${settingsTable(schema)}`;
}

/** ` Default: 100.` for a setting with a plain default (structured defaults are said in the doc text). */
function defaultText(value: unknown): string {
    return typeof value === 'number' || typeof value === 'string' ? ` Default: \`${value}\`.` : '';
}

function settingsTable(schema: KindDeclaration): string {
    const args = schema.args.map((a) => `- argument \`${a.syntax}\`: ${a.doc}`);
    const settings = settingsOf(schema).map((s) => `- \`${s.key}${s.shape.syntax ? ' ' + s.shape.syntax : ''}\`${s.required ? ' (required)' : ''}: ${s.doc}`);
    const lines = [...args, ...settings];
    return lines.length > 0 ? `\n\nSettings:\n${lines.join('\n')}` : '';
}

function implementationHover(kind: string): string {
    const impl = findOpImplementation(kind);
    if (!impl) return `**${kind}** — unknown op implementation`;
    const args = impl.args.map((a) => `- \`${a.name}\`${a.required ? '' : ' (optional)'}: ${a.doc}`).join('\n');
    const aliases = impl.aliases.length > 0 ? ` (also: ${impl.aliases.join(', ')})` : '';
    return `**${impl.kind}**${aliases} — ${impl.doc}${args ? `\n\nArguments:\n${args}` : ''}`;
}

function distributionHover(kind: string): string {
    return `**${kind}** — ${DISTRIBUTION_DOCS[kind] ?? 'distribution'}`;
}

function inlineOpHover(op: ast.InlineOp): string {
    const known = findKnownOp(op.name);
    if (!known) return `**${op.name}** — op (not in the NAS-Bench-201, NAS-Bench-101 or DARTS vocabularies: define it in an \`ops\` set to say what it computes)`;
    const implKind = known.impl.split('(')[0];
    const impl = findOpImplementation(implKind);
    return `**${op.name}** = \`${known.impl}\` — ${impl?.doc ?? ''} (${known.vocabularies.join(', ')} vocabulary)`;
}

function declarationHover(document: LangiumDocument, target: AstNode, sizes: SizeGetter): string | undefined {
    const comment = leadingComment(document, target);
    const withComment = (text: string) => (comment ? `${text}\n\n---\n${comment}` : text);
    if (ast.isSpace(target)) return withComment(spaceHover(sizes(target)));
    if (ast.isDimension(target)) return withComment(dimensionHover(target, sizes));
    if (ast.isCell(target) || ast.isGraph(target)) return withComment(memberHover(target, sizes));
    if (ast.isOpSet(target)) {
        const rows = target.ops.map((op) => `- \`${op.name}\`${op.impl ? ` = \`${opImplText(op.impl)}\`` : ''}`);
        return withComment(`**ops ${target.name}** — op set, ${target.ops.length} op${target.ops.length === 1 ? '' : 's'}\n\n${rows.join('\n')}`);
    }
    if (ast.isOpDef(target)) return withComment(opDefHover(target));
    if (ast.isEvaluator(target)) {
        const call = `${target.kind}(${target.args.map(argText).join(', ')})`;
        return withComment(`**evaluator ${target.name}** = \`${call}\`${declaredSettings(target.settings)}\n\n${kindHover('evaluator', target.kind)}`);
    }
    if (ast.isPolicy(target)) {
        const call = `${target.kind}(${target.space?.$refText ?? ''})`;
        return withComment(`**policy ${target.name}** = \`${call}\`${declaredSettings(target.settings)}\n\n${kindHover('policy', target.kind)}`);
    }
    if (ast.isSearch(target)) {
        const call = `${target.kind}(${target.target?.$refText ?? ''})`;
        return withComment(`**search ${target.name}** = \`${call}\`${declaredSettings(target.settings)}\n\n${kindHover('search', target.kind)}`);
    }
    return undefined;
}

function declaredSettings(settings: ast.Setting[]): string {
    if (settings.length === 0) return '';
    const text = settings.map((s) => {
        if (ast.isEvaluateSetting(s)) return `evaluate ${s.evaluator?.$refText ?? ''}`;
        if (ast.isMatchSetting(s)) return `match ${s.policy?.$refText ?? ''}`;
        return [s.key, ...s.values.map(valueText)].join(' ');
    });
    return ` \`{ ${text.join('; ')} }\``;
}

/** `NB201 — cell space, 15,625 architectures (10^4.19), 6,466 unique`. */
export function spaceSummary(size: SpaceSizeDetail): string {
    if (size.error === BEING_COMPUTED) return `${size.name} — size being computed in the background: hover again in a moment`;
    if (size.error) return `${size.name} — ${size.kind}, size not computed: ${size.error}`;
    const noun = size.architectures ? 'architectures' : 'configurations';
    if (size.log10 === null) return `${size.name} — ${size.kind}, ${size.label} ${noun}`;
    let text = `${size.name} — ${size.kind}, ${size.label} ${noun} (${log10Label(size.log10)})`;
    if (size.unique !== undefined && (size.unique !== size.exact || size.uniqueEstimated)) text += `, ${size.uniqueLabel} unique`;
    return text;
}

function spaceHover(size: SpaceSizeDetail): string {
    const lines = [`**${spaceSummary(size).replace(' — ', '** — ')}`];
    if (size.estimated || size.uniqueEstimated) {
        const interval = size.interval ? ` (95% interval ${Math.round(size.interval[0]).toLocaleString('en-US')}–${Math.round(size.interval[1]).toLocaleString('en-US')})` : '';
        lines.push(`≈: estimated by sampling${interval}`);
    }
    if (size.note) lines.push(size.note);
    const members = size.members.filter((m) => !m.perLayer);
    if (members.length > 0) lines.push(members.map((m) => `- \`${m.name}\`: ${memberSizeText(m)}`).join('\n'));
    return lines.join('\n\n');
}

/** `15,625 = 5^6 (6 edges, 5 ops)`; the formula is left out when it only repeats the number. */
function memberSizeText(member: MemberSizeInfo, noun = ''): string {
    if (member.error) return '?';
    const informative = member.formula && member.formula !== member.exact && !/^(space |\w+: )/.test(member.formula);
    const formula = informative ? ` = ${member.formula}` : '';
    return member.label + (noun ? ` ${noun}` : '') + formula;
}

function memberSize(member: AstNode, sizes: SizeGetter): MemberSizeInfo | undefined {
    const space = member.$container && ast.isLayers(member.$container) ? member.$container.$container : member.$container;
    const start = member.$cstNode?.range.start;
    if (!space || !ast.isSpace(space) || !start) return undefined;
    return sizes(space).members.find((m) => m.range.start.line === start.line && m.range.start.character === start.character);
}

function dimensionHover(dimension: ast.Dimension, sizes: SizeGetter): string {
    const size = memberSize(dimension, sizes);
    let count = '';
    if (size && !size.error) count = size.log10 === null ? ', continuous' : `, ${size.label} value${size.label === '1' ? '' : 's'}${size.perLayer ? ' per layer' : ''}`;
    const when = dimension.condition ? `\n\nonly when \`${conditionText(dimension.condition)}\`` : '';
    if (dimension.space) {
        const target = dimension.space.ref;
        const sub = target ? spaceSummary(sizes(target)) : `${dimension.space.$refText} (unresolved)`;
        return `**${dimension.name}** — sub-space: ${sub}${when}`;
    }
    const domain = dimension.domain ? domainText(dimension.domain) : '?';
    const doc = dimension.domain && ast.isDistribution(dimension.domain) ? `\n\n${DISTRIBUTION_DOCS[dimension.domain.kind] ?? ''}` : '';
    return `**${dimension.name}** — parameter \`${domain}\`${count}${when}${doc}`;
}

function memberHover(member: ast.Cell | ast.Graph, sizes: SizeGetter): string {
    const size = memberSize(member, sizes);
    const what = ast.isGraph(member) ? 'graph' : member.copyOf ? `cell, copy of \`${member.copyOf.$refText}\`` : member.settings.some((s) => ast.isPickSetting(s) || ast.isInputsSetting(s)) ? 'DARTS cell' : 'cell';
    const name = member.name ?? (ast.isGraph(member) ? 'graph' : 'cell');
    return `**${name}** — ${what}${size && !size.error ? `, ${memberSizeText(size, 'choices')}` : ''}`;
}

function opDefHover(op: ast.OpDef): string {
    if (!op.impl) {
        const known = findKnownOp(op.name);
        return known ? `**${op.name}** — \`${known.impl}\` (${known.vocabularies.join(', ')} vocabulary)` : `**${op.name}** — op without implementation`;
    }
    const impl = findOpImplementation(op.impl.kind);
    return `**${op.name}** = \`${opImplText(op.impl)}\` — ${impl?.doc ?? 'unknown implementation'}`;
}
