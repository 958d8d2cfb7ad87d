/**
 * "Search from here" (the pocket view's action): `lissnas.search` given `{ uri, seedArch, seedKey?, runDir?,
 * search? }` runs one of the file's searches with `--start <seedArch>`. The decisions are here, without `vscode`, so
 * they are tested without an editor: reading the argument, which searches to offer and in what order, what to say
 * when the file has none, and the CLI arguments of the run. run-commands.ts does the asking and the starting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { opt, shape, str, validator, type Check } from '../../protocol/check.js';
import type { DeclarationInfo } from '../../protocol/lsp.js';

export interface SearchFromRequest {
    /** The `.nas` file: a vscode.Uri, a `file:` URI string or a path (run-target.ts `targetUri` reads it). */
    uri: unknown;
    /** The architecture to start at, as the run's space formats it (the pocket view's hover text). */
    seedArch: string;
    seedKey?: string;
    /** The run the architecture came from (for the message when the file declares no search). */
    runDir?: string;
    /** A search to run without asking (tests, other commands); else the user picks one. */
    search?: string;
}

const nonEmptyLine: Check = (value, path) => str(value, path) ?? (value === '' || /[\r\n]/.test(value as string) ? `${path}: expected one line of text` : undefined);

/** Commands can be called by any extension: the argument is checked like a message (protocol/check.ts). */
const SearchFromArg = validator<SearchFromRequest>(shape({ seedArch: nonEmptyLine, seedKey: opt(str), runDir: opt(str), search: opt(str) }), 'argument');

/**
 * The request when `arg` asks to search from an architecture (an object with `seedArch`); `undefined` for the
 * command's other forms (a Uri, a path, nothing); `{ problem }` for a malformed request.
 */
export function searchFromArg(arg: unknown): SearchFromRequest | { problem: string } | undefined {
    if (typeof arg !== 'object' || arg === null || !('seedArch' in arg)) return undefined;
    if (!SearchFromArg.is(arg)) return { problem: SearchFromArg.problem(arg) ?? 'malformed argument' };
    return arg;
}

