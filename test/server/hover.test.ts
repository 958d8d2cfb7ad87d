import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { LangiumDocument } from 'langium';
import { expectHover, parseHelper } from 'langium/test';
import { editorSizeBudget } from '../../server/features/editor-size.js';
import { examplesUri, Nas } from './services.js';

const tour = readFileSync(new URL('../../examples/tour.nas', import.meta.url), 'utf8');
const hover = expectHover(Nas);
const parse = parseHelper(Nas);

let tourDocument: Promise<LangiumDocument> | undefined;

/** The hover text at the `|` of `at` in the tour. */
async function tourHover(at: string): Promise<string> {
    const offset = tour.indexOf(at.replace('|', '')) + at.indexOf('|');
    assert.ok(offset >= at.indexOf('|'), `${at} not in the tour`);
    tourDocument ??= parse(tour, { documentUri: examplesUri('hover-tour.nas') });
    const document = await tourDocument;
    const result = await Nas.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
    const contents = result?.contents as { kind: string; value: string } | undefined;
    assert.equal(contents?.kind ?? 'markdown', 'markdown');
    return contents?.value ?? '';
}

describe('hover on spaces', () => {
    test('NB201: kind, exact and unique size, the leading comment', async () => {
        const text = await tourHover('space NB|201');
        assert.match(text, /^\*\*NB201\*\* — cell space, 15,625 architectures \(10\^4\.19\), 6,466 unique/);
        assert.match(text, /`cell`: 15,625 = 5\^6 \(6 edges, 5 ops\)/);
        assert.match(text, /Cell space: a fixed DAG/);
    });
    test('a reference shows the same thing as the declaration', async () => {
        assert.equal(await tourHover('arch  NB|201'), await tourHover('space NB|201'));
        assert.equal(await tourHover('lissnas(NB|201)'), await tourHover('space NB|201'));
    });
    test('constrained, graph, DARTS, product and continuous spaces', async () => {
        assert.match(await tourHover('space Sm|all'), /\*\*Small\*\* — constrained cell space, 14,080 architectures \(10\^4\.15\), 5,553 unique/);
        assert.match(await tourHover('space NB1|01'), /graph space, 509,607,936 architectures \(10\^8\.71\), 423,624 unique/);
        assert.match(await tourHover('space DA|RTS'), /DARTS cell space \(2 cells\), 1\.08 × 10\^18 architectures \(10\^18\.03\), 1\.46 × 10\^17 unique/);
        assert.match(await tourHover('space Mob|ile'), /1\.15 × 10\^22 architectures[\s\S]*`layers`: 3\.83 × 10\^21 = \(3·2·2\)\^20/);
        const training = await tourHover('space Tra|ining');
        assert.match(training, /hyperparameter space, ∞ \(continuous\) configurations/);
        assert.match(training, /`epochs`: 19\n- `dropout`: 6/);
    });
    test('estimated sizes are marked ≈, with their interval', async () => {
        // 8 ops on 6 edges: the exact class count exceeds the editor's DP budget, so it is sampled (seeded:
        // the same estimate every time). The budget is raised so that a slow machine still estimates.
        const saved = editorSizeBudget.estimateMs;
        editorSizeBudget.estimateMs = 60_000;
        try {
            await hover({
                text: 'space Ei<|>ght {\n  cell { nodes 4; ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3, a, b, c] }\n}',
                index: 0,
                hover: /^\*\*Eight\*\* — cell space, 262,144 architectures \(10\^5\.42\), ≈151,323 unique\n\n≈: estimated by sampling \(95% interval 128,218–174,428\)/,
            });
        } finally {
            editorSizeBudget.estimateMs = saved;
        }
    });
});

