import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { HumanReporter, JsonReporter } from '../../../engine/run/progress.js';
import { parseRunEvent } from '../../../protocol/run-events.js';

function sink(isTTY: boolean) {
    const out = { text: '', isTTY, columns: 80, write: (t: string) => (out.text += t) };
    return out;
}

describe('progress reporters', () => {
    test('JSON: one valid event per line, nothing else', () => {
        const out = sink(false);
        const r = new JsonReporter(out);
        r.emit({ event: 'progress', phase: 'search RS', done: 5, total: 10 });
        r.emit({ event: 'log', level: 'info', message: 'multi\nline' });
        const lines = out.text.split('\n');
        assert.equal(lines.pop(), '');
        assert.equal(lines.length, 2);
        assert.deepEqual(lines.map((l) => parseRunEvent(l)?.event), ['progress', 'log']);
    });

    test('terminal: a bar redrawn in place, cleared before a line', () => {
        const out = sink(true);
        const r = new HumanReporter(out, true);
        r.emit({ event: 'progress', phase: 'search RS', done: 10, total: 10, best: 91.5 });
        assert.match(out.text, /^\r\x1b\[2Ksearch RS \[#{40}\] 10\/10 {2}best 91\.50$/);
        r.emit({ event: 'iteration', name: 'P', iteration: 1, sampleMean: 85, sampleBest: 90, sizeLog10: 4.19, queries: 50 });
        assert.match(out.text, /\r\x1b\[2K {2}P iteration 1: sample mean 85\.00, best 90\.00, size 10\^4\.19, 50 queries\n$/);
        r.emit({ event: 'evaluation', key: 'k', metric: 1, cached: false });
        r.close();
        assert.ok(!out.text.includes('k'.repeat(2)), 'evaluations are not printed for people');
    });

    test('not a terminal: no bar, no escape codes', () => {
        const out = sink(false);
        const r = new HumanReporter(out, false);
        r.emit({ event: 'progress', phase: 'x', done: 1, total: 2 });
        r.emit({ event: 'log', level: 'warn', message: 'careful' });
        r.close();
        assert.equal(out.text, 'warn: careful\n');
    });
});
