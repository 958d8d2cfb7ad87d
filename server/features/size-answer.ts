/**
 * Sizing one compiled space under the editor's budgets (editor-size.ts), as a `SizeAnswer`
 * (protocol/size-worker.ts). The size worker (server/size-worker.ts) runs it for every job; the server runs it
 * itself only for spaces that are plain arithmetic (size-jobs.ts `cheapSpec`), which cost no more than a
 * message to the worker would.
 */
import type { SizeAnswer, SizeJob } from '../../protocol/size-worker.js';
import { sizeBreakdown, sizeOfSpace } from '../../engine/size/index.js';
import type { SpaceSpec } from '../../engine/spec.js';
import { sanitizeMessage } from '../../dsl/messages.js';
import { boundedSize } from './editor-size.js';

export function answerJob(job: Pick<SizeJob, 'id' | 'what' | 'spec' | 'estimateMs'>): SizeAnswer {
    const spec = job.spec as unknown as SpaceSpec;
    try {
        if (job.what === 'space') {
            const bounded = boundedSize((options) => sizeOfSpace(spec, options), (s) => s.exact, true, job.estimateMs);
            return { type: 'sized', id: job.id, size: bounded.result, uniqueKnown: bounded.uniqueKnown };
        }
        // Members show raw counts and formulas, which need no estimate: the bounded probe is enough.
        const bounded = boundedSize((options) => sizeBreakdown(spec, options), (parts) => parts.every((p) => p.size.exact), false, job.estimateMs);
        const component = bounded.result[0];
        if (!component) return { type: 'empty', id: job.id };
        return { type: 'sized', id: job.id, size: component.size, uniqueKnown: bounded.uniqueKnown, kind: component.kind, formula: component.formula };
    } catch (error) {
        return { type: 'failed', id: job.id, message: sanitizeMessage(error instanceof Error ? error.message : String(error)) };
    }
}
