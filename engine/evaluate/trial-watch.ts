// The hook through which a `command` evaluator lets a run follow its trials while they run (engine/run/trial-events.ts
// tails their progress.jsonl and emits `trial` events). The evaluator only says when a trial starts and how it ends.

export interface WatchedTrial {
    id: string;
    arch: string;
    /** `<run dir>/trials/<id>/progress.jsonl`: on a shared file system for Slurm trials, so the same tail applies. */
    progressFile: string;
}

export type TrialEnd = { status: 'done' } | { status: 'failed' | 'cancelled'; error: string };

export interface TrialWatch {
    end(end: TrialEnd): void;
}

export type WatchTrial = (trial: WatchedTrial) => TrialWatch;
