import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';

/**
 * `journal.jsonl`: the append-only record of a run, one JSON object per line.
 *
 * Durability: every line is handed to the kernel with one `write` as soon as it happens, so a killed process
 * (SIGKILL included) loses at most the line being written: the kernel keeps what was written. `fsync` (which
 * only matters for an OS crash or power loss) runs after phase/iteration/done lines, on close, and at most
 * every FSYNC_INTERVAL_MS for evaluations; `LISSNAS_FSYNC=always` syncs every line (slower on cheap evaluators).
 * Readers tolerate a torn last line (a write cut in the middle); `JournalWriter.open` truncates it before appending.
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
    /** Training evaluators: per-epoch loss, validation accuracy and seconds (engine/evaluate/types.ts EpochValue). */
    epochs?: Array<{ epoch: number; loss: number; validation: number; seconds: number }>;
    /** Command evaluators: trial id, extra fields of the trial's answer, failed attempts (engine/evaluate/types.ts). */
    trial?: string;
    extra?: Record<string, unknown>;
    attempts?: Array<{ attempt: number; error: string; seconds: number }>;
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

/** Bytes read at a time: the journal is streamed, never held whole in memory (it can reach hundreds of MB). */
const READ_CHUNK = 1 << 22;

/**
 * Reads a journal; a missing file is an empty journal. A malformed line other than the last one is an error.
 * Streams the file in READ_CHUNK pieces, so the memory it takes beyond the entries it returns (the replay index)
 * is one chunk, whatever the journal's size (bench/journal-scale.ts measures it on 1,000,000 evaluations).
 */
export function readJournal(path: string): JournalContents {
    if (!existsSync(path)) return { entries: [], torn: false, validBytes: 0 };
    const entries: JournalEntry[] = [];
    const fd = openSync(path, 'r');
    try {
        const chunk = Buffer.allocUnsafe(READ_CHUNK);
        let carry = Buffer.alloc(0); // bytes after the last newline read so far (a line split across chunks)
        let position = 0;
        let lineNumber = 0;
        let validBytes = 0;
        for (;;) {
            const n = readSync(fd, chunk, 0, READ_CHUNK, position);
            if (n === 0) break;
            position += n;
            const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, n)]) : chunk.subarray(0, n);
            let start = 0;
            for (let end = data.indexOf(0x0a, start); end >= 0; end = data.indexOf(0x0a, start)) {
                lineNumber++;
                // Splitting bytes at '\n' never cuts a UTF-8 character (continuation bytes are >= 0x80).
                const line = data.toString('utf8', start, end);
                start = end + 1;
                if (line.trim() === '') continue;
                const entry = parseEntry(line);
                if (!entry) throw new Error(`${path}:${lineNumber}: corrupt journal line (only the last line may be torn)`);
                entries.push(entry);
            }
            validBytes = position - (data.length - start);
            carry = Buffer.from(data.subarray(start)); // a copy: `chunk` is reused
        }
        return { entries, torn: carry.toString('utf8').trim() !== '', validBytes };
    } finally {
        closeSync(fd);
    }
}

/** Bytes of the file up to and including its last newline, found by reading backwards from the end. */
function completeLength(path: string): number {
    const fd = openSync(path, 'r');
    try {
        const block = Buffer.allocUnsafe(1 << 16);
        for (let end = fstatSync(fd).size; end > 0; ) {
            const start = Math.max(0, end - block.length);
            const n = readSync(fd, block, 0, end - start, start);
            const i = block.subarray(0, n).lastIndexOf(0x0a);
            if (i >= 0) return start + i + 1;
            end = start;
        }
        return 0;
    } finally {
        closeSync(fd);
    }
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
            const validBytes = completeLength(path);
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