/** A search's algorithm: the server's `algorithm`, else (an older server) the word before `(` in its detail. */
export function algorithmOf(d: DeclarationInfo): string | undefined {
    return d.algorithm ?? /^(\w+)\(/.exec(d.detail)?.[1];
}

export interface SearchChoice {
    label: string;
    description: string;
    detail: string;
    declaration: DeclarationInfo;
}

/** The space a search runs in: its target, or the space of the policy it runs inside; undefined when unknown. */
export function searchSpaceOf(search: DeclarationInfo, declarations: readonly DeclarationInfo[]): string | undefined {
    if (search.target === undefined) return undefined;
    const policy = declarations.find((d) => d.kind === 'policy' && d.name === search.target);
    return policy ? policy.target : search.target;
}

/**
 * The searches to offer, `local` ones first (a local search climbs from the architecture; the others only
 * evaluate it first), each in source order, each saying it will start at the architecture. A search inside a
 * policy says that the architecture must be one the policy keeps (the run checks it after the shrinkage). When the
 * space of the run the architecture came from is known (`runSpace`), searches of another space come last, saying so
 * (the CLI would refuse an architecture that is not one of theirs).
 */
export function searchChoices(declarations: readonly DeclarationInfo[], seedArch: string, runSpace?: string): SearchChoice[] {
    const searches = declarations.filter((d) => d.kind === 'search');
    const policies = new Set(declarations.filter((d) => d.kind === 'policy').map((d) => d.name));
    const elsewhere = (d: DeclarationInfo): boolean => {
        const space = searchSpaceOf(d, declarations);
        return runSpace !== undefined && space !== undefined && space !== runSpace;
    };
    const rank = (d: DeclarationInfo): number => (elsewhere(d) ? 2 : 0) + (algorithmOf(d) === 'local' ? 0 : 1);
    // Array.prototype.sort is stable: source order within each rank.
    const ordered = [...searches].sort((a, b) => rank(a) - rank(b));
    return ordered.map((d) => {
        const local = algorithmOf(d) === 'local';
        const inside = d.target !== undefined && policies.has(d.target) ? `; it must be a member of the space policy ${d.target} keeps` : '';
        const other = elsewhere(d) ? `; searches ${searchSpaceOf(d, declarations)}, but the architecture comes from ${runSpace}` : '';
        return {
            label: d.name,
            description: d.detail,
            detail: `${local ? 'climbs from' : 'evaluates first'} ${seedArch}${inside}${other}`,
            declaration: d,
        };
    });
}

/** What to add to a file without a search: a local search of the run's space (else the file's first, else `SPACE`), with `evaluator`. */
export function missingSearchMessage(fileLabel: string, declarations: readonly DeclarationInfo[], evaluator: string | undefined, runSpace?: string): string {
    const space = runSpace ?? declarations.find((d) => d.kind === 'space')?.name ?? 'SPACE';
    return (
        `${fileLabel} declares no search to start from this architecture. Add one, for example ` +
        `\`search Local = local(${space}) { evaluate ${evaluator ?? 'E'}; budget 100 }\`, then use "Search from here" again.`
    );
}

export type SearchFromPlan =
    | { kind: 'none'; message: string }
    | { kind: 'choose'; choices: SearchChoice[] }
    | { kind: 'run'; search: DeclarationInfo };

/** What the run the architecture came from tells (its run.json): its evaluator and its space, when known. */
export interface SourceRun {
    evaluator?: string;
    space?: string;
}

/** Runs the named search when one is given and declared; asks when none is given; says what to add when there is none. */
export function planSearchFrom(request: SearchFromRequest, declarations: readonly DeclarationInfo[], fileLabel: string, source: SourceRun = {}): SearchFromPlan {
    const searches = declarations.filter((d) => d.kind === 'search');
    if (searches.length === 0) return { kind: 'none', message: missingSearchMessage(fileLabel, declarations, source.evaluator, source.space) };
    if (request.search !== undefined) {
        const named = searches.find((d) => d.name === request.search);
        if (!named) return { kind: 'none', message: `${fileLabel} has no search named '${request.search}' (${searches.map((d) => d.name).join(', ')}).` };
        return { kind: 'run', search: named };
    }
    return { kind: 'choose', choices: searchChoices(declarations, request.seedArch, source.space) };
}

/** The run directory's name before its timestamp: `<search>-from` (run-dirs.ts adds `-<yyyymmdd-hhmmss>`). */
export function searchFromRunName(search: string): string {
    return `${search}-from`;
}

/** The CLI arguments of the run (the run manager adds `--json`). */
export function searchFromArgs(file: string, search: string, seedArch: string, runDir: string): string[] {
    return ['search', file, '--search', search, '--start', seedArch, '--out', runDir];
}

interface ManifestDecl {
    name?: unknown;
    evaluator?: unknown;
    space?: { name?: unknown };
    target?: { kind?: unknown; space?: { name?: unknown }; policy?: unknown };
}

/**
 * The evaluator and space of the run the architecture came from, read from its run.json (`spec` is the compiled
 * document: a policy's `space`, a search's `target`); fields it cannot tell are left out.
 */
export function sourceRunOf(runDir: string | undefined): SourceRun {
    if (runDir === undefined) return {};
    let manifest: { name?: unknown; command?: unknown; spec?: { policies?: ManifestDecl[]; searches?: ManifestDecl[]; evaluators?: Array<{ name?: unknown }> } };
    try {
        manifest = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as typeof manifest;
    } catch {
        return {};
    }
    const policies = Array.isArray(manifest.spec?.policies) ? manifest.spec.policies : [];
    const searches = Array.isArray(manifest.spec?.searches) ? manifest.spec.searches : [];
    const own = (manifest.command === 'search' ? searches : policies).find((d) => d.name === manifest.name);
    const evaluator = own?.evaluator ?? manifest.spec?.evaluators?.[0]?.name;
    let space: unknown;
    if (manifest.command === 'search') {
        space = own?.target?.kind === 'space' ? own.target.space?.name : policies.find((p) => p.name === own?.target?.policy)?.space?.name;
    } else {
        space = own?.space?.name;
    }
    return { ...(typeof evaluator === 'string' ? { evaluator } : {}), ...(typeof space === 'string' ? { space } : {}) };
}
