/**
 * Completion. Langium's default proposes keywords and cross-references (spaces, op sets, evaluators,
 * policies, parameters) from the grammar; on top of it:
 * - setting keys valid for the enclosing evaluator/policy/search kind or network block (and only those:
 *   setting keys are keywords, so the default would offer all 35 of them everywhere a name may go);
 * - evaluator/policy/search kinds after `=`; distributions after a parameter name;
 * - op names inside `ops [...]`: ops of the op sets in scope and the catalogue of known ops;
 * - CSV column names after `metric`/`report`/`key` in a `table("file.csv")` evaluator (the header of the
 *   file, relative to the document's folder, read through the language's FileSystemProvider), and
 *   `nb201`/`digits` after `key <column> as`;
 * - proxy names in `proxy(...)`, dataset names in `train(...)`, words of word-valued settings.
 */
import { AstUtils, stream, UriUtils, type AstNode, type AstNodeDescription, type FileSystemProvider, type LangiumDocument, type ReferenceInfo, type Stream } from 'langium';
import { DefaultCompletionProvider, findNextFeatures, type CompletionAcceptor, type CompletionContext, type CompletionValueItem, type LangiumServices, type NextFeature } from 'langium/lsp';
import { CompletionItemKind, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import * as ast from '../../dsl/generated/ast.js';
import { KNOWN_OPS } from '../../dsl/validation/op-catalogue.js';
import { readCsvHeader } from '../../dsl/validation/csv-header.js';
import { KEY_FORMATS, kindDeclaration, kindsOf, settingDeclaration, type DeclarationCategory } from '../../engine/registry/index.js';
import { categoryOf } from '../../dsl/validation/settings.js';
import { spaceSpecOf } from '../../dsl/validation/space-size.js';
import { networkArchitecture } from '../../engine/space/network-architecture.js';
import { keyAppliesTo } from '../../engine/space/network-keys.js';
import type { NetworkArchitecture } from '../../engine/registry/types.js';
import { keywordsOfRules } from './keywords.js';
import { keywordDoc } from './keyword-docs.js';
import { parseStart, startBefore, topLevelStarts, type TopLevelStarts } from './completion-slices.js';

type GrammarKeyword = { $type: 'Keyword'; value: string };

const KIND_ITEM: Record<string, CompletionItemKind> = {
    Space: CompletionItemKind.Struct,
    OpSet: CompletionItemKind.Enum,
    Evaluator: CompletionItemKind.Function,
    Policy: CompletionItemKind.Event,
    Search: CompletionItemKind.Method,
    Dimension: CompletionItemKind.Field,
    Cell: CompletionItemKind.Class,
};

export class NasCompletionProvider extends DefaultCompletionProvider {
    /** Keywords the grammar also accepts as names: offered only where they mean something. */
    private readonly nameKeywords: Set<string>;

    private readonly fileSystem: FileSystemProvider;

    constructor(services: LangiumServices) {
        super(services);
        this.fileSystem = services.shared.workspace.FileSystemProvider;
        this.nameKeywords = new Set(keywordsOfRules(services.Grammar, ['SettingKey', 'DistributionKind']));
    }

    /** Contexts whose language-specific values were already offered (completionFor runs once per feature). */
    private readonly served = new WeakSet<CompletionContext>();
    /** The situation of each context, classified once (completionFor runs once per proposed feature). */
    private readonly situations = new WeakMap<CompletionContext, Situation>();
    /**
     * Top-level declaration starts of the document being completed, set when a request starts. The
     * overridden Langium hooks receive only the text; they use these starts when the text is the same
     * (an interleaved request on another document makes them fall back to Langium's whole-text way).
     */
    private current: TopLevelStarts | undefined;
    /** Off: Langium's whole-document parsing and lexing (test/server/completion-slices.test.ts compares both). */
    declarationLocal = true;

    protected override *buildContexts(document: LangiumDocument, position: Position): IterableIterator<CompletionContext> {
        this.current = this.declarationLocal ? topLevelStarts(document) : undefined;
        yield* super.buildContexts(document, position);
    }

    private startsFor(text: string): TopLevelStarts | undefined {
        const current = this.current;
        return current && current.text === text ? current : undefined;
    }

    /** Langium's `findFeaturesAt`, parsing from a top-level declaration start instead of offset 0. */
    protected override findFeaturesAt(document: TextDocument, offset: number): NextFeature[] {
        const text = document.getText();
        const index = this.startsFor(text);
        const start = index ? parseStart(index, offset) : 0;
        if (start === 0) return super.findFeaturesAt(document, offset);
        const parserResult = this.completionParser.parse(text.slice(start, offset));
        // Cannot happen (the slice begins with a whole declaration), but the default knows what to do.
        if (parserResult.tokenIndex === 0) return super.findFeaturesAt(document, offset);
        const leftoverTokens = parserResult.tokens.slice(parserResult.tokenIndex);
        return findNextFeatures([parserResult.elementStack.map((feature) => ({ feature }))], leftoverTokens);
    }

    /**
     * Langium's `backtrackToAnyToken` lexes the whole document to find the tokens around the cursor. Lexing
     * is context-free from any token start, so lexing the enclosing top-level declaration (from its start
     * to the next one's) finds the same tokens.
     */
    protected override backtrackToAnyToken(text: string, offset: number): ReturnType<DefaultCompletionProvider['backtrackToAnyToken']> {
        const index = this.startsFor(text);
        const i = index ? startBefore(index.starts, offset) : -1;
        if (i < 0) return super.backtrackToAnyToken(text, offset);
        const start = index!.starts[i];
        const end = index!.starts[i + 1] ?? text.length;
        const tokens = this.lexer.tokenize(text.slice(start, end)).tokens;
        // The first token starts at `start` < offset, so "no previous token" cannot arise as in the default.
        let previous: { start: number; end: number } | undefined;
        for (const token of tokens) {
            const tokenStart = token.startOffset + start;
            const tokenEnd = token.endOffset! + start + 1;
            if (tokenStart >= offset) {
                return { nextTokenStart: offset, nextTokenEnd: offset, previousTokenStart: previous?.start, previousTokenEnd: previous?.end };
            }
            if (tokenEnd - 1 >= offset) {
                return { nextTokenStart: tokenStart, nextTokenEnd: tokenEnd, previousTokenStart: previous?.start, previousTokenEnd: previous?.end };
            }
            previous = { start: tokenStart, end: tokenEnd };
        }
        return { nextTokenStart: offset, nextTokenEnd: offset, previousTokenStart: previous?.start, previousTokenEnd: previous?.end };
    }

    private situationOf(context: CompletionContext): Situation {
        let situation = this.situations.get(context);
        if (!situation) {
            situation = situationAt(context);
            this.situations.set(context, situation);
        }
        return situation;
    }

    protected override async completionFor(context: CompletionContext, next: NextFeature, acceptor: CompletionAcceptor): Promise<void> {
        const situation = this.situationOf(context);
        if (!this.served.has(context)) {
            this.served.add(context);
            await this.valueCompletions(context, situation, acceptor);
        }
        if (next.feature.$type === 'Keyword') {
            const keyword = next.feature as unknown as GrammarKeyword;
            // A keyword spelled as a name (`space ops`, `key ops`) is not proposed as a keyword: the names proposed
            // there come from the declarations, columns and catalogues.
            if (NAME_SPELLING_RULES.has(ruleOf(next.feature) ?? '')) return;
            if (!this.filterKeyword(context, next.feature as never) || !this.keywordFits(keyword.value, situation)) return;
            acceptor(context, { label: keyword.value, kind: CompletionItemKind.Keyword, detail: 'keyword', documentation: keywordDoc(keyword.value), sortText: '1' });
            return;
        }
        // `constraint |`, `cell |`: the grammar also reads the keyword as a dimension's name followed by a space
        // reference; after a member keyword only what the member takes is useful.
        if (next.feature.$type === 'CrossReference' && ruleOf(next.feature) === 'Dimension' && afterMemberKeyword(context)) return;
        await super.completionFor(context, next, acceptor);
    }

    /**
     * Langium passes the node under the cursor as the reference's container, which can be a sibling
     * alternative of the rule that owns the reference (`lr |loguniform(...)`: a Distribution where
     * `Dimension.space` is expected); the scope provider then throws. Use the nearest ancestor that has
     * the reference property instead. (Found by test/fuzz; the smallest fix, from the LSP-entry helper.)
     */
    protected override getReferenceCandidates(refInfo: ReferenceInfo, context: CompletionContext): Stream<AstNodeDescription> {
        const hasReference = (node: AstNode) => {
            try {
                this.astReflection.getReferenceType({ ...refInfo, container: node });
                return true;
            } catch {
                return false;
            }
        };
        let container: AstNode | undefined = refInfo.container;
        while (container && !hasReference(container)) container = container.$container;
        return container ? super.getReferenceCandidates({ ...refInfo, container }, context) : stream([]);
    }

    protected override createReferenceCompletionItem(description: AstNodeDescription, refInfo: ReferenceInfo, context: CompletionContext): CompletionValueItem {
        const item = super.createReferenceCompletionItem(description, refInfo, context);
        return { ...item, kind: KIND_ITEM[description.type] ?? CompletionItemKind.Reference, detail: description.type.toLowerCase() };
    }

    /**
     * Ops of the op sets visible from the document: its own and those of the files it imports. Asked of
     * the scope provider with a synthetic `ops X` setting, so imports are honoured exactly as for `ops X`.
     */
    private visibleOps(context: CompletionContext): Array<{ name: string; detail: string; doc?: string }> {
        const model = context.document.parseResult.value as ast.Model;
        const container = { $type: ast.OpsSetting.$type, $container: context.node ?? model, inline: [] } as unknown as ast.OpsSetting;
        let sets: ast.OpSet[];
        try {
            sets = this.scopeProvider
                .getScope({ container, property: 'opSet', reference: { $refText: '', ref: undefined } as never })
                .getAllElements()
                .map((description) => description.node)
                .filter((node): node is ast.OpSet => ast.isOpSet(node))
                .toArray();
        } catch {
            sets = model.declarations.filter(ast.isOpSet);
        }
        return sets.flatMap((set) => set.ops.map((op) => ({
            name: op.name,
            detail: `op of ${set.name}`,
            doc: op.impl ? `${op.name} = ${op.impl.kind}(${op.impl.args.map((a) => (a.name ? `${a.name}: ` : '') + (a.value.$cstNode?.text ?? '')).join(', ')})` : undefined,
        })));
    }

    /** Whether a keyword proposed by the grammar is useful here. */
    private keywordFits(word: string, situation: Situation): boolean {
        if (situation.kind === 'setting-key') {
            // Inside an evaluator/policy/search/network body at the start of a setting: the kind's keys.
            const keys = situation.keys;
            return keys ? keys.includes(word) : this.nameKeywords.has(word) || word === 'evaluate' || word === 'match';
        }
        if (situation.kind === 'domain') return ast.isDistributionKind(word) || word === 'choice';
        if (!this.nameKeywords.has(word)) return situation.kind !== 'value';
        return false;
    }

    /** Values the grammar cannot know: kinds, op names, columns, proxy names. */
    private async valueCompletions(context: CompletionContext, situation: Situation, acceptor: CompletionAcceptor): Promise<void> {
        const seen = new Set<string>();
        const offer = (label: string, kind: CompletionItemKind, detail: string, documentation?: string) => {
            if (seen.has(label)) return;
            seen.add(label);
            acceptor(context, { label, kind, detail, documentation, sortText: '0' });
        };
        if (situation.kind === 'decl-kind') {
            for (const kind of kindsOf(situation.category)) offer(kind, CompletionItemKind.Class, `${situation.category} kind`, kindDeclaration(situation.category, kind)?.doc);
        }
        if (situation.kind === 'inline-op') {
            for (const op of this.visibleOps(context)) if (!situation.listed.includes(op.name)) offer(op.name, CompletionItemKind.EnumMember, op.detail, op.doc);
            for (const op of KNOWN_OPS) {
                if (!situation.listed.includes(op.name)) offer(op.name, CompletionItemKind.EnumMember, `${op.impl} (${op.vocabularies.join(', ')})`);
            }
        }
        if (situation.kind === 'value') {
            for (const word of situation.words) offer(word.label, CompletionItemKind.Value, word.detail, word.doc);
            if (situation.table) {
                const detail = `column of ${tablePath(situation.table) ?? 'the table'}`;
                for (const column of await tableColumns(this.fileSystem, context.document, situation.table)) offer(column, CompletionItemKind.Value, detail);
            }
        }
    }
}

// ---------------------------------------------------------------- where the cursor is

interface WordItem { label: string; detail: string; doc?: string }

type Situation =
    | { kind: 'setting-key'; keys?: string[] }
    | { kind: 'decl-kind'; category: DeclarationCategory }
    | { kind: 'domain' }
    | { kind: 'inline-op'; listed: string[] }
    /** `table`: a table evaluator whose CSV columns are also offered (read asynchronously, not here). */
    | { kind: 'value'; words: WordItem[]; table?: ast.Evaluator }
    | { kind: 'other' };

/**
 * Classifies the cursor position from the text before it on its line and the AST around it. Text, because
 * while typing the AST is often incomplete (`metric |` has no value node yet), and the line says exactly
 * which slot is being filled.
 */
function situationAt(context: CompletionContext): Situation {
    const text = context.textDocument.getText();
    const before = text.slice(0, context.tokenOffset);
    const line = before.slice(before.lastIndexOf('\n') + 1);
    const owner = ownerOf(context);

    const declKind = /^\s*(evaluator|policy|search)\s+\w+\s*=\s*$/.exec(line);
    if (declKind) return { kind: 'decl-kind', category: declKind[1] as DeclarationCategory };

    // `proxy(|`, `train(|`: the words of the evaluator kind's argument.
    const evaluatorArg = /^\s*evaluator\s+\w+\s*=\s*(\w+)\s*\(\s*\w*$/.exec(line);
    if (evaluatorArg) {
        const arg = kindDeclaration('evaluator', evaluatorArg[1])?.args[0];
        return { kind: 'value', words: (arg?.words ?? []).map((w) => ({ label: w, detail: arg!.doc })) };
    }

    if (/(^|[{;])\s*constraint\s+\w*$/.test(line)) {
        return { kind: 'value', words: [{ label: 'flops', detail: 'FLOPs of the network skeleton' }, { label: 'params', detail: 'parameters of the network skeleton' }] };
    }

    // Inside `ops [ ... ]`: the names already listed are not offered again. Such a list has no `]` after
    // its `[`, so only the text after the last `]` can hold it (matching the whole prefix was O(document)).
    const list = /\bops\s*\[([^\]]*)$/.exec(before.slice(before.lastIndexOf(']') + 1));
    if (list) return { kind: 'inline-op', listed: list[1].split(/[\s,]+/).filter(Boolean) };

    if (owner) {
        if (ast.isEvaluator(owner) && owner.kind === 'table' && /(?:^|[{;])\s*(metric|report|key)\s+\w*$/.test(line)) {
            return { kind: 'value', words: [], table: owner };
        }
        const words = valueWords(owner, line);
        if (words) return { kind: 'value', words };
        // Start of a setting: after `{`, `;` or at the start of a line.
        if (/(^|[{;])\s*$/.test(line)) {
            const category = categoryOf(owner);
            const kind = ast.isNetwork(owner) ? 'network' : (owner as ast.Evaluator).kind;
            const schema = kindDeclaration(category, kind);
            // Keys already set in this body are not offered again (the one under the cursor excepted).
            const used = new Set<string>(owner.settings.filter((s) => !s.$cstNode || s.$cstNode.end < context.tokenOffset || s.$cstNode.offset > context.offset).map((s) => s.key));
            // A network block is offered only the keys of the kind of network it shapes (when the space compiles).
            const architecture = ast.isNetwork(owner) ? networkArchitectureOf(owner) : undefined;
            const fits = (key: string) => !architecture || !schema?.settings[key] || keyAppliesTo(schema.settings[key], architecture);
            return { kind: 'setting-key', keys: schema && Object.keys(schema.settings).filter((key) => !used.has(key) && fits(key)) };
        }
        return { kind: 'value', words: [] };
    }
    // A parameter's domain: `name |` inside a space or a layer chain.
    // The statement being typed: the text since the last line break, `{` or `;`.
    const statement = before.slice(Math.max(before.lastIndexOf('\n'), before.lastIndexOf('{'), before.lastIndexOf(';')) + 1);
    if (inSpaceBody(context) && /^\s*\w+\s+$/.test(statement) && !/^\s*(cell|graph|network|layers|constraint|nodes|edges|ops|inputs|pick|max_nodes|max_edges)\s/.test(statement)) return { kind: 'domain' };
    return { kind: 'other' };
}

type Owner = ast.Evaluator | ast.Policy | ast.Search | ast.Network;

function isOwner(node: AstNode): node is Owner {
    return ast.isEvaluator(node) || ast.isPolicy(node) || ast.isSearch(node) || ast.isNetwork(node);
}

/** A body that can hold the cursor: where its `{` and last `}` are (close -1 when it is not closed). */
interface Body { node: Owner; open: number; close: number }

/** Per parsed model: the owner bodies in declaration order, and the spans of the spaces. */
interface Layout { bodies: Body[]; spaces: Array<[number, number]> }

const layouts = new WeakMap<ast.Model, Layout>();

/**
 * The bodies and space spans of a model, computed once per parse (completion asks for every proposed
 * feature, and scanning every declaration's text each time cost O(document) per item).
 */
function layoutOf(model: ast.Model): Layout {
    let layout = layouts.get(model);
    if (layout) return layout;
    const bodies: Body[] = [];
    const body = (node: Owner) => {
        const cst = node.$cstNode;
        if (!cst) return;
        const text = cst.text;
        const open = text.indexOf('{');
        const close = text.lastIndexOf('}');
        if (open >= 0) bodies.push({ node, open: cst.offset + open, close: close > open ? cst.offset + close : -1 });
    };
    const spaces: Array<[number, number]> = [];
    for (const declaration of model.declarations) {
        if (isOwner(declaration)) body(declaration);
        if (ast.isSpace(declaration)) {
            const network = declaration.members.find(ast.isNetwork);
            if (network) body(network);
            if (declaration.$cstNode) spaces.push([declaration.$cstNode.offset, declaration.$cstNode.end]);
        }
    }
    layout = { bodies, spaces };
    layouts.set(model, layout);
    return layout;
}

function inBody(node: AstNode, offset: number): boolean {
    const cst = node.$cstNode;
    if (!cst) return false;
    const open = cst.text.indexOf('{');
    const close = cst.text.lastIndexOf('}');
    const closed = close > open;
    return open >= 0 && cst.offset + open < offset && (!closed || offset <= cst.offset + close);
}

/** The declaration whose `{ ... }` body holds the cursor, if any (the first one, in declaration order). */
function ownerOf(context: CompletionContext): Owner | undefined {
    const model = context.document.parseResult.value as ast.Model;
    const offset = context.offset;
    for (const body of layoutOf(model).bodies) {
        if (body.open < offset && (body.close < 0 || offset <= body.close)) return body.node;
    }
    const fromNode = context.node ? AstUtils.getContainerOfType(context.node, isOwner) : undefined;
    return fromNode && inBody(fromNode, offset) ? fromNode : undefined;
}

function inSpaceBody(context: CompletionContext): boolean {
    const node = context.node;
    if (node && (AstUtils.getContainerOfType(node, ast.isSpace) || AstUtils.getContainerOfType(node, ast.isLayers))) return true;
    const model = context.document.parseResult.value as ast.Model;
    return layoutOf(model).spaces.some(([start, end]) => start < context.offset && context.offset <= end);
}

/** Words that can fill the value slot at the cursor, or undefined when the cursor is not in a value slot. */
function valueWords(owner: Owner, line: string): WordItem[] | undefined {
    const category = categoryOf(owner);
    const kind = ast.isNetwork(owner) ? 'network' : owner.kind;
    // After `sample <percent>` (and a bound): the bounds not given yet.
    const share = /(?:^|[{;])\s*(\w+)\s+[0-9.]+%((?:\s+(?:min|max)\s+[0-9.]+[KMG]?)*)\s+\w*$/.exec(line);
    if (share && settingDeclaration(category, kind, share[1])?.shape.name === 'sample-size') {
        return ['min', 'max'].filter((w) => !new RegExp(`\\b${w}\\b`).test(share[2])).map((w) => ({ label: w, detail: `${w} <count>: ${w === 'min' ? 'lower' : 'upper'} bound of the sample` }));
    }
    // `seeds top 10 |`: the optional `apart <count>` after the count.
    const afterTop = /(?:^|[{;])\s*(\w+)\s+top\s+[\w.%]+\s+\w*$/.exec(line);
    if (afterTop && settingDeclaration(category, kind, afterTop[1])?.shape.name === 'seeds') {
        return [{ label: 'apart', detail: 'apart <count>', doc: 'minimum structural distance between seeds (docs/lissnas.md)' }];
    }
    const setting = /(?:^|[{;])\s*(\w+)\s+(?:(\w+)\s+(as)\s+)?\w*$/.exec(line);
    if (!setting) return undefined;
    const [, key, , as] = setting;
    // (A table's column slots, `metric |`, are recognised before this: their words come from the file.)
    if (ast.isEvaluator(owner) && owner.kind === 'table' && key === 'key' && as) {
        return KEY_FORMATS.map((f) => ({ label: f, detail: 'key format', doc: f === 'nb201' ? 'NAS-Bench-201 arch strings `|op~0|+|op~0|op~1|+...`' : 'one op index per edge' }));
    }
    const schema = settingDeclaration(category, kind, key);
    const shape = schema?.shape;
    if (shape?.words) return shape.words.map((w) => ({ label: w, detail: `${key} value` }));
    if (shape?.name === 'seeds') return [{ label: 'top', detail: shape.syntax }];
    if (shape?.name === 'neighbors') return [{ label: 'distance', detail: 'distance <count>' }];
    if (shape?.name === 'lissnas-neighbors') return [{ label: 'distance', detail: 'distance <count>: every neighbour within' }, { label: 'count', detail: 'count <count>: the nearest' }];
    if (shape?.name === 'stop') return [{ label: 'plateau', detail: shape.syntax }];
    return schema ? [] : undefined;
}

function tablePath(evaluator: ast.Evaluator): string | undefined {
    const first = evaluator.args[0]?.value;
    return first && ast.isStringValue(first) ? first.value : undefined;
}

/** The header of the evaluator's CSV file, resolved against the document's folder, read through `fs`. */
export async function tableColumns(fs: FileSystemProvider, document: LangiumDocument, evaluator: ast.Evaluator): Promise<string[]> {
    const path = tablePath(evaluator);
    if (!path || document.uri.scheme === 'untitled') return [];
    const header = await readCsvHeader(fs, UriUtils.resolvePath(UriUtils.dirname(document.uri), path));
    return 'columns' in header ? header.columns : [];
}

/** The kind of network the block shapes, when its space compiles (engine/space/network-architecture.ts). */
function networkArchitectureOf(network: ast.Network): NetworkArchitecture | undefined {
    const space = network.$container;
    const spec = ast.isSpace(space) ? spaceSpecOf(space, network) : undefined;
    return spec ? networkArchitecture(spec) : undefined;
}

const MEMBER_STARTS = new Set(['cell', 'graph', 'network', 'layers', 'constraint']);

/** Whether the word before the completion position is a keyword that starts a space member. */
function afterMemberKeyword(context: CompletionContext): boolean {
    const before = context.textDocument.getText().slice(Math.max(0, context.tokenOffset - 40), context.tokenOffset);
    const word = /([A-Za-z_]\w*)\s*$/.exec(before)?.[1];
    return word !== undefined && MEMBER_STARTS.has(word);
}

/** Data type rules whose keywords only spell names and values (nas.langium "Names"). */
const NAME_SPELLING_RULES = new Set(['MemberKeyword', 'DeclarationKeyword', 'ValueKeyword']);

/** The name of the grammar rule a grammar element belongs to. */
function ruleOf(element: AstNode): string | undefined {
    let node: AstNode | undefined = element;
    while (node && node.$type !== 'ParserRule') node = node.$container;
    return (node as unknown as { name?: string } | undefined)?.name;
}


