import { maximize, minimize, timeout } from '../common.js';
import { count } from '../shapes.js';
import { declareKind, setting } from '../types.js';

export const commandKind = declareKind({
    category: 'evaluator',
    kind: 'command',
    doc: 'Runs a command per architecture; `{arch}` in the command is replaced by the architecture; the last number printed is the metric. A failing command is recorded as a failed evaluation (no retries).',
    args: [{ syntax: '"command {arch}"', shape: 'string', noun: 'command', doc: 'the command template' }],
    implemented: true,
    settings: {
        parallel: setting('parallel', count(), 'How many commands run at once.', { default: 1 }),
        timeout,
        minimize,
        maximize,
    },
});
