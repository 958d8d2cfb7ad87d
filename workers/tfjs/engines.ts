import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { TfjsEngineName } from '../../protocol/neural-worker.js';
import { gradientSelfCheck, matMulSelfCheck } from './self-check.js';

/**
 * The tfjs engines the worker can run on, each started and described the same way. One bundle serves them all:
 *   wasm        tfjs-backend-wasm (bundled; its .wasm files next to the bundle), CPU, one thread
 *   webgpu      tfjs-backend-webgpu (bundled) on Dawn, the optional npm package `webgpu` (native, never bundled)
 *   tensorflow  @tensorflow/tfjs-node-gpu, never a dependency (its install downloads libtensorflow): loaded only
 *               when the user installed it, used only when it reports a GPU
 */

/** The engine could not start here: the worker answers `absent` with this, and the engine names what to do. */
export class EngineAbsent extends Error {}

export interface Started {
    /** What does the work, for people and result.json: `cpu`, or the GPU adapter. */
    device: string;
    /** A real GPU (not a software rasterizer on the CPU): only then may `--backend auto` pick this engine. */
    gpu: boolean;
    /** Checks after each request: a WebGPU validation error is reported here, never a silent wrong number. */
    takeError: () => string | undefined;
}

export async function startEngine(engine: TfjsEngineName, wasmDir: string | undefined): Promise<Started> {
    switch (engine) {
        case 'wasm':
            return startWasm(wasmDir);
        case 'webgpu':
            return startWebgpu();
        case 'tensorflow':
            return startTensorflow();
    }
}

async function startWasm(wasmDir: string | undefined): Promise<Started> {
    if (!wasmDir) throw new EngineAbsent('the folder of tfjs-backend-wasm\'s .wasm files was not given');
    setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    if (!(await tf.setBackend('wasm'))) throw new EngineAbsent(`tfjs could not start its wasm back-end from ${wasmDir}`);
    await tf.ready();
    return { device: 'cpu', gpu: false, takeError: () => undefined };
}

/** Adapters that are rasterizers running on the CPU (Mesa's llvmpipe and lavapipe, SwiftShader). */
const SOFTWARE = /llvmpipe|lavapipe|softpipe|swiftshader/i;

type DawnModule = { create: (toggles: string[]) => GPU; globals: Record<string, unknown> };

/**
 * Dawn's default back-end first (Vulkan on Linux: what a GPU machine has); when it offers no adapter (a machine
 * without a GPU; Mesa's lavapipe lacks a Vulkan feature Dawn needs), its OpenGL back-end on Mesa's llvmpipe in
 * compatibility mode, surfaceless (no display). tfjs asks `navigator.gpu` for the adapter without the feature
 * level, so the backend is registered here with the adapter found.
 */
