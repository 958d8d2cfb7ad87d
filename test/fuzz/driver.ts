/**
 * Runs mutated documents through the in-process language services, as the server would: build (parse,
 * link, validate), then hover, completion and formatting at random offsets, checking the text of every
 * diagnostic and hover (test/fuzz/message-check.ts). Collects every problem
 * instead of stopping at the first, so one run reports everything it found. Shared by
 * test/fuzz/mutations.test.ts (a quick run) and bench/lsp.ts (a long one).
 */
import { URI, type LangiumDocument } from 'langium';
import { NodeFileSystem } from 'langium/node';
import type { Position, Range } from 'vscode-languageserver';
import { createNasServices } from '../../dsl/nas-module.js';
import { NasLspModule } from '../../server/nas-lsp-module.js';
import { setGuardLogger } from '../../server/features/guard.js';
import { Rng } from '../../engine/rng.js';
import { mutate, tokensOf } from './mutate.js';
import { messageProblem, wordsOf } from './message-check.js';
import { MESSAGE_LIMIT, setLeakReporter } from '../../dsl/messages.js';
import type { Hover } from 'vscode-languageserver';

export interface FuzzProblem {
    index: number;
    steps: string[];
    problem: string;
    text: string;
}

export interface FuzzReport {
    documents: number;
    problems: FuzzProblem[];
    diagnostics: number;
    hovers: number;
    completions: number;
    formatEdits: number;
    /** The slowest single step (build, hover, completion or formatting) over all mutants, for bench/fuzz.ts. */
    slowest: { ms: number; what: string; index: number };
    /** Peak resident set size and heap in use, sampled after every mutant, in bytes. */
    peakRss: number;
    peakHeap: number;
}

/**
 * A hover may be longer than one message: a kind's hover carries its documentation and the list of its
 * settings (the longest, `command`, is about 2,300 characters). Three messages' worth still catches an
 * unbounded echo of the document.
 */
const HOVER_LIMIT = 3 * MESSAGE_LIMIT;

/** The text of a hover, whatever shape its contents take. */
function hoverText(hover: Hover): string {
    const parts = Array.isArray(hover.contents) ? hover.contents : [hover.contents];
    return parts.map((part) => (typeof part === 'string' ? part : part.value)).join('\n');
}

function lineLengths(text: string): number[] {
    // LSP lines end at \n, \r\n or \r; a position's character may equal the line's length (end of line).
    return text.split(/\r\n|\r|\n/).map((line) => line.length);
}

function inside(lengths: number[], position: Position): boolean {
    return position.line >= 0 && position.line < lengths.length && position.character >= 0 && position.character <= lengths[position.line];
}

function before(a: Position, b: Position): boolean {
    return a.line < b.line || (a.line === b.line && a.character <= b.character);
}

/** Why `range` is not a range inside the text, or undefined when it is. */
export function rangeProblem(lengths: number[], range: Range): string | undefined {
    if (!inside(lengths, range.start)) return `start ${JSON.stringify(range.start)} outside the document`;
    if (!inside(lengths, range.end)) return `end ${JSON.stringify(range.end)} outside the document`;
    if (!before(range.start, range.end)) return `start after end: ${JSON.stringify(range)}`;
    return undefined;
}

/**
 * Fuzzes `count` mutants of the file at `basePath`. Mutant documents live next to it (so `import "tour.nas"`
 * resolves to the real file) under names that do not exist on disk.
 */
