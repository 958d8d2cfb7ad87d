import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';

/**
 * `journal.jsonl`: the append-only record of a run, one JSON object per line.
 *
 * Durability: every line is handed to the kernel with one `write` as soon as it happens, so a killed process
 * (SIGKILL included) loses at most the line being written: the kernel keeps what was written. `fsync` (which
 * only matters for an OS crash or power loss) runs after phase/iteration/done lines, on close, and at most
 * every FSYNC_INTERVAL_MS for evaluations; `LISSNAS_FSYNC=always` syncs every line (slower on cheap evaluators).
 * Readers tolerate a torn last line (a write cut in the middle); `openJournal` truncates it before appending.
 */

export interface EvalEntry {
    type: 'eval';
    /** Name of the evaluator (a run may use several; keys are per evaluator). */
    evaluator?: string;
    key: string;
    canonical: string;
    /** Absent when the evaluation failed (`error` says why). */
    metric?: number;
    report?: number;
    /** Seconds the evaluation took (the evaluator's own account). */
    cost?: number;
    error?: string;
}

/** A phase boundary: `start`, `resume` (a new process took over), `shrink`, `search`, ... */
export interface PhaseEntry {
    type: 'phase';
    phase: string;
    time: string;
    /** For `resume`: how many evaluations the journal held when the process started. */
    journaled?: number;
}

export interface IterationEntry {
    type: 'iteration';
    name: string;
    iteration: number;
    sampleMean: number;
    sampleBest: number;
    sizeLog10: number;
    queries: number;
}

export interface DoneEntry {
    type: 'done';
    time: string;
    evaluated: number;
    reused: number;
}

export type JournalEntry = EvalEntry | PhaseEntry | IterationEntry | DoneEntry;

export interface JournalContents {
    entries: JournalEntry[];
    /** True when the file ended in a partial line (the process died mid-write); it was ignored. */
    torn: boolean;
    /** Bytes of the file made of complete lines (where appending must resume). */
    validBytes: number;
}

const FSYNC_INTERVAL_MS = 200;

/** Reads a journal; a missing file is an empty journal. A malformed line other than the last one is an error. */
export function readJournal(path: string): JournalContents {
    if (!existsSync(path)) return { entries: [], torn: false, validBytes: 0 };
    const buffer = readFileSync(path);
    const lastNewline = buffer.lastIndexOf(0x0a);
    const validBytes = lastNewline + 1;
    const complete = buffer.subarray(0, validBytes).toString('utf8');
    const tail = buffer.subarray(validBytes).toString('utf8');
    const entries: JournalEntry[] = [];
    const lines = complete.split('\n');
    lines.pop(); // after the final '\n'
    lines.forEach((line, index) => {
        if (line.trim() === '') return;
        const entry = parseEntry(line);
        if (!entry) throw new Error(`${path}:${index + 1}: corrupt journal line (only the last line may be torn)`);
        entries.push(entry);
    });
    return { entries, torn: tail.trim() !== '', validBytes };
}

function parseEntry(line: string): JournalEntry | undefined {
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch {
        return undefined;
    }
    if (typeof value !== 'object' || value === null) return undefined;
    const type = (value as { type?: unknown }).type;
    if (type === 'eval') {
        const e = value as EvalEntry;
        return typeof e.key === 'string' && (typeof e.metric === 'number' || typeof e.error === 'string') ? e : undefined;
    }
    return type === 'phase' || type === 'iteration' || type === 'done' ? (value as JournalEntry) : undefined;
}

/** The evaluations of a journal by key (first occurrence wins; a well-formed journal has no duplicates). */
export function journaledEvaluations(entries: JournalEntry[]): Map<string, EvalEntry> {
    const map = new Map<string, EvalEntry>();
    for (const entry of entries) if (entry.type === 'eval' && !map.has(entry.key)) map.set(entry.key, entry);
    return map;
}

export class JournalWriter {
    private fd: number | undefined;
    private lastSync = 0;
    private readonly always = process.env.LISSNAS_FSYNC === 'always';

    private constructor(readonly path: string, fd: number) {
        this.fd = fd;
    }

    /** Opens for appending, first cutting a torn last line so the next line does not glue onto it. */
    static open(path: string): JournalWriter {
        if (existsSync(path)) {
            const { validBytes } = readJournal(path);
            if (statSync(path).size !== validBytes) truncateSync(path, validBytes);
        }
        return new JournalWriter(path, openSync(path, 'a'));
    }

    append(entry: JournalEntry): void {
        if (this.fd === undefined) throw new Error(`journal ${this.path} is closed`);
        // One write call per line: the line reaches the kernel whole or (on a kill mid-call) as a torn tail.
        writeSync(this.fd, JSON.stringify(entry) + '\n');
        const now = Date.now();
        if (this.always || entry.type !== 'eval' || now - this.lastSync >= FSYNC_INTERVAL_MS) {
            fsyncSync(this.fd);
            this.lastSync = now;
        }
    }

    close(): void {
        if (this.fd === undefined) return;
        fsyncSync(this.fd);
        closeSync(this.fd);
        this.fd = undefined;
    }
}
