// `trial` run events (protocol/run-events.ts) for the trials of `command` evaluators: one when a trial starts, one
// per poll in which its progress.jsonl grew, one when it ends. Polling, not fs.watch: the file of a Slurm trial
// is written on another node of a shared file system (NFS and the like send no change notifications), and a poll
// every quarter second costs one stat per running trial.
import { ProgressTail, type ProgressTailOptions } from '../evaluate/progress-tail.js';
import type { TrialEnd, TrialWatch, WatchTrial, WatchedTrial } from '../evaluate/trial-watch.js';
import type { TrialEvent } from '../../protocol/run-events.js';
import type { RunReporter } from './progress.js';

export interface TrialEventOptions extends ProgressTailOptions {
    /** Milliseconds between two reads of a running trial's progress file; default 250. */
    pollMs?: number;
}

/** The hook a command evaluator calls for each trial: it tails the trial's progress file until the trial ends. */
export function trialEventWatcher(reporter: Pick<RunReporter, 'emit'>, options: TrialEventOptions = {}): WatchTrial {
    return (trial) => watchTrial(trial, reporter, options);
}

function watchTrial(trial: WatchedTrial, reporter: Pick<RunReporter, 'emit'>, options: TrialEventOptions): TrialWatch {
    const started = performance.now();
    const tail = new ProgressTail(trial.progressFile, options);
    const elapsed = (): number => Math.round(performance.now() - started) / 1000;
    const emit = (status: TrialEvent['status'], points: TrialEvent['points'], error?: string): void => {
        const hasProgress = tail.lastStep !== undefined;
        reporter.emit({
            event: 'trial',
            id: trial.id,
            arch: trial.arch,
            status,
            elapsed: elapsed(),
            ...(hasProgress ? { progress: { ...tail.last }, step: tail.lastStep } : {}),
            ...(points && points.length > 0 ? { points } : {}),
            ...(error !== undefined ? { error } : {}),
        });
    };
    // Reading a progress file can fail (EIO, ESTALE on the shared file system a Slurm trial writes to): the trial's
    // live view stops with one warning; the trial and the run go on (progress is a view, never a reason to fail).
    let broken = false;
    const read = (): ReturnType<typeof tail.read> | undefined => {
        if (broken) return undefined;
        try {
            return tail.read();
        } catch (error) {
            broken = true;
            reporter.emit({ event: 'log', level: 'warn', message: `trial ${trial.id}: progress.jsonl can no longer be read (${(error as NodeJS.ErrnoException).code ?? String(error)}); its live progress stops here` });
            return undefined;
        }
    };
    const poll = (): boolean => {
        const r = read();
        if (r?.warning) reporter.emit({ event: 'log', level: 'warn', message: `trial ${trial.id}: ${r.warning}` });
        if (!r?.last) return false;
        emit('running', r.points);
        return true;
    };
    emit('running', undefined);
    const timer = setInterval(poll, options.pollMs ?? 250);
    // A run waiting for nothing but this timer has ended: the timer must not keep the process alive.
    timer.unref();
    return {
        end(end: TrialEnd): void {
            clearInterval(timer);
            // The lines written between the last poll and the exit travel with the end event.
            const r = read();
            if (r?.warning) reporter.emit({ event: 'log', level: 'warn', message: `trial ${trial.id}: ${r.warning}` });
            emit(end.status, r?.points, end.status === 'done' ? undefined : end.error);
        },
    };
}
