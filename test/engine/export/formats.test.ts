import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { conditionText, flattenSpace, renameCondition, type FlatSpace } from '../../../engine/export/decisions.js';
import type { SpaceFormat } from '../../../engine/export/index.js';
import { importSpace, nasText, type ImportFormat } from '../../../engine/import/index.js';
import { identifier, KEYWORDS } from '../../../engine/import/nas-text.js';
import { exportTour, loadNasText, members, ROOT, sizes, TOUR_SPACES, tourSpace } from './helpers.js';

/**
 * The JSON/YAML formats (NNI, W&B, Katib), each checked against its tool's schema rules (types, required keys,
 * allowed values) as the tools document them, and each read back by `lissnas import`: the produced `.nas`
 * checks clean, and the space has the same sizes (the engine's raw count; `continuous` stays continuous) and
 * the same members (every decision with the same values) where the format can carry the space.
 */

const NNI_TYPES = new Set(['choice', 'randint', 'uniform', 'quniform', 'loguniform', 'qloguniform', 'normal', 'qnormal', 'lognormal', 'qlognormal']);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isScalar = (x: unknown) => isNum(x) || typeof x === 'string' || typeof x === 'boolean';

/** NNI's search-space rules (nni.readthedocs.io, "Search Space"): checked on every parameter, nested ones too. */
function checkNni(space: Record<string, unknown>, path = ''): number {
    let count = 0;
    for (const [key, spec] of Object.entries(space)) {
        if (key === '_name') continue;
        const at = `${path}${key}`;
        const s = spec as { _type: unknown; _value: unknown };
        assert.ok(typeof s === 'object' && s !== null, `${at} is an object`);
        assert.ok(NNI_TYPES.has(s._type as string), `${at}: _type ${String(s._type)}`);
        assert.ok(Array.isArray(s._value), `${at}: _value is a list`);
        const v = s._value as unknown[];
        count++;
        switch (s._type) {
            case 'choice':
                assert.ok(v.length > 0, `${at}: choice is not empty`);
                for (const item of v) {
                    if (typeof item === 'object' && item !== null) {
                        assert.ok(isScalar((item as { _name?: unknown })._name), `${at}: nested choice items have a _name`);
                        count += checkNni(item as Record<string, unknown>, `${at}/`);
                    } else assert.ok(isScalar(item), `${at}: choice values are scalars`);
                }
                break;
            case 'randint':
                assert.ok(v.length === 2 && Number.isInteger(v[0]) && Number.isInteger(v[1]) && (v[0] as number) < (v[1] as number), `${at}: randint [lower, upper)`);
                break;
            case 'uniform':
            case 'loguniform':
                assert.ok(v.length === 2 && v.every(isNum) && (v[0] as number) < (v[1] as number), `${at}: [low, high]`);
                if (s._type === 'loguniform') assert.ok((v[0] as number) > 0, `${at}: loguniform low > 0`);
                break;
            case 'quniform':
            case 'qloguniform':
                assert.ok(v.length === 3 && v.every(isNum) && (v[2] as number) > 0, `${at}: [low, high, q]`);
                break;
            default:
                assert.ok(v.length >= 2 && v.every(isNum) && (v[1] as number) > 0, `${at}: [mu, sigma(, q)]`);
        }
    }
    return count;
}

const WANDB_DISTRIBUTIONS = new Set(['constant', 'categorical', 'int_uniform', 'uniform', 'q_uniform', 'log_uniform', 'log_uniform_values', 'q_log_uniform', 'q_log_uniform_values', 'inv_log_uniform', 'inv_log_uniform_values', 'normal', 'q_normal', 'log_normal', 'q_log_normal']);