async function startWebgpu(): Promise<Started> {
    let dawn: DawnModule;
    try {
        // The native package stays outside the bundle (scripts/bundle.mjs marks it external).
        dawn = (await import('webgpu')) as unknown as DawnModule;
    } catch (e) {
        throw new EngineAbsent(`the optional package 'webgpu' (Dawn) is not installed (${(e as Error).message.split('\n')[0]}): \`npm install webgpu@0.6.2\` where lissnas is installed`);
    }
    Object.assign(globalThis, dawn.globals);
    process.env.EGL_PLATFORM ??= 'surfaceless';
    const tries: Array<{ toggles: string[]; options?: GPURequestAdapterOptions }> = [
        { toggles: [] },
        { toggles: ['backend=opengl'], options: { featureLevel: 'compatibility' } as GPURequestAdapterOptions },
    ];
    let adapter: GPUAdapter | null = null;
    let gpuApi: GPU | undefined;
    for (const t of tries) {
        gpuApi = dawn.create(t.toggles);
        adapter = await gpuApi.requestAdapter(t.options);
        if (adapter) break;
    }
    if (!adapter) throw new EngineAbsent('Dawn found no WebGPU adapter (no GPU driver, and no OpenGL through Mesa: `apt-get install libegl1 libgl1-mesa-dri`)');
    const info = adapter.info;
    const name = [info.device || info.vendor || 'unknown adapter', info.description].filter(Boolean).join(', ');
    const gpu = !SOFTWARE.test(`${info.device} ${info.description}`);
    // The adapter's own limits, not WebGPU's defaults: tfjs's kernels use workgroups of 256 and large buffers.
    const limits = ['maxBufferSize', 'maxStorageBufferBindingSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupStorageSize', 'maxComputeWorkgroupsPerDimension', 'maxComputeInvocationsPerWorkgroup', 'maxComputeWorkgroupSizeX', 'maxComputeWorkgroupSizeY', 'maxComputeWorkgroupSizeZ'] as const;
    const device = await adapter.requestDevice({ requiredLimits: Object.fromEntries(limits.map((k) => [k, adapter.limits[k]])) });
    let error: string | undefined;
    device.addEventListener('uncapturederror', (e) => {
        error ??= (e as GPUUncapturedErrorEvent).error.message.split('\n')[0];
    });
    // tfjs-webgpu checks for `navigator.gpu` (Node 20 has no navigator; Node 21+ has one without gpu).
    Object.defineProperty(globalThis, 'navigator', { value: { ...(globalThis as { navigator?: object }).navigator, gpu: gpuApi }, configurable: true });
    tf.registerBackend('webgpu', () => new WebGPUBackend(device, info));
    if (!(await tf.setBackend('webgpu'))) throw new EngineAbsent(`tfjs could not start its webgpu back-end on ${name}`);
    await tf.ready();
    const takeError = (): string | undefined => {
        const e = error;
        error = undefined;
        return e;
    };
    const problem = (await gradientSelfCheck()) ?? takeError();
    if (problem) throw new EngineAbsent(`the webgpu back-end on ${name} failed its gradient self-check: ${problem}`);
    const matMul = await exactMatMulProgram(takeError);
    if (typeof matMul !== 'number') throw new EngineAbsent(`the webgpu back-end on ${name} failed its matMul self-check with every program tfjs has: ${matMul.problem}`);
    if (matMul >= 0) console.error(`webgpu worker: tfjs's default matMul program is wrong on ${name}; using program ${matMul} (${MATMUL_PROGRAMS[matMul]})`);
    return { device: `${gpu ? 'gpu' : 'cpu, software'}: ${name}`, gpu, takeError };
}

/** tfjs-webgpu's matMul programs (its MatMulProgramType), by the flag WEBGPU_MATMUL_PROGRAM_TYPE; -1 lets it choose. */
const MATMUL_PROGRAMS: Record<number, string> = { 0: 'MatMulReduceProgram', 2: 'MatMulSmallOutputSizeProgram' };

/**
 * tfjs's own choice of matMul program if it passes the exact check, else the first of the programs that does (the
 * split-K one it picks for long inner dimensions is wrong on Mesa's llvmpipe; small-output and reduce are right
 * there: measured). -1: tfjs's choice; or why none passed.
 */
async function exactMatMulProgram(takeError: () => string | undefined): Promise<number | { problem: string }> {
    let problem = '';
    for (const program of [-1, 2, 0]) {
        tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', program);
        const p = (await matMulSelfCheck()) ?? takeError();
        if (!p) return program;
        problem = p;
    }
    return { problem };
}

/**
 * tfjs-node-gpu registers the `tensorflow` back-end in the global tfjs engine that every copy of tfjs-core shares
 * (so this bundle's ops run on it). Loaded by name from where lissnas is installed; a machine without a CUDA
 * device (tfjs-node-gpu then runs on the CPU, silently) is refused: the point of this engine is the GPU.
 */
async function startTensorflow(): Promise<Started> {
    const name = '@tensorflow/tfjs-node-gpu';
    try {
        await import(name);
    } catch (e) {
        throw new EngineAbsent(`${name} is not installed (${(e as Error).message.split('\n')[0]}); it is an opt-in: docs/proxies.md "tensorflow"`);
    }
    if (!(await tf.setBackend('tensorflow'))) throw new EngineAbsent(`${name} loaded but tfjs could not start its tensorflow back-end`);
    await tf.ready();
    const backend = tf.backend() as unknown as { isUsingGpuDevice?: boolean };
    if (!backend.isUsingGpuDevice) throw new EngineAbsent(`${name} found no GPU (it would run on the CPU; torch or wasm is faster there)`);
    const problem = (await gradientSelfCheck()) ?? (await matMulSelfCheck());
    if (problem) throw new EngineAbsent(`the tensorflow back-end failed its self-check: ${problem}`);
    return { device: 'gpu: CUDA (tfjs-node-gpu)', gpu: true, takeError: () => undefined };
}
