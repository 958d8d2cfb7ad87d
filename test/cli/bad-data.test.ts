import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseRunEvent, type DoneEvent } from '../../protocol/run-events.js';
import type { SearchResult, ShrinkResult } from '../../engine/report/result.js';
import { run } from './in-process.js';

/**
 * Bad table data is visible: the real NB201 table with every third metric cell `NaN` and every seventh (of the
 * rest) empty. `check` warns on the metric setting with the counts; a run still succeeds (failures are recorded,
 * not fatal) but ends with a summary of its failed evaluations on the console, in result.json and in the
 * `--json` done event.
 */
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-baddata-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
const source = fileURLToPath(new URL('../../data/nb201/nb201.csv', import.meta.url));
const [header, ...lines] = readFileSync(source, 'utf8').trim().split('\n');
const val = header.split(',').indexOf('c10_val_naslib');
let nan = 0;
let empty = 0;
const firstBad: number[] = [];
const rows = lines.map((line, i) => {
    const cells = line.split(',');
    if (i % 3 === 1) {
        cells[val] = 'NaN';
        nan++;
    } else if (i % 7 === 3) {
        cells[val] = '';
        empty++;
    } else return line;
    if (firstBad.length < 3) firstBad.push(i + 1);
    return cells.join(',');
});
writeFileSync(join(tmp, 'bad.csv'), [header, ...rows].join('\n') + '\n');
const nas = join(tmp, 'bad.nas');
writeFileSync(
    nas,
    `ops O { none\n skip_connect = identity\n nor_conv_1x1 = relu_conv_bn(kernel: 1)\n nor_conv_3x3 = relu_conv_bn(kernel: 3)\n avg_pool_3x3 = avg_pool(kernel: 3) }
space S { cell { nodes 4\n edges all\n ops O } }
evaluator e = table("bad.csv") {
  key    arch as nb201
  metric c10_val_naslib
  report c10_test
}
policy P = lissnas(S) { evaluate e; sample 50; seeds top 5; neighbors distance 1; max_iterations 2; seed 1 }
search R = random(P) { evaluate e; budget 200; seed 1 }
`,
);


const fmt = (x: number): string => x.toLocaleString('en-US');

test('check warns on the metric setting with the counts of NaN and empty cells and the first rows', async () => {
    const r = await run('check', nas);
    assert.equal(r.code, 0, r.out + r.err);
    const expected = `column c10_val_naslib: ${fmt(nan + empty)} of 15,625 rows are not numbers (\`NaN\`: ${fmt(nan)}, empty: ${fmt(empty)}; first data rows ${firstBad.join(', ')}); those rows will be failed evaluations`;
    const text = r.out + r.err;
    assert.ok(text.includes(expected), text);
    const line = readFileSync(nas, 'utf8').split('\n').findIndex((l) => l.includes('metric c10_val_naslib')) + 1;
    assert.ok(text.includes(`bad.nas:${line}:10: warning: column c10_val_naslib`), `located on the metric setting's value (line ${line}): ${text}`);
});

test('shrink: the failed evaluations are summed up on the console and in result.json (count, first 5 reasons in order)', async () => {
    const dir = join(tmp, 'shrink');
    const r = await run('shrink', nas, '--policy', 'P', '--out', dir);
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as ShrinkResult;
    const journal = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; error?: string; genotype?: number[] });
    const failed = journal.filter((e) => e.type === 'eval' && e.error !== undefined);
    assert.ok(failed.length > result.queries / 4, `about 40% of the queries fail: ${failed.length} of ${result.queries}`);
    assert.equal(result.failures?.count, failed.length);
    assert.equal(result.failures?.first.length, 5);
    assert.deepEqual(result.failures?.first.map((f) => f.error), failed.slice(0, 5).map((e) => e.error));
    assert.match(result.failures!.first[0].arch, /^\|.*\|$/, 'named by architecture');
    assert.match(r.out, new RegExp(`warning: ${failed.length} failed evaluation\\(s\\) in the policy \\(\\d+% of its ${result.queries} queries\\); first:`));
    assert.ok(r.out.includes(`  ${result.failures!.first[0].arch}: ${result.failures!.first[0].error}`), r.out);
});

test('search: the search failures apart from the shrinkage ones; --json gets them in the done event', async () => {
    const dir = join(tmp, 'search');
    const r = await run('search', nas, '--search', 'R', '--out', dir, '--json');
    assert.equal(r.code, 0, r.err);
    const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')) as SearchResult;
    assert.ok(result.failures && result.failures.count > 0 && result.failures.count < result.queries, JSON.stringify(result.failures));
    assert.ok(result.shrink?.failures && result.shrink.failures.count > 0);
    const done = r.out.split('\n').map(parseRunEvent).find((e): e is DoneEvent => e?.event === 'done');
    assert.equal(done?.failures?.count, result.failures.count + result.shrink.failures.count);
    assert.deepEqual(done?.failures?.first, result.shrink.failures.first, 'the shrinkage failed first');
});

test('a clean run has no failures field (result.json unchanged for good data)', async () => {
    const dir = join(tmp, 'clean');
    const r = await run('shrink', 'examples/nb201.nas', '--policy', 'ABS', '--out', dir);
    assert.equal(r.code, 0, r.err);
    assert.equal('failures' in JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8')), false);
    assert.doesNotMatch(r.out, /failed evaluation/);
});
