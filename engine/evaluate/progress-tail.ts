// Reads what a running trial appends to its progress.jsonl (the trial protocol's intermediate results), a little
// at a time: only the bytes added since the last read, a torn last line kept until its newline arrives, and at
// most `maxLinesPerSecond` lines turned into points (a trial logging every batch must not flood the --json stream
// or the editor). The last values stay exact: a line over the budget still updates them, it is only not a point.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { TrialPoint } from '../../protocol/run-events.js';
import { progressPoint } from '../../protocol/progress-line.js';

export interface ProgressTailOptions {
    /** Lines kept as points per second (a token bucket holding one second's worth); default 20. */
    maxLinesPerSecond?: number;
    /** Bytes read per call at most (the rest waits for the next read); default 1 MiB. */
    maxBytesPerRead?: number;
    /** The clock, in milliseconds (tests pass their own). */
    now?: () => number;
}

export interface ProgressRead {
    /** Lines read now that became points, oldest first. */
    points: TrialPoint[];
    /** The last line read now (kept as a point or not), when any was. */
    last?: TrialPoint;
    /** Set once per file: the first line that is not a JSON object, described. */
    warning?: string;
}

/** A line longer than this without a newline is not a progress record: it is dropped (and warned about). */
const MAX_LINE_BYTES = 64 * 1024;

export class ProgressTail {
    private offset = 0;
    /** The file read so far (device and inode): another one at the path is a new attempt's, read from its start. */
    private identity: string | undefined;
    private pending: Buffer = Buffer.alloc(0);
    private lineNumber = 0;
    private warned = false;
    private tokens: number;
    private refilled: number;
    private readonly rate: number;
    private readonly maxBytes: number;
    private readonly now: () => number;
    /** Every field seen so far with its last value, and the step of the last line. */
    readonly last: Record<string, number> = {};
    lastStep: number | undefined;

    constructor(readonly path: string, options: ProgressTailOptions = {}) {
        this.rate = options.maxLinesPerSecond ?? 20;
        this.maxBytes = options.maxBytesPerRead ?? 1 << 20;
        this.now = options.now ?? (() => performance.now());
        this.tokens = this.rate;
        this.refilled = this.now();
    }

    /** Reads the bytes appended since the last call (none when the file does not exist yet). */
    read(): ProgressRead {
        const out: ProgressRead = { points: [] };
        const chunk = this.readNewBytes();
        if (chunk.length === 0) return out;
        const data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
        const end = data.lastIndexOf(0x0a);
        // Bytes after the last newline are a line still being written: kept, parsed once it is complete.
        this.pending = end < 0 ? data : data.subarray(end + 1);
        if (this.pending.length > MAX_LINE_BYTES) {
            this.pending = Buffer.alloc(0);
            this.warn(out, `a line of over ${MAX_LINE_BYTES} bytes without a newline (dropped)`);
        }
        if (end < 0) return out;
        this.refill();
        for (const text of data.subarray(0, end).toString('utf8').split('\n')) {
            const line = text.trim();
            if (line === '') continue;
            this.lineNumber++;
            const point = progressPoint(line, this.lineNumber);
            if (!point) {
                this.warn(out, `line ${this.lineNumber} is not a JSON object: ${line.slice(0, 60)}`);
                continue;
            }
            Object.assign(this.last, point.values);
            this.lastStep = point.step;
            out.last = point;
            if (this.tokens >= 1) {
                this.tokens--;
                out.points.push(point);
            }
        }
        return out;
    }

    private readNewBytes(): Buffer {
        let fd: number;
        try {
            fd = openSync(this.path, 'r');
        } catch {
            return Buffer.alloc(0); // not written yet
        }
        try {
            const stat = fstatSync(fd);
            const size = stat.size;
            const identity = `${stat.dev}:${stat.ino}`;
            // Another file at the path (a new attempt's, even a longer one), or shorter than what was read (the
            // same file truncated and rewritten): start over.
            if ((this.identity !== undefined && identity !== this.identity) || size < this.offset) {
                this.offset = 0;
                this.pending = Buffer.alloc(0);
            }
            this.identity = identity;
            const length = Math.min(size - this.offset, this.maxBytes);
            if (length <= 0) return Buffer.alloc(0);
            const buffer = Buffer.alloc(length);
            const got = readSync(fd, buffer, 0, length, this.offset);
            this.offset += got;
            return buffer.subarray(0, got);
        } finally {
            closeSync(fd);
        }
    }

    private refill(): void {
        const now = this.now();
        this.tokens = Math.min(this.rate, this.tokens + ((now - this.refilled) / 1000) * this.rate);
        this.refilled = now;
    }

    private warn(out: ProgressRead, what: string): void {
        if (this.warned) return;
        this.warned = true;
        out.warning = `${this.path}: ${what}; lines that are not JSON objects are skipped (warned once per trial)`;
    }
}
