// Shared by the network-plan parity tests (chain, DARTS, NB101): spaces from .nas text (or the tour), a space's
// network plan of the expected kind, and the wasm and torch workers their tfjs blocks compare.
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDocuments } from '../../../dsl/load.js';
import { networkPlan, type NetworkPlan } from '../../../engine/evaluate/neural/network-plan.js';
import { compileSpace } from '../../../engine/space/compile.js';
import type { FixedLengthSpace } from '../../../engine/space/product.js';
import type { SpaceSpec } from '../../../engine/spec.js';
import { resolveBackend } from '../../../engine/evaluate/neural/backend.js';
import { WorkerProcess } from '../../../engine/evaluate/neural/worker-process.js';
import { ROOT, torchOrReason } from './torch-env.js';

export interface SpaceTexts {
    /** The spaces of `text` (examples/tour.nas when undefined) and its error diagnostics. */
    load(text: string | undefined): Promise<{ spaces: Map<string, SpaceSpec>; errors: string[] }>;
    /** The spaces of `text`, which must have no error. */
    spaces(text: string | undefined): Promise<Map<string, SpaceSpec>>;
}

/** Loads .nas text through the language (files in a temporary folder removed after the test file). */
export function spaceTexts(prefix: string): SpaceTexts {
    const tmp = mkdtempSync(join(tmpdir(), `lissnas-${prefix}-`));
    after(() => rmSync(tmp, { recursive: true, force: true }));
    const load: SpaceTexts['load'] = async (text) => {
        let path = join(ROOT, 'examples', 'tour.nas');
        if (text !== undefined) {
            path = join(tmp, `${prefix}-${Math.random().toString(36).slice(2)}.nas`);
            writeFileSync(path, text);
        }
        const [loaded] = await loadDocuments([path]);
        const errors = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
        return { spaces: new Map(loaded.spec.spaces.map((s) => [s.name, s])), errors };
    };
    return {
        load,
        async spaces(text) {
            const { spaces, errors } = await load(text);
            assert.deepEqual(errors, []);
            return spaces;
        },
    };
}

/** The compiled space of `spec` and its network plan, which must be of `kind`. */
export function planOfKind<K extends NetworkPlan['kind']>(spec: SpaceSpec, kind: K): { plan: Extract<NetworkPlan, { kind: K }>; space: FixedLengthSpace } {
    const space = compileSpace(spec);
    const plan = networkPlan(spec, space);
    assert.ok(typeof plan !== 'string', String(plan));
    assert.equal(plan.kind, kind);
    return { plan: plan as Extract<NetworkPlan, { kind: K }>, space };
}

/** Why `spec` (without its constraints) has no network plan. */
export function planRefusal(spec: SpaceSpec): string {
    const plan = networkPlan(spec, compileSpace({ ...spec, constraints: [] }));
    assert.equal(typeof plan, 'string', JSON.stringify(plan));
    return plan as string;
}

/** A wasm worker and, where torch is installed, a torch worker, started before the enclosing suite and closed after it. */
export function wasmAndTorch(): { wasm: WorkerProcess; py: WorkerProcess | undefined } {
    const workers = {} as { wasm: WorkerProcess; py: WorkerProcess | undefined };
    before(async () => {
        workers.wasm = await WorkerProcess.start(resolveBackend('wasm'));
        const torch = torchOrReason();
        if (typeof torch !== 'string') workers.py = await WorkerProcess.start(torch);
    });
    after(() => {
        workers.wasm?.close();
        workers.py?.close();
    });
    return workers;
}
