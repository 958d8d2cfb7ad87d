/**
 * A small TextMate tokenizer for tests: enough of the model VS Code implements (match rules with captures,
 * begin/end rules spanning lines with nested patterns, `include` of repository entries and `$self`) to
 * check what scopes the hand-written grammar gives real `.nas` lines. Regexes run as JavaScript RegExps,
 * which is why the grammar sticks to the syntax Oniguruma and JavaScript share (see ONIGURUMA_ONLY).
 */

export interface RawRule {
    name?: string;
    match?: string;
    begin?: string;
    end?: string;
    captures?: Record<string, { name?: string }>;
    beginCaptures?: Record<string, { name?: string }>;
    endCaptures?: Record<string, { name?: string }>;
    patterns?: RawRule[];
    include?: string;
}

export interface RawGrammar {
    scopeName: string;
    patterns: RawRule[];
    repository: Record<string, RawRule>;
}

export interface Token {
    text: string;
    scopes: string[];
}

/**
 * Constructs that Oniguruma accepts but JavaScript rejects or, worse, silently reads as something else
 * (`\h` is a hex digit in Oniguruma and a literal `h` in JS). The grammar must contain none of them.
 */
export const ONIGURUMA_ONLY: Array<[RegExp, string]> = [
    [/\\[hHAzZGKRX]/, 'Oniguruma-only escape'],
    [/\(\?>/, 'atomic group'],
    [/\(\?[imx-]+[):]/, 'inline flags'],
    [/\(\?~/, 'absent operator'],
    [/\[\[:/, 'POSIX bracket'],
    [/\\[pP]\{/, 'Unicode property (needs the u flag in JS)'],
    [/\\k</, 'named back-reference'],
    [/[*+?}][+]/, 'possessive quantifier'],
];

/** Every `match`/`begin`/`end` regex source in the grammar, with a path for messages. */
export function allRegexes(grammar: RawGrammar): Array<{ where: string; source: string }> {
    const found: Array<{ where: string; source: string }> = [];
    const visit = (rule: RawRule, where: string): void => {
        for (const key of ['match', 'begin', 'end'] as const) {
            const source = rule[key];
            if (source !== undefined) found.push({ where: `${where}.${key}`, source });
        }
        rule.patterns?.forEach((child, i) => visit(child, `${where}.patterns[${i}]`));
    };
    grammar.patterns.forEach((rule, i) => visit(rule, `patterns[${i}]`));
    for (const [name, rule] of Object.entries(grammar.repository)) visit(rule, `repository.${name}`);
    return found;
}

/** Removes escaped characters so that `\\h` (an escaped backslash then `h`) is not taken for `\h`. */
function withoutEscapedBackslashes(source: string): string {
    return source.replace(/\\\\/g, '');
}

export function onigurumaOnlyConstructs(source: string): string[] {
    const cleaned = withoutEscapedBackslashes(source);
    return ONIGURUMA_ONLY.filter(([pattern]) => pattern.test(cleaned)).map(([, what]) => what);
}

interface CompiledRule {
    raw: RawRule;
    regex?: RegExp;
    begin?: RegExp;
    end?: RegExp;
    children?: CompiledRule[];
}

export class Tokenizer {
    private readonly top: CompiledRule[];
    private readonly cache = new Map<RawRule, CompiledRule>();

    constructor(private readonly grammar: RawGrammar) {
        this.top = this.compileList(grammar.patterns);
    }

    private compileList(rules: RawRule[]): CompiledRule[] {
        return rules.flatMap((rule) => this.expand(rule, new Set()));
    }

    /** Replaces includes by the rules they name (recursively), compiling each real rule once. */
    private expand(rule: RawRule, seen: Set<RawRule>): CompiledRule[] {
        if (rule.include !== undefined) {
            if (rule.include === '$self' || rule.include === '$base') return this.top ?? [];
            const target = this.grammar.repository[rule.include.replace(/^#/, '')];
            if (!target) throw new Error(`unknown include ${rule.include}`);
            if (seen.has(target)) return [];
            return this.expand(target, new Set([...seen, target]));
        }
        if (rule.match === undefined && rule.begin === undefined) {
            // A container: only `patterns`.
            return (rule.patterns ?? []).flatMap((child) => this.expand(child, seen));
        }
        let compiled = this.cache.get(rule);
        if (!compiled) {
            compiled = { raw: rule };
            this.cache.set(rule, compiled);
            if (rule.match !== undefined) compiled.regex = new RegExp(rule.match, 'dg');
            if (rule.begin !== undefined) {
                compiled.begin = new RegExp(rule.begin, 'dg');
                compiled.end = new RegExp(rule.end ?? '$', 'dg');
                compiled.children = (rule.patterns ?? []).flatMap((child) => this.expand(child, seen));
            }
        }
        return [compiled];
    }

    /** Tokenizes a whole text, line by line, carrying open begin/end rules across lines. */
    tokenize(text: string): Token[][] {
        const stack: CompiledRule[] = [];
        return text.split(/\r?\n/).map((line) => this.tokenizeLine(line, stack));
    }

    private tokenizeLine(line: string, stack: CompiledRule[]): Token[] {
        const tokens: Token[] = [];
        const scopes = (): string[] => [this.grammar.scopeName, ...stack.map((r) => r.raw.name).filter((n): n is string => !!n)];
        const emit = (text: string, extra: string[]): void => {
            if (text.length > 0) tokens.push({ text, scopes: [...scopes(), ...extra] });
        };
        const emitMatch = (match: RegExpExecArray, names: Record<string, { name?: string }> | undefined, ruleName?: string): void => {
            const base = ruleName ? [ruleName] : [];
            const indices = match.indices!;
            const start = match.index;
            const whole = match[0];
            // Capture 0 names the whole match; groups 1..n (assumed non-nested) name their spans.
            const zero = names?.['0']?.name;
            const outer = zero ? [...base, zero] : base;
            let cursor = start;
            for (let group = 1; group < indices.length; group++) {
                const span = indices[group];
                const name = names?.[String(group)]?.name;
                if (!span || !name || span[0] < cursor) continue;
                emit(line.slice(cursor, span[0]), outer);
                emit(line.slice(span[0], span[1]), [...outer, name]);
                cursor = span[1];
            }
            emit(line.slice(cursor, start + whole.length), outer);
        };

        let pos = 0;
        for (let guard = 0; pos < line.length; guard++) {
            if (guard > 10 * line.length + 10) throw new Error(`tokenizer made no progress on: ${line}`);
            const context = stack.at(-1);
            const candidates = context ? context.children! : this.top;
            let best: { rule: CompiledRule | 'end'; match: RegExpExecArray } | undefined;
            if (context) {
                context.end!.lastIndex = pos;
                const match = context.end!.exec(line);
                if (match) best = { rule: 'end', match };
            }
            for (const rule of candidates) {
                const regex = rule.regex ?? rule.begin!;
                regex.lastIndex = pos;
                const match = regex.exec(line);
                // The end pattern wins ties (TextMate's default); otherwise the earliest match, then the first rule.
                if (match && (!best || match.index < best.match.index)) best = { rule, match };
            }
            if (!best) {
                emit(line.slice(pos), []);
                pos = line.length;
                break;
            }
            const { rule, match } = best;
            emit(line.slice(pos, match.index), []);
            if (rule === 'end') {
                emitMatch(match, context!.raw.endCaptures ?? context!.raw.captures);
                stack.pop();
            } else if (rule.regex) {
                emitMatch(match, rule.raw.captures, rule.raw.name);
            } else {
                stack.push(rule);
                emitMatch(match, rule.raw.beginCaptures ?? rule.raw.captures);
            }
            pos = match.index + match[0].length;
            if (match[0].length === 0 && rule !== 'end' && rule.regex) {
                // A zero-width match rule: give the next character the current scopes so the loop advances.
                emit(line.slice(pos, pos + 1), []);
                pos += 1;
            }
        }
        // Rules that end at `$` (line comments, unterminated strings) close with their line.
        const open = stack.at(-1);
        if (open) {
            open.end!.lastIndex = line.length;
            const closing = open.end!.exec(line);
            if (closing && closing.index === line.length) stack.pop();
        }
        return tokens;
    }
}

/** The scopes of the first token whose text is exactly `text` (after trimming), or undefined. */
export function scopesOf(tokens: Token[], text: string): string[] | undefined {
    return tokens.find((token) => token.text.trim() === text)?.scopes;
}