export async function fuzz(basePath: string, base: string, count: number, seed: number): Promise<FuzzReport> {
    const { shared, Nas } = createNasServices(NodeFileSystem, NasLspModule);
    const documents = shared.workspace.LangiumDocuments;
    const factory = shared.workspace.LangiumDocumentFactory;
    const builder = shared.workspace.DocumentBuilder;
    const vocabulary = [...new Set(tokensOf(base).filter((t) => t.trim() !== ''))];
    const rng = new Rng(seed);
    const report: FuzzReport = {
        documents: 0, problems: [], diagnostics: 0, hovers: 0, completions: 0, formatEdits: 0,
        slowest: { ms: 0, what: 'nothing', index: -1 }, peakRss: 0, peakHeap: 0,
    };
    let current = 0;
    const timed = async <T>(what: string, work: () => T | Promise<T>): Promise<T> => {
        const start = performance.now();
        const result = await work();
        const elapsed = performance.now() - start;
        if (elapsed > report.slowest.ms) report.slowest = { ms: elapsed, what, index: current };
        return result;
    };

    // Providers are wrapped by guards that log and swallow exceptions; Langium itself logs validation and
    // linking exceptions with console.error. Both are failures here: capture them.
    const caught: string[] = [];
    const previousGuardLogger = setGuardLogger((message) => caught.push(message));
    const previousConsoleError = console.error;
    // A message the sanitiser had to clean (dsl/messages.ts) hides a bug at its source: a failure too.
    const previousLeakReporter = setLeakReporter((message) => caught.push(`a message needed cleaning: ${message}`));
    console.error = (...args: unknown[]) => caught.push(args.map((a) => (a instanceof Error ? (a.stack ?? a.message) : String(a))).join(' '));

    try {
        for (let index = 0; index < count; index++) {
            current = index;
            const mutant = mutate(rng, base, vocabulary);
            const problems: string[] = [];
            const uri = URI.file(basePath.replace(/[^/]*$/, `fuzz-${seed}-${index}.nas`));
            let document: LangiumDocument | undefined;
            caught.length = 0;
            try {
                document = factory.fromString(mutant.text, uri);
                documents.addDocument(document);
                await timed('build (parse, link, validate)', () => builder.build([document!], { validation: true }));
                const lengths = lineLengths(mutant.text);
                const words = wordsOf(mutant.text);
                for (const diagnostic of document.diagnostics ?? []) {
                    report.diagnostics++;
                    const problem = rangeProblem(lengths, diagnostic.range);
                    if (problem) problems.push(`diagnostic '${diagnostic.message}': ${problem}`);
                    if (/An error occurred/.test(diagnostic.message)) problems.push(`diagnostic reports an exception: ${diagnostic.message}`);
                    const wrong = messageProblem(diagnostic.message, words);
                    if (wrong) problems.push(`diagnostic ${wrong}: ${diagnostic.message.slice(0, 300)}`);
                }
                const textDocument = { uri: uri.toString() };
                for (let probe = 0; probe < 2; probe++) {
                    const position = document.textDocument.positionAt(rng.int(mutant.text.length + 1));
                    const hover = await timed('hover', () => Nas.lsp.HoverProvider?.getHoverContent(document!, { textDocument, position }));
                    if (hover) {
                        report.hovers++;
                        const text = hoverText(hover);
                        const wrong = messageProblem(text, words, HOVER_LIMIT);
                        if (wrong) problems.push(`hover ${wrong}: ${text.slice(0, 300)}`);
                    }
                    const completion = await timed('completion', () => Nas.lsp.CompletionProvider?.getCompletion(document!, { textDocument, position }));
                    report.completions += completion?.items.length ?? 0;
                }
                const edits = (await timed('formatting', () => Nas.lsp.Formatter?.formatDocument(document!, { textDocument, options: { tabSize: 2, insertSpaces: true } }))) ?? [];
                for (const edit of edits) {
                    report.formatEdits++;
                    const problem = rangeProblem(lengths, edit.range);
                    if (problem) problems.push(`format edit: ${problem}`);
                }
            } catch (error) {
                problems.push(`exception: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
            } finally {
                // Remove the mutant (and what it indexed) so the next one starts from a clean workspace.
                if (document) await builder.update([], [uri]);
            }
            problems.push(...caught.map((message) => `logged: ${message}`));
            for (const problem of problems) report.problems.push({ index, steps: mutant.steps, problem, text: mutant.text });
            report.documents++;
            const memory = process.memoryUsage();
            report.peakRss = Math.max(report.peakRss, memory.rss);
            report.peakHeap = Math.max(report.peakHeap, memory.heapUsed);
        }
    } finally {
        setGuardLogger(previousGuardLogger);
        setLeakReporter(previousLeakReporter);
        console.error = previousConsoleError;
    }
    return report;
}
