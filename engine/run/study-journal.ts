import { closeSync, existsSync, fsyncSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import type { ShrunkSpaceJSON } from '../space/shrunk.js';
import type { EvalEntry } from './journal.js';
import type { ShrinkResult } from '../report/result.js';

/**
 * `cells.jsonl`: the append-only record of a study, one JSON line per FINISHED cell (a policy's shrinkage for one
 * dataset and seed, or one search at one budget in one space). Same durability rules as a run's journal.jsonl
 * (journal.ts): each line is one `write` + `fsync` the moment the cell finishes, so a kill (SIGKILL included)
 * loses only the cell in progress; a torn last line is ignored on reading and cut before appending.
 */

export interface CellEntry {
    type: 'cell';
    /** `shrink|<dataset>|<seed>|<policy>` or `search|<dataset>|<seed>|<space>|<search>|<budget>`: unique per study. */
    id: string;
    dataset: string;
    seed: number;
    /** The policy, or `full` for a search in the full space. */
    policy: string;
    search?: string;
    budget?: number;
    values: Record<string, number>;
    /** A search cell's stop reason (SearchResult.stoppedBy). */
    stoppedBy?: string;
    /** Shrink cells: what the policy's searches need, so a resume does not run the policy again. */
    policyQueries?: number;
    space?: ShrunkSpaceJSON;
    /** The evaluations the shrinkage paid for (its evaluator's), which its searches get for free. */
    paid?: EvalEntry[];
    /** The shrink result shown as an example in the report (seed 0 of the first dataset). */
    example?: ShrinkResult;
    /** Cost spent, in the study's budget units: the shrinkage's (policy `query_cost` x queries) and the search's. */
    cost?: StudyCellCost;
}

/** Absent in journals written before budgets were cost (their cells are reused as they are). */
export interface StudyCellCost {
    shrink: number;
    search?: number;
}

/** The finished cells of a study directory's journal by id, and whether its last line was torn. */
export function readCells(path: string): { cells: Map<string, CellEntry>; torn: boolean; validBytes: number } {
    const cells = new Map<string, CellEntry>();
    if (!existsSync(path)) return { cells, torn: false, validBytes: 0 };
    const buffer = readFileSync(path);
    const validBytes = buffer.lastIndexOf(0x0a) + 1;
    const lines = buffer.subarray(0, validBytes).toString('utf8').split('\n');
    lines.pop();
    lines.forEach((line, index) => {
        if (line.trim() === '') return;
        let entry: CellEntry | undefined;
        try {
            entry = JSON.parse(line) as CellEntry;
        } catch {
            entry = undefined;
        }
        if (!entry || entry.type !== 'cell' || typeof entry.id !== 'string' || typeof entry.values !== 'object') {
            throw new Error(`${path}:${index + 1}: corrupt study journal line (only the last line may be torn)`);
        }
        if (!cells.has(entry.id)) cells.set(entry.id, entry);
    });
    return { cells, torn: buffer.subarray(validBytes).toString('utf8').trim() !== '', validBytes };
}

export class CellWriter {
    private constructor(readonly path: string, private fd: number | undefined) {}

    /** Opens for appending, first cutting a torn last line so the next line does not glue onto it. */
    static open(path: string, validBytes: number): CellWriter {
        if (existsSync(path) && statSync(path).size !== validBytes) truncateSync(path, validBytes);
        return new CellWriter(path, openSync(path, 'a'));
    }

    append(entry: CellEntry): void {
        if (this.fd === undefined) throw new Error(`study journal ${this.path} is closed`);
        writeSync(this.fd, JSON.stringify(entry) + '\n');
        fsyncSync(this.fd); // a cell is seconds of work: worth a sync each
    }

    close(): void {
        if (this.fd === undefined) return;
        closeSync(this.fd);
        this.fd = undefined;
    }
}
