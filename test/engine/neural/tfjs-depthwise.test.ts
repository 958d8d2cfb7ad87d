/**
 * The tfjs worker's depthwise convolution (workers/tfjs/depthwise.ts: DARTS's sep_conv and dil_conv), whose
 * gradients are forward ops written for this project (tfjs-backend-wasm has no depthwise backprop kernel, and tfjs's
 * gradient refuses dilation 2 everywhere): value and both gradients against a direct loop over the definition, for
 * kernels 3 and 5, stride 1 and 2 (odd and even inputs), dilation 1 and 2, on tfjs's cpu back-end and on wasm. A
 * flipped or unflipped kernel, a dropped tap or a padding off by one moves some entry by about its own size, far above
 * float32 rounding. Also max pooling (workers/tfjs/max-pool.ts) on inputs where windows tie: torch's gradient, to each
 * window's first maximum (wasm's MaxPoolGrad gives the last: the engine's rule is measured, and wasm's gradient is taken
 * on the flipped input), by each way of routing it. Run from a bundle of test/fixtures/neural/depthwise-probe.ts
 * (tfjs-core's ESM files import directories, which only a bundler resolves).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT } from '../../cli-bundle.js';

const dir = mkdtempSync(join(tmpdir(), 'lissnas-depthwise-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
    backend: string;
    depthwise: Array<{ k: number; stride: number; dilation: number; size: number; shape: boolean; value: number; input: number; filter: number }>;
    rule: string;
    pools: Array<{ route: string; cases: Array<{ k: number; stride: number; size: number; value: number; gradient: number }> }>;
}

function probe(backend: 'cpu' | 'wasm'): Answer {
    const out = join(dir, 'probe.cjs');
    buildSync({ absWorkingDir: ROOT, entryPoints: [join(ROOT, 'test', 'fixtures', 'neural', 'depthwise-probe.ts')], outfile: out, bundle: true, format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'], logLevel: 'error' });
    const r = spawnSync(process.execPath, [out, backend, join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Answer;
}

test('depthwise conv: value, input and filter gradients equal the definition (kernel 3/5, stride 1/2, dilation 1/2); max pooling routes tied windows as torch: on cpu and wasm', () => {
    for (const backend of ['cpu', 'wasm'] as const) {
        const a = probe(backend);
        assert.equal(a.backend, backend);
        assert.equal(a.depthwise.length, 8);
        for (const c of a.depthwise) {
            const name = `${backend}: depthwise k ${c.k}, stride ${c.stride}, dilation ${c.dilation}, input ${c.size}`;
            assert.ok(c.shape, `${name}: torch's output shape`);
            // float32 against float64 sums of at most 50 products of standard normals: about 1e-7 of the largest entry.
            for (const what of ['value', 'input', 'filter'] as const) assert.ok(c[what] < 1e-5, `${name}: ${what} off by ${c[what]}`);
        }
        // The engine's rule, measured as the worker measures it at start-up: wasm's MaxPoolGrad routes a tie to the last maximum.
        assert.equal(a.rule, backend === 'cpu' ? 'first' : 'last');
        const off = (route: string) => {
            const pool = a.pools.find((p) => p.route === route)!;
            assert.equal(pool.cases.length, 5);
            return pool.cases.filter((p) => !(p.value < 1e-5 && p.gradient < 1e-5)).map((p) => `k ${p.k}, stride ${p.stride}, input ${p.size}: value off by ${p.value}, gradient by ${p.gradient}`);
        };
        // The forward-op gradient everywhere, and the engine's own gradient the way its rule calls for.
        for (const route of ['other', a.rule]) assert.deepEqual(off(route), [], `${backend}, max pool routed as '${route}'`);
        // The other way gives the other maximum: what the test would see of a wrong routing.
        assert.ok(off(a.rule === 'first' ? 'last' : 'first').length > 0, `${backend}: the wrong tie rule is caught`);
    }
});
