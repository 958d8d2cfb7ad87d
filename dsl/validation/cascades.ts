/**
 * One mistake, one diagnostic. After a syntax error the parser recovers with a partial tree, and everything
 * built on that tree (more syntax errors on the same line, unresolved names, missing settings) repeats the same
 * mistake in other words. Here, after validation:
 *
 * - a syntax error marks the declaration it lies in as broken, or, when it stands at the start of a
 *   declaration or between two, the declaration before it (a missing `}` is that one's mistake) and the one
 *   it starts;
 * - only the first syntax error of a broken declaration is kept, and only one per line;
 * - other diagnostics (linking, validation) inside a broken declaration are dropped: they describe the
 *   recovered tree, not the text;
 * - a setting key used as a value (`key seed as digits`: `seed` is a setting key, so it ends `key` and starts a
 *   setting of its own) becomes one error that says to write `"seed"`, instead of "key needs a column" plus
 *   "unknown setting 'seed'".
 *
 * Lexer errors (a stray character is skipped) do not break the tree and are kept as they are.
 */
import { DocumentValidator, GrammarUtils, type AstNode, type LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import * as ast from '../generated/ast.js';
import { KINDS } from '../../engine/registry/index.js';

/** Keys that take no value (`minimize`): followed by another key on the same line, nothing is amiss. */
const FLAG_KEYS = new Set(KINDS.flatMap((k) => Object.values(k.settings).filter((x) => x.shape.name === 'flag').map((x) => x.key)));

interface Span {
    start: number;
    end: number;
}

const codeOf = (d: Diagnostic) => (d.data as { code?: string } | undefined)?.code;

export function dampenCascades(document: LangiumDocument, diagnostics: Diagnostic[]): Diagnostic[] {
    const model = document.parseResult.value as ast.Model | undefined;
    if (!model) return diagnostics;
    const text = document.textDocument;
    const declarations: Span[] = [...model.imports, ...model.declarations]
        .flatMap((d) => (d.$cstNode ? [{ start: d.$cstNode.offset, end: d.$cstNode.end }] : []))
        .sort((a, b) => a.start - b.start);

    const broken = new Set<Span>();
    const dropped = new Set<Diagnostic>();
    let previousLine = -1;
    const syntax = diagnostics.filter((d) => codeOf(d) === DocumentValidator.ParsingError)
        .sort((a, b) => text.offsetAt(a.range.start) - text.offsetAt(b.range.start));
    for (const error of syntax) {
        const at = text.offsetAt(error.range.start);
        const inside = declarations.find((d) => d.start < at && at < d.end);
        const before = inside ? undefined : [...declarations].reverse().find((d) => d.start < at);
        // An error at the very start of a declaration: the parser closed the previous body there and began a
        // new declaration from a word that was meant to be inside that body; both trees are partial.
        const starting = inside ? undefined : declarations.find((d) => d.start === at);
        const owners = [inside, before, starting].filter((d): d is Span => d !== undefined);
        const repeated = error.range.start.line === previousLine || owners.some((d) => broken.has(d));
        if (repeated) dropped.add(error);
        for (const owner of owners) broken.add(owner);
        previousLine = error.range.start.line;
    }

    const replaced: Diagnostic[] = [];
    const swallowed: Span[] = [];
    // Settings lists live in top-level evaluators, policies and searches, and in a space's `network`
    // member: those nodes only, not a walk over every node of the document.
    const settingOwners = model.declarations.flatMap((d): AstNode[] => (ast.isSpace(d) ? d.members.filter(ast.isNetwork) : [d]));
    for (const node of settingOwners) {
        const pair = keyEndingSetting(node, text.getText());
        if (!pair) continue;
        const [first, second] = pair;
        swallowed.push({ start: first.$cstNode!.offset, end: second.$cstNode!.end });
        const keyNode = GrammarUtils.findNodeForProperty(second.$cstNode, 'key') ?? second.$cstNode!;
        replaced.push({
            severity: DiagnosticSeverity.Error,
            range: keyNode.range,
            message: `\`${second.key}\` is a keyword here (a setting key, so it ends \`${first.key}\` and starts a new setting); write \`"${second.key}"\` to use it as a value`,
            source: 'nas',
        });
    }

    const within = (d: Diagnostic, spans: Iterable<Span>) => {
        const at = text.offsetAt(d.range.start);
        for (const span of spans) if (span.start <= at && at < span.end) return true;
        return false;
    };
    const kept = diagnostics.filter((d) => {
        if (dropped.has(d)) return false;
        const code = codeOf(d);
        if (code === DocumentValidator.ParsingError || code === DocumentValidator.LexingError) return true;
        return !within(d, broken) && !within(d, swallowed);
    });
    return [...kept, ...replaced];
}

/** `key seed ...`: a value-less setting followed on its line, with no `;` between, by another setting. */
function keyEndingSetting(node: AstNode, text: string): [ast.GenericSetting, ast.Setting] | undefined {
    if (!(ast.isEvaluator(node) || ast.isPolicy(node) || ast.isSearch(node) || ast.isNetwork(node))) return undefined;
    const settings = node.settings;
    for (let i = 0; i + 1 < settings.length; i++) {
        const first = settings[i];
        const second = settings[i + 1];
        if (!ast.isGenericSetting(first) || first.values.length > 0 || FLAG_KEYS.has(first.key)) continue;
        if (!first.$cstNode || !second.$cstNode) continue;
        if (first.$cstNode.range.end.line !== second.$cstNode.range.start.line) continue;
        if (text.slice(first.$cstNode.end, second.$cstNode.offset).includes(';')) continue;
        return [first, second];
    }
    return undefined;
}
