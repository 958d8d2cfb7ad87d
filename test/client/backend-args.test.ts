/** `lissnas.runs.backend` → the CLI's `--backend` (client/runs/backend-args.ts), and the setting's choices kept equal to the engine's. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { backendArgs } from '../../client/runs/backend-args.js';
import { BACKEND_NAMES } from '../../engine/evaluate/neural/backend.js';
import { root } from '../architecture/sources.js';

test('auto (or nothing) adds no flag, so the CLI chooses and reports; any other name is passed on for the CLI to check', () => {
    assert.deepEqual(backendArgs(undefined), []);
    assert.deepEqual(backendArgs('auto'), []);
    assert.deepEqual(backendArgs(' '), []);
    assert.deepEqual(backendArgs('torch'), ['--backend', 'torch']);
    assert.deepEqual(backendArgs('cpu'), ['--backend', 'cpu']);
    assert.deepEqual(backendArgs('wasm'), ['--backend', 'wasm'], 'a hand-edited value: the CLI refuses it with its list of names');
});

test('the setting offers exactly the engine\'s back-ends, auto first and by default', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { enum: string[]; default: string; enumDescriptions: string[] }> } } };
    const setting = pkg.contributes.configuration.properties['lissnas.runs.backend'];
    assert.deepEqual(setting.enum, [...BACKEND_NAMES]);
    assert.equal(setting.default, 'auto');
    assert.equal(setting.enumDescriptions.length, setting.enum.length);
});