describe('hover on members, ops and declarations', () => {
    test('parameters: domain, size, condition', async () => {
        assert.equal(await tourHover('  l|r        log'), '**lr** — parameter `loguniform(1e-4, 1e-1)`, continuous\n\nA real value whose logarithm is uniform in [log low, log high] (continuous; low > 0).');
        assert.equal(await tourHover('ke|rnel choice'), '**kernel** — parameter `choice [3, 5, 7]`, 3 values per layer');
        assert.match(await tourHover('mom|entum'), /^\*\*momentum\*\* — parameter `uniform\(0\.8, 0\.99\)`, continuous\n\nonly when `optimizer == "sgd"`/);
        assert.match(await tourHover('epo|chs    randint'), /randint\(10, 200, step: 10\)`, 19 values/);
        assert.equal(await tourHover('randint(10, 200, st|ep'), '**step** — parameter 3 of `randint(low, high, step, inclusive)`');
        assert.match(await tourHover('when opti|mizer'), /\*\*optimizer\*\* — parameter `choice \["sgd", "adam"\]`, 2 values/);
        assert.match(await tourHover('  ar|ch  NB201'), /\*\*arch\*\* — sub-space: NB201 — cell space, 15,625 architectures/);
    });
    test('ops: what they compute', async () => {
        assert.equal(await tourHover('nor_conv_3|x3 ='), '**nor_conv_3x3** = `relu_conv_bn(kernel: 3)` — ReLU, convolution, batch norm (NAS-Bench-201 `nor_conv`).');
        assert.match(await tourHover('relu_co|nv_bn(kernel: 1)'), /^\*\*relu_conv_bn\*\* \(also: nor_conv\) — ReLU, convolution, batch norm[\s\S]*- `kernel`: square kernel size/);
        assert.match(await tourHover('relu_conv_bn(ker|nel: 1)'), /^\*\*kernel\*\* \(argument of `relu_conv_bn`\)/);
        assert.equal(await tourHover('maxpool|3x3'), '**maxpool3x3** = `max_pool(kernel: 3)` — Max pooling (stride 1 inside a cell). (NB101 vocabulary)');
        assert.match(await tourHover('ops NB201O|ps\n'), /^\*\*ops NB201Ops\*\* — op set, 5 ops\n\n- `none`\n- `skip_connect` = `identity`/);
    });
    test('cells, copies and unnamed members', async () => {
        assert.equal(await tourHover('cell nor|mal'), '**normal** — DARTS cell, 1.04 × 10^9 choices = C(2,2)·C(3,2)·C(4,2)·C(5,2) · 7^8');
        assert.match(await tourHover('cell reduce = nor|mal'), /^\*\*normal\*\* — DARTS cell/);
        assert.match(await tourHover('ce|ll {'), /^\*\*cell\*\* — cell, 15,625 choices = 5\^6[\s\S]*\*\*cell\*\* — A cell: a fixed DAG/);
    });
    test('evaluators, policies, searches and their kinds: kind doc and settings', async () => {
        const kind = await tourHover('tab|le("../');
        assert.match(kind, /^\*\*table\*\* \(evaluator\) — Looks architectures up in a CSV benchmark table/);
        assert.match(kind, /- `metric <column>` \(required\): The column searches optimize/);
        const policy = await tourHover('evolution(Lis|snas)');
        assert.match(policy, /^\*\*policy Lissnas\*\* = `lissnas\(NB201\)` `\{ evaluate c10; sample 100; seeds top 10;/);
        assert.match(policy, /\*\*lissnas\*\* \(policy\) — LISSNAS shrinkage/);
        assert.match(await tourHover('evaluate  c1|0'), /^\*\*evaluator c10\*\* = `table\("\.\.\/data\/nb201\/nb201\.csv"\)`/);
        assert.match(await tourHover('search R|EA '), /^\*\*search REA\*\* = `evolution\(Lissnas\)`[\s\S]*- `tournament <count>`: Tournament size/);
    });
    test('setting keys: the doc of the enclosing kind', async () => {
        assert.equal(await tourHover('met|ric c10'), '**metric** (setting of evaluator `table`), required — `metric <column>`\n\nThe column searches optimize (maximized unless `minimize`).');
        assert.match(await tourHover('sam|ple    100'), /^\*\*sample\*\* \(setting of policy `lissnas`\) — `sample <count>\|<percent> \[min <count>\] max <count>`/);
        await hover({
            text: 'space S { x choice [1] }\npolicy P = lissnas(S) { se<|>eds top 10 apart 3 }',
            index: 0,
            hover: /^\*\*seeds\*\* \(setting of policy `lissnas`\) — `seeds top <count>\|<percent> \[apart <count>\]`\n\n.*`apart <count>` keeps seeds at least that structural distance from each other/s,
        });
        assert.match(await tourHover('st|em 16'), /^\*\*stem\*\* \(setting of network\) — `stem <count>`\n\nChannels of the stem convolution/);
        await hover({ text: 'evaluator e = proxy(synflow) { pop<|>ulation 3 }', index: 0, hover: '**population** — not a setting of evaluator `proxy`' });
        // Keys of some kinds of network say so (the registry's `architectures`); a chain space in its own skeleton keeps its size.
        const chain = 'space C {\n  layers 3 { kernel choice [3, 5]; expand choice [3, 6] }\n  network { stages [16, 32]; strides [1, 2]; head 256 }\n}';
        await hover({ text: chain.replace('strides', 'str<|>ides'), index: 0, hover: /^\*\*strides\*\* \(setting of network, layer chains only\) — `strides \[1\|2, \.\.\.\]`/ });
        await hover({ text: 'space S { network { cells_<|>per_stage 2 } }', index: 0, hover: /^\*\*cells_per_stage\*\* \(setting of network, cell networks, DARTS cell networks and NB101 graph networks only\)[^]*default 5 around a cell; 2 normal cells per stage around DARTS cells: 3 stages and 2 reduction cells, 8 cells in all; 3 cells per stack around a graph: NAS-Bench-101's 3 stacks, 9 cells\)\.$/ });
        await hover({ text: chain.replace('space C', 'space <|>C'), index: 0, hover: /^\*\*C\*\* — layer chain, 64 architectures/ });
        // The relative forms (docs/lissnas.md, "Settings relative to the space") are in the syntax and the doc.
        await hover({ text: 'space S { x choice [1] }\npolicy P = lissnas(S) { neigh<|>bors count 20 }', index: 0, hover: /^\*\*neighbors\*\* \(setting of policy `lissnas`\) — `neighbors \(distance <count>\|count <count>\)[^`]*`\n\n[^\n]*the `count` nearest/ });
        await hover({ text: 'space S { x choice [1] }\npolicy P = lissnas(S) { st<|>op plateau(delta: noise) }', index: 0, hover: /`stop plateau\(patience: <count>, delta: <number>\|noise\|noise\(<number>\)\)`\n\n[^\n]*`delta: noise` \(or `noise\(k\)`\) is one \(k\) standard error of the sample mean/ });
    });
    test('keywords and distributions: a short doc', async () => {
        assert.match(await tourHover('wh|en optimizer'), /^\*\*when\*\* — `x dist when cond`/);
        assert.match(await tourHover('edges a|ll'), /^\*\*all\*\* — Every edge i -> j/);
        assert.match(await tourHover('loguni|form(1e-4'), /^\*\*loguniform\*\* — A real value whose logarithm is uniform/);
        assert.match(await tourHover('spa|ce Small'), /^\*\*space\*\* — A search space/);
    });
    test('nothing to say: whitespace and comments', async () => {
        await hover({ text: 'space S { x choice [1] }  <|>  // note', index: 0, hover: undefined });
        await hover({ text: 'space S { x choice [1] }  // no<|>te', index: 0, hover: undefined });
    });
});

describe('hover on keywords used as names', () => {
    test('a keyword spelling names what it names; real keywords keep their documentation', async () => {
        const text = 'space ops { cell choice [1, 2] }\nevaluator space = table("t.csv") { key ops as digits }\n';
        const at = async (marker: string, index = 0) => {
            const document = await parse(text);
            let offset = -1;
            for (let i = 0; i <= index; i++) offset = text.indexOf(marker.replace('|', ''), offset + 1);
            offset += marker.indexOf('|');
            const result = await Nas.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
            return (result?.contents as { value: string } | undefined)?.value ?? '';
        };
        assert.match(await at('space o|ps'), /^\*\*ops\*\* — hyperparameter space/);
        assert.match(await at('sp|ace ops'), /^\*\*space\*\* — /);
        assert.match(await at('evaluator sp|ace'), /^\*\*evaluator space\*\* = `table/);
        assert.doesNotMatch(await at('key o|ps'), /op set/);
    });
});