/** W&B sweep configuration rules (docs.wandb.ai, "Sweep configuration options"). */
function checkWandb(config: Record<string, unknown>): void {
    assert.ok(['grid', 'random', 'bayes'].includes(config.method as string), 'method is grid, random or bayes');
    if (config.metric !== undefined) {
        const m = config.metric as { name?: unknown; goal?: unknown };
        assert.equal(typeof m.name, 'string');
        assert.ok(['maximize', 'minimize'].includes(m.goal as string));
    }
    const params = config.parameters as Record<string, Record<string, unknown>>;
    assert.ok(params && typeof params === 'object', 'parameters is a mapping');
    for (const [name, p] of Object.entries(params)) {
        if ('values' in p) {
            assert.ok(Array.isArray(p.values) && p.values.length > 0 && p.values.every(isScalar), `${name}: values`);
            continue;
        }
        assert.ok(WANDB_DISTRIBUTIONS.has(p.distribution as string), `${name}: distribution ${String(p.distribution)}`);
        const d = p.distribution as string;
        if (d.includes('normal')) assert.ok(isNum(p.mu) && isNum(p.sigma), `${name}: mu and sigma`);
        else assert.ok(isNum(p.min) && isNum(p.max) && (p.min as number) < (p.max as number), `${name}: min < max`);
        if (d === 'int_uniform') assert.ok(Number.isInteger(p.min) && Number.isInteger(p.max), `${name}: integer bounds`);
        if (d.startsWith('q_')) assert.ok(isNum(p.q) && (p.q as number) > 0, `${name}: q`);
        for (const key of Object.keys(p)) assert.ok(['distribution', 'min', 'max', 'q', 'mu', 'sigma'].includes(key), `${name}: no unknown key ${key}`);
    }
}

