import type { RunEvent } from '../../protocol/run-events.js';
import { formatRunEvent } from '../../protocol/run-events.js';

/**
 * Where run events go: JSON lines on stdout (`--json`, for the VS Code extension and scripts), a progress bar
 * on a terminal (stderr, so stdout stays clean for tables), or plain lines when stderr is a pipe or file.
 */
export interface RunReporter {
    emit(event: RunEvent): void;
    /** Clears any bar left on the terminal. */
    close(): void;
}

export interface Writable {
    write(text: string): unknown;
    isTTY?: boolean;
    columns?: number;
}

export class JsonReporter implements RunReporter {
    constructor(private readonly out: Writable = process.stdout) {}
    emit(event: RunEvent): void {
        this.out.write(formatRunEvent(event) + '\n');
    }
    close(): void {}
}

export class SilentReporter implements RunReporter {
    readonly events: RunEvent[] = [];
    emit(event: RunEvent): void {
        this.events.push(event);
    }
    close(): void {}
}

/** Human output: iterations and logs as lines; on a TTY, `progress` redraws one bar line (at most 10 times a second). */
export class HumanReporter implements RunReporter {
    private barShown = false;
    private lastDraw = 0;

    constructor(private readonly err: Writable = process.stderr, private readonly tty = Boolean(err.isTTY)) {}

    emit(event: RunEvent): void {
        switch (event.event) {
            case 'progress':
                if (this.tty) this.drawBar(event.phase, event.done, event.total, event.best);
                return;
            case 'iteration':
                this.line(
                    `  ${event.name} iteration ${event.iteration}: sample mean ${event.sampleMean.toFixed(2)}, ` +
                        `best ${event.sampleBest.toFixed(2)}, size 10^${event.sizeLog10.toFixed(2)}, ${event.queries} queries`,
                );
                return;
            case 'start':
                this.line(
                    `${event.command} ${event.name}${event.command === 'study' || event.command === 'demo' ? '' : ` (seed ${event.seed})`}${event.runDir ? ` -> ${event.runDir}` : ''}` +
                        (event.journaled > 0 ? `, ${event.journaled} evaluations reused from the journal` : ''),
                );
                return;
            case 'log':
                this.line(event.level === 'info' ? event.message : `${event.level}: ${event.message}`);
                return;
            case 'error':
                this.line(`error: ${event.message}`);
                return;
            case 'done':
                this.line(`done: ${event.evaluated} evaluated, ${event.reused} reused${event.files.length ? `; wrote ${event.files.join(', ')}` : ''}`);
                return;
            case 'evaluation':
            case 'trial':
                return; // too many for a person; the bar counts them
        }
    }

    close(): void {
        this.clearBar();
    }

    private line(text: string): void {
        this.clearBar();
        this.err.write(text + '\n');
    }

    private clearBar(): void {
        if (!this.barShown) return;
        this.err.write('\r\x1b[2K');
        this.barShown = false;
    }

    private drawBar(phase: string, done: number, total: number | undefined, best: number | undefined): void {
        const now = Date.now();
        if (now - this.lastDraw < 100 && !(total !== undefined && done >= total)) return;
        this.lastDraw = now;
        const bestText = best === undefined ? '' : `  best ${best.toFixed(2)}`;
        let text: string;
        if (total !== undefined && total > 0) {
            const width = Math.max(10, Math.min(40, (this.err.columns ?? 80) - 40));
            const filled = Math.round((Math.min(done, total) / total) * width);
            text = `${phase} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}${bestText}`;
        } else {
            text = `${phase} ${done} queries${bestText}`;
        }
        this.err.write('\r\x1b[2K' + text);
        this.barShown = true;
    }
}

export function createReporter(json: boolean): RunReporter {
    return json ? new JsonReporter() : new HumanReporter();
}
