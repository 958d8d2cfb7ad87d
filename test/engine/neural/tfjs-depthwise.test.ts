/**
 * The tfjs worker's depthwise convolution (workers/tfjs/depthwise.ts: DARTS's sep_conv and dil_conv), whose
 * gradients are forward ops written for this project (tfjs-backend-wasm has no depthwise backprop kernel, and tfjs's
 * gradient refuses dilation 2 everywhere): value and both gradients against a direct loop over the definition, for
 * kernels 3 and 5, stride 1 and 2 (odd and even inputs), dilation 1 and 2, on tfjs's cpu back-end, wasm and webgpu (where it
 * starts). A
 * flipped or unflipped kernel, a dropped tap or a padding off by one moves some entry by about its own size, far above
 * float32 rounding. Also max pooling (workers/tfjs/max-pool.ts) on inputs where windows tie: torch's gradient, to each
 * window's first maximum, by the engine's own gradient where the worker's start-up measurement finds it torch's (cpu), and
 * by the forward-op gradient used elsewhere (wasm's MaxPoolGrad routes ties otherwise). Run from a bundle of test/fixtures/neural/depthwise-probe.ts
 * (tfjs-core's ESM files import directories, which only a bundler resolves).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ROOT, skipWithoutWebgpu } from '../../cli-bundle.js';

// Inside the package (out/ is ignored): Dawn (the optional package `webgpu`) is native, left outside the bundle and
// found from there.
mkdirSync(join(ROOT, 'out'), { recursive: true });
const dir = mkdtempSync(join(ROOT, 'out', 'depthwise-probe-'));
after(() => rmSync(dir, { recursive: true, force: true }));

interface Answer {
    backend: string;
    depthwise: Array<{ k: number; stride: number; dilation: number; size: number; shape: boolean; value: number; input: number; filter: number }>;
    rule: string;
    pools: Array<{ route: string; cases: Array<{ k: number; stride: number; size: number; value: number; gradient: number }> }>;
}

type Backend = 'cpu' | 'wasm' | 'webgpu';

function probe(backend: Backend): Answer {
    const out = join(dir, 'probe.cjs');
    buildSync({ absWorkingDir: ROOT, entryPoints: [join(ROOT, 'test', 'fixtures', 'neural', 'depthwise-probe.ts')], outfile: out, bundle: true, format: 'cjs', platform: 'node', target: 'node20', mainFields: ['module', 'main'], external: ['webgpu'], logLevel: 'error' });
    const r = spawnSync(process.execPath, [out, backend, join(ROOT, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist')], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Answer;
}

// webgpu where it starts (Mesa's llvmpipe in CI, a GPU on a GPU machine).
const BACKENDS: Backend[] = skipWithoutWebgpu() ? ['cpu', 'wasm'] : ['cpu', 'wasm', 'webgpu'];

test(`depthwise conv: value, input and filter gradients equal the definition (kernel 3/5, stride 1/2, dilation 1/2); max pooling routes tied windows as torch: on ${BACKENDS.join(', ')}`, () => {
    for (const backend of BACKENDS) {
        const a = probe(backend);
        assert.equal(a.backend, backend);
        assert.equal(a.depthwise.length, 8);
        for (const c of a.depthwise) {
            const name = `${backend}: depthwise k ${c.k}, stride ${c.stride}, dilation ${c.dilation}, input ${c.size}`;
            assert.ok(c.shape, `${name}: torch's output shape`);
            // float32 against float64 sums of at most 50 products of standard normals: about 1e-7 of the largest entry.
            for (const what of ['value', 'input', 'filter'] as const) assert.ok(c[what] < 1e-5, `${name}: ${what} off by ${c[what]}`);
        }
        // The engine's rule, measured as the worker measures it at start-up: wasm's MaxPoolGrad is not torch's on ties.
        if (backend !== 'webgpu') assert.equal(a.rule, backend === 'cpu' ? 'first' : 'other');
        const off = (route: string) => {
            const pool = a.pools.find((p) => p.route === route)!;
            assert.equal(pool.cases.length, 5);
            return pool.cases.filter((p) => !(p.value < 1e-5 && p.gradient < 1e-5)).map((p) => `k ${p.k}, stride ${p.stride}, input ${p.size}: value off by ${p.value}, gradient by ${p.gradient}`);
        };
        // The forward-op gradient everywhere, and the engine's own gradient where its rule is torch's.
        assert.deepEqual(off('other'), [], `${backend}, max pool's forward-op gradient`);
        if (a.rule === 'first') assert.deepEqual(off('first'), [], `${backend}, the engine's max pool gradient`);
        // Else the engine's own gradient routes ties elsewhere: what the test would see of a wrong routing.
        else assert.ok(off('first').length > 0, `${backend}: the engine's other tie rule is caught`);
    }
});