/** Katib v1beta1 Experiment rules (kubeflow.org/docs/components/katib, API reference): the fields Katib's webhook validates. */
function checkKatib(doc: Record<string, unknown>): void {
    assert.equal(doc.apiVersion, 'kubeflow.org/v1beta1');
    assert.equal(doc.kind, 'Experiment');
    const meta = doc.metadata as { name: string };
    assert.match(meta.name, /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'metadata.name is a DNS-1123 label');
    const spec = doc.spec as Record<string, any>;
    assert.ok(['maximize', 'minimize'].includes(spec.objective.type));
    assert.equal(typeof spec.objective.objectiveMetricName, 'string');
    assert.equal(typeof spec.algorithm.algorithmName, 'string');
    for (const k of ['parallelTrialCount', 'maxTrialCount', 'maxFailedTrialCount']) assert.ok(Number.isInteger(spec[k]) && spec[k] > 0, k);
    const names = new Set<string>();
    for (const p of spec.parameters as Array<Record<string, any>>) {
        assert.equal(typeof p.name, 'string');
        assert.ok(!names.has(p.name), `unique name ${p.name}`);
        names.add(p.name);
        assert.ok(['int', 'double', 'categorical', 'discrete'].includes(p.parameterType), `${p.name}: parameterType`);
        const fs = p.feasibleSpace;
        for (const v of Object.values(fs)) assert.ok(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')), `${p.name}: feasibleSpace values are strings`);
        if (p.parameterType === 'categorical' || p.parameterType === 'discrete') assert.ok(Array.isArray(fs.list) && fs.list.length > 0, `${p.name}: list`);
        else {
            assert.ok(Number(fs.min) < Number(fs.max) || (p.parameterType === 'int' && Number(fs.min) <= Number(fs.max)), `${p.name}: min < max`);
            if (p.parameterType === 'int') assert.ok(Number.isInteger(Number(fs.min)) && Number.isInteger(Number(fs.max)), `${p.name}: integer bounds`);
            if (fs.distribution !== undefined) assert.ok(['uniform', 'logUniform', 'normal', 'logNormal'].includes(fs.distribution), `${p.name}: distribution`);
        }
        if (p.parameterType === 'discrete') assert.ok(fs.list.every((x: string) => Number.isFinite(Number(x))), `${p.name}: discrete values are numbers`);
    }
    const template = spec.trialTemplate;
    assert.equal(typeof template.primaryContainerName, 'string');
    const refs = new Set<string>();
    for (const tp of template.trialParameters) {
        assert.match(tp.name, /^\w+$/);
        assert.ok(names.has(tp.reference), `trial parameter ${tp.name} references a parameter`);
        refs.add(tp.reference);
    }
    assert.deepEqual([...refs].sort(), [...names].sort(), 'every parameter reaches the trial');
    const container = template.trialSpec.spec.template.spec.containers.find((c: { name: string }) => c.name === template.primaryContainerName);
    assert.ok(container, 'the primary container exists');
    const command = container.command.join(' ');
    for (const tp of template.trialParameters) assert.ok(command.includes(`\${trialParameters.${tp.name}}`), `${tp.name} is passed to the trial`);
}

/** Each decision as name -> sorted members (and its condition), for comparing spaces across formats. */
function signature(flat: FlatSpace, opts: { conditions: boolean; stringify?: boolean; rename?: boolean }): Record<string, string> {
    const out: Record<string, string> = {};
    for (const d of flat.decisions) {
        const values = members(d.domain).map((v) => (opts.stringify ? JSON.stringify(String(JSON.parse(v))) : v)).sort();
        const name = opts.rename ? identifier : (n: string) => n;
        out[name(d.name)] = values.join(' ') + (opts.conditions && d.when ? ` when ${conditionText(renameCondition(d.when, name))}` : '');
    }
    return out;
}

async function roundTrip(format: SpaceFormat & ImportFormat, space: string) {
    const exported = await exportTour(format, space, { metric: 'c10_val_naslib', goal: 'maximize', additional: [] });
    const imported = importSpace(format, exported.text, space);
    const text = nasText(imported, `${space}.${format}`);
    const loaded = await loadNasText(text);
    assert.deepEqual(loaded.errors, [], `the imported .nas checks clean:\n${text}`);
    assert.deepEqual(loaded.warnings, [], `no warnings either:\n${text}`);
    const spec = loaded.spec.spaces[0];
    return { exported, imported, spec, flat: flattenSpace(spec), text };
}

/** What each format carries exactly: every tour space but the graph (validity) and the constrained one. */
const EXACT = ['NB201', 'DARTS', 'Mobile'];

describe('export --to nni', () => {
    for (const name of TOUR_SPACES) {
        test(`${name}: NNI schema rules hold; import gives the same members and the same raw size${name === 'Small' ? ' (warned: larger, constraints lost)' : ''}`, async () => {
            const r = await roundTrip('nni', name);
            const json = JSON.parse(r.exported.text) as Record<string, unknown>;
            assert.equal(checkNni(json), r.exported.flat.decisions.length);
            assert.deepEqual(signature(r.flat, { conditions: true }), signature(r.exported.flat, { conditions: true, rename: true }));
            const original = sizes(await tourSpace(name));
            const back = sizes(r.spec);
            if (name === 'Small') {
                assert.ok(BigInt(back.raw) > BigInt(original.raw), 'the constraints are lost: the flat space is larger');
                assert.ok(r.exported.warnings.some((w) => /constraint/.test(w.message)));
            } else assert.equal(back.raw, original.raw);
            if (name === 'NB101') {
                // The engine's raw count of a graph space counts every encoding too; validity shows in the unique count.
                assert.ok(BigInt(back.unique) > BigInt(original.unique));
                assert.ok(r.exported.warnings.some((w) => /validity/.test(w.message)));
            }
            if (name === 'Training' || name === 'Mobile') assert.equal(back.unique, original.unique, 'no isomorphism in hyperparameters');
        });
    }

    test('Training: the conditional becomes a nested choice and comes back as `when optimizer == "sgd"`', async () => {
        const r = await roundTrip('nni', 'Training');
        const json = JSON.parse(r.exported.text);
        assert.deepEqual(json.optimizer._value[0], { _name: 'sgd', momentum: { _type: 'uniform', _value: [0.8, 0.99] } });
        assert.deepEqual(json.optimizer._value[1], { _name: 'adam' });
        assert.equal(json.momentum, undefined);
        assert.match(r.text, /momentum\s+uniform\(0\.8, 0\.99\) when optimizer == "sgd"/);
        // randint(10, 200, step: 10) has no NNI form with a step: its values are listed.
        assert.deepEqual(json.epochs, { _type: 'choice', _value: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190] });
        assert.deepEqual(r.exported.warnings, []);
    });
});

