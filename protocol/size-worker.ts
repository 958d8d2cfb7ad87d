/**
 * Messages between the language server and its size worker (server/size-worker.ts, a `worker_threads`
 * Worker): the server sends one compiled space (plain data, engine/spec.ts's `SpaceSpec`) to size under the
 * editor's budgets, the worker answers with the size or the reason it could not. Messages cross a thread
 * boundary by structured clone, so bigints survive (sizes pass 2^53); a worker of another build (a stale
 * bundle next to a new server) could still send any shape, so each side checks what it receives.
 *
 * Like every file of protocol/, it imports no other project folder: the spec is checked only for being an
 * object with `components` and `constraints` arrays (the engine checks the rest, with located limits).
 */
import { arrayOf, bool, int, num, oneOf, opt, shape, str, validator, type Check } from './check.js';

/** A count as engine/size/types.ts's `SpaceSize` has it: an exact bigint, or 'continuous'. */
export type WireCount = bigint | 'continuous';

/** engine/size/types.ts's `SpaceSize`, restated here (protocol/ imports nothing from engine/). */
export interface WireSize {
    raw: WireCount;
    unique: WireCount;
    exact: boolean;
    log10Raw: number;
    log10Unique: number;
    interval?: [number, number];
    note?: string;
}

/**
 * Size one space. `what: 'space'` sizes it whole (raw, unique, estimates); `'part'` sizes its single
 * component alone (a member's hint: raw count and formula, no estimate).
 */
export interface SizeJob {
    type: 'size';
    /** Chosen by the server; the answer carries it back. */
    id: number;
    what: 'space' | 'part';
    /** A compiled `SpaceSpec` (engine/spec.ts). */
    spec: { components: unknown[]; constraints: unknown[] };
    /** Most time a sampled estimate may take inside the worker (editor-size.ts `editorSizeBudget.estimateMs`). */
    estimateMs: number;
}

/** The answer to a `SizeJob`. */
export type SizeAnswer =
    | {
          type: 'sized';
          id: number;
          size: WireSize;
          /** False when the unique count was not estimated (too costly in the editor). */
          uniqueKnown: boolean;
          /** For `'part'`: the component's kind (`cell`, `subspace`...) and formula (`5^6 (6 edges, 5 ops)`). */
          kind?: string;
          formula?: string;
      }
    /** The engine refused or failed (a limit, a bug): `message` is for the user, already sanitized. */
    | { type: 'failed'; id: number; message: string }
    /** A `'part'` job on a spec without components. */
    | { type: 'empty'; id: number };

const count: Check = (value, path) => (typeof value === 'bigint' && value >= 0n) || value === 'continuous' ? undefined : `${path}: expected a non-negative bigint or 'continuous'`;
const interval: Check = (value, path) => (Array.isArray(value) && value.length === 2 ? arrayOf(num)(value, path) : `${path}: expected [low, high]`);

const wireSize: Check = shape({ raw: count, unique: count, exact: bool, log10Raw: num, log10Unique: num, interval: opt(interval), note: opt(str) });

export const SizeJob = validator<SizeJob>(
    shape({
        type: oneOf('size'),
        id: int,
        what: oneOf('space', 'part'),
        spec: shape({ components: arrayOf(() => undefined), constraints: arrayOf(() => undefined) }),
        estimateMs: num,
    }),
    'job',
);

const sized: Check = shape({ type: oneOf('sized'), id: int, size: wireSize, uniqueKnown: bool, kind: opt(str), formula: opt(str) });
const failed: Check = shape({ type: oneOf('failed'), id: int, message: str });
const empty: Check = shape({ type: oneOf('empty'), id: int });

export const SizeAnswer = validator<SizeAnswer>((value, path) => {
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (type === 'sized') return sized(value, path);
    if (type === 'failed') return failed(value, path);
    if (type === 'empty') return empty(value, path);
    return shape({ type: oneOf('sized', 'failed', 'empty') })(value, path);
}, 'answer');