describe('export --to wandb', () => {
    for (const name of TOUR_SPACES) {
        test(`${name}: W&B sweep rules hold; import gives the same members${EXACT.includes(name) ? ' and raw size' : ''}`, async () => {
            const r = await roundTrip('wandb', name);
            checkWandb(parseYaml(r.exported.text));
            assert.equal(parseYaml(r.exported.text).metric.name, 'c10_val_naslib');
            assert.deepEqual(signature(r.flat, { conditions: false }), signature(r.exported.flat, { conditions: false, rename: true }));
            if (EXACT.includes(name)) assert.equal(sizes(r.spec).raw, sizes(await tourSpace(name)).raw);
        });
    }

    test('Training: the conditional is a comment on the parameter and a warning; distributions map to W&B names', async () => {
        const r = await roundTrip('wandb', 'Training');
        assert.match(r.exported.text, /# W&B has no conditional parameters: lissnas uses momentum only when optimizer == "sgd"/);
        assert.ok(r.exported.warnings.some((w) => w.construct === 'momentum' && w.message.includes("W&B cannot express 'when optimizer == \"sgd\"'")));
        const p = parseYaml(r.exported.text).parameters;
        assert.deepEqual(p.lr, { distribution: 'log_uniform_values', min: 0.0001, max: 0.1 });
        assert.deepEqual(p.dropout, { distribution: 'q_uniform', min: 0, max: 0.5, q: 0.1 });
        assert.deepEqual(p.batch, { values: [64, 128, 256] });
        // Imported back without the condition (W&B lost it): documented in docs/interop.md.
        assert.match(r.text, /momentum\s+uniform\(0\.8, 0\.99\)\n/);
    });
});

describe('export --to katib', () => {
    for (const name of TOUR_SPACES) {
        test(`${name}: Katib Experiment rules hold; import gives the same members${EXACT.includes(name) ? ' and raw size' : ''}`, async () => {
            const r = await roundTrip('katib', name);
            checkKatib(parseYaml(r.exported.text));
            // Katib has no booleans: `se choice [false, true]` comes back as strings (warned).
            assert.deepEqual(signature(r.flat, { conditions: false, stringify: true }), signature(r.exported.flat, { conditions: false, stringify: true, rename: true }));
            if (EXACT.includes(name)) assert.equal(sizes(r.spec).raw, sizes(await tourSpace(name)).raw);
            if (name === 'Mobile') assert.ok(r.exported.warnings.some((w) => w.message.includes('Katib has no booleans')));
        });
    }

    test('the objective comes from the evaluator; a command evaluator becomes the trial command', async () => {
        const { text } = await exportTour('katib', 'Training', { metric: 'acc', goal: 'minimize', additional: ['c10_test'], command: 'python3 train.py --lr {lr} --arch {arch}' });
        const doc = parseYaml(text);
        assert.deepEqual(doc.spec.objective, { type: 'minimize', objectiveMetricName: 'acc', additionalMetricNames: ['c10_test'] });
        assert.deepEqual(doc.spec.trialTemplate.trialSpec.spec.template.spec.containers[0].command, ['sh', '-c', 'python3 train.py --lr ${trialParameters.lr} --arch {arch}']);
        assert.match(text, /# Katib has no conditional parameters: lissnas uses momentum only when optimizer == "sgd"/);
    });
});

describe('imported names', () => {
    test('every word the grammar reserves is quoted when it names an imported parameter', () => {
        const grammar = readFileSync(join(ROOT, 'dsl', 'nas.langium'), 'utf8');
        const words = new Set([...grammar.matchAll(/'([a-z_][a-z_0-9]*)'/g)].map((m) => m[1]));
        assert.ok(words.has('micro_batch') && words.has('query_cost'), 'the grammar was read');
        assert.deepEqual([...words].filter((w) => !KEYWORDS.has(w)), [], 'reserved words missing from engine/import/nas-text.ts KEYWORDS');
    });
});
