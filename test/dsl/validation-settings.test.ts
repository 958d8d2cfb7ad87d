// Kinds, arguments and settings of evaluators, policies and searches against setting-schema.ts; numbers that must fit a space.
// Each test pins every diagnostic of a small document: its 1-based position and its message.
import { describe, test } from 'node:test';
import { expectDiagnostics } from './helpers.js';

describe('validation: evaluators, policies, searches, settings', () => {
    test("unknown evaluator kind", async () => {
        await expectDiagnostics(`evaluator e = tabel("x.csv")`, [
            "[1:15] unknown evaluator kind 'tabel' (did you mean 'table'?); expected table, proxy, train, command",
        ]);
    });

    test("table without path and required settings", async () => {
        await expectDiagnostics(`evaluator e = table()`, [
            "[1:11] a table evaluator needs `key <column> as nb201|digits`",
            "[1:11] a table evaluator needs `metric <column>`",
            "[1:15] table(...) needs \"path.csv\" (CSV file, relative to the .nas file)",
        ]);
    });

    test("table path that is not a string", async () => {
        await expectDiagnostics(`evaluator e = table(42)`, [
            "[1:11] a table evaluator needs `key <column> as nb201|digits`",
            "[1:11] a table evaluator needs `metric <column>`",
            "[1:21] table(...) needs a string: table(\"path.csv\")",
        ]);
    });

    test("unknown proxy", async () => {
        await expectDiagnostics(`evaluator e = proxy(synflo)`, [
            "[1:21] unknown proxy 'synflo' (did you mean 'synflow'?); expected synflow, naswot, grad_norm, jacob_cov, snip, fisher",
        ]);
    });

    test("unknown dataset", async () => {
        await expectDiagnostics(`evaluator e = train(mnist)`, [
            "[1:21] unknown dataset 'mnist'; expected fashion_mnist, cifar10",
        ]);
    });

    test("timeout in mega instead of minutes", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { parallel 2; timeout 30M }`, [
            "[1:59] '30M' is a count (M = million): timeout needs a duration in ms, s, m (minutes) or h; for 30 minutes write 30m",
        ]);
    });

    test("timeout as a percentage", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { timeout 5% }`, [
            "[1:47] '5%' is a percentage: timeout needs a duration (ms, s, m or h)",
        ]);
    });

    test("executor: slurm arguments checked where they are written", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { executor slurm(partition: gpu, mem: 16m) }`, [
            "[1:48] slurm: mem needs a size such as 16G or 500M (a plain number is megabytes), not 16m",
        ]);
        await expectDiagnostics(`evaluator e = command("run {arch}") { executor slurm(nodes: 2) }`, [
            "[1:48] slurm takes partition, account, qos, gres, time, cpus, mem, array_limit, not 'nodes'",
        ]);
        await expectDiagnostics(`evaluator e = command("run {arch}") { executor slurm(partition: gpu, gres: "gpu:1", time: 30m, cpus: 4, mem: 16G, array_limit: 50) }`, []);
    });

    test("count below 1", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { parallel 0 }`, [
            "[1:48] parallel must be a whole number >= 1, not 0",
        ]);
    });

    test("count that is a fraction", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { parallel 2.5 }`, [
            "[1:48] parallel must be a whole number >= 1, not 2.5",
        ]);
    });

    test("setting of another kind", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { epochs 3 }`, [
            "[1:39] unknown setting 'epochs' for a command evaluator; it accepts parallel, timeout, retries, metric, report, answer, seed, executor, minimize, maximize",
        ]);
    });

    test("setting given twice", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { parallel 2; parallel 3 }`, [
            "[1:51] setting 'parallel' is given twice",
        ]);
    });

    test("flag with a value", async () => {
        await expectDiagnostics(`evaluator e = command("run {arch}") { minimize 3 }`, [
            "[1:48] minimize takes no value: `minimize`",
        ]);
    });

    test("word not among the accepted ones", async () => {
        await expectDiagnostics(`evaluator e = proxy(synflow) { device gpu }`, [
            "[1:39] device expects cpu or cuda or auto, not gpu (did you mean 'cpu'?)",
        ]);
    });

    test("misspelt setting key is a syntax error with a suggestion", async () => {
        await expectDiagnostics(`evaluator e = proxy(synflow) { bacth 64 }`, [
            "[1:32] unknown setting 'bacth' (did you mean 'batch'?): a body holds `key value` settings",
        ]);
    });

    test("settings on one line without separators", async () => {
        await expectDiagnostics(`evaluator e = proxy(synflow) { batch 64 seed 1 }`, [

        ]);
    });

    test("micro_batch larger than the batch (64 unless written)", async () => {
        await expectDiagnostics(`evaluator e = proxy(grad_norm) { batch 32 micro_batch 48 }`, [
            "[1:55] micro_batch 48 is larger than the batch (32): write at most 32, or leave micro_batch out",
        ]);
        await expectDiagnostics(`evaluator e = train(fashion_mnist) { micro_batch 128 parallel 2 }`, [
            "[1:50] micro_batch 128 is larger than the batch (64): write at most 64, or leave micro_batch out",
        ]);
        await expectDiagnostics(`evaluator e = proxy(naswot) { batch 64 micro_batch 16 parallel 2 }`, []);
    });

    test("data: a word for the proxies that look at inputs, meaningless for the others", async () => {
        await expectDiagnostics(`evaluator e = proxy(naswot) { data fashion_mnist }`, []);
        await expectDiagnostics(`evaluator e = proxy(synflow) { data fashion_mnist }`, [
            "[1:37] synflow uses no input data (only naswot, grad_norm, jacob_cov, snip, fisher do): leave data out",
        ]);
        // An unknown proxy is said at its name, not as a proxy without data.
        await expectDiagnostics(`evaluator e = proxy(nasvot) { data fashion_mnist }`, [
            "[1:21] unknown proxy 'nasvot' (did you mean 'naswot'?); expected synflow, naswot, grad_norm, jacob_cov, snip, fisher",
        ]);
        await expectDiagnostics(`evaluator e = proxy(snip) { data cifar }`, [
            "[1:34] data expects random or fashion_mnist, not cifar",
        ]);
    });

    test("percentage above 100", async () => {
        await expectDiagnostics(`evaluator e = train(cifar10) { subset 120% }`, [
            "[1:39] subset 120% is outside (0%, 100%]",
        ]);
    });

    test("number expected", async () => {
        await expectDiagnostics(`evaluator e = train(cifar10) { lr fast }`, [
            "[1:35] lr needs a plain number, not fast",
        ]);
    });

    test("sample larger than the space", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; sample 20000 }`, [
            "[3:44] sample 20000 is larger than space 'S', which has 15625 architectures",
        ]);
    });

    test("seeds more than sampled", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; sample 100; seeds top 200 }`, [
            "[3:59] seeds top 200 is more than the 100 sampled architectures",
        ]);
    });

    test("seeds apart: clean when well formed; a bad distance or word is located at it", async () => {
        const prelude = `space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
`;
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; seeds top 10 apart 3 }`, []);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; seeds top 10 apart 0 }`, [
            "[3:56] seeds apart must be a whole number >= 1, not 0",
        ]);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; seeds top 10 away 3 }`, [
            "[3:50] seeds takes `top <count>|<percent> [apart <count>]`",
        ]);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; seeds top 10 apart }`, [
            "[3:50] seeds needs a distance after apart: `seeds top 10 apart 3`",
        ]);
    });

    test("neighbors with its options is clean; a bad option is located", async () => {
        const prelude = `space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
`;
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; neighbors distance 1 in current filter better_than median }`, []);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; neighbors distance 2 filter best }`, [
            "[3:65] neighbors takes `(distance <count>|count <count>) [in current|full] [filter better_than median|mean|seed|none]`",
        ]);
    });

    test("settings relative to the space: clean forms, and each mistake located at its value", async () => {
        const prelude = `space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
`;
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; sample 1% min 20 max 200; neighbors count 20 in current; stop plateau(patience: 2, delta: noise) }`, []);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; sample 0.5% max 50; stop plateau(1, noise(2)) }`, []);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; sample 1% min 20 }`, [
            "[3:44] sample 1% needs an upper bound, `max <count>`: a share of a huge or continuous space is unbounded (e.g. `sample 1% min 20 max 200`)",
        ]);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; sample 1% min 30 max 20 }`, [
            "[3:47] sample: min 30 is above max 20",
        ]);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; sample 1% upto 20 }`, [
            "[3:47] sample takes `<count>|<percent> [min <count>] max <count>`, e.g. `sample 1% min 20 max 200`",
        ]);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; neighbors count 0 }`, [
            "[3:53] the neighbour count must be a whole number >= 1, not 0",
        ]);
        await expectDiagnostics(`${prelude}policy P = lissnas(S) { evaluate e; stop plateau(delta: noisy) }`, [
            "[3:42] delta must be a number >= 0, `noise` (one standard error of the sample mean) or `noise(<number>)` (that many)",
        ]);
        // `min` and `max` are plain words, not keywords: columns of those names still parse (only the missing file is reported).
        await expectDiagnostics(`evaluator t = table("x.csv") { key arch as nb201; metric max; report min }`, [
            "[1:21] cannot read table 'x.csv': no such file (looked for /memory/x.csv)",
        ]);
    });

    test("a local search takes neighbors distance only, not the lissnas options", async () => {
        const prelude = `space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
`;
        await expectDiagnostics(`${prelude}search L = local(S) { evaluate e; neighbors distance 2 }`, []);
        await expectDiagnostics(`${prelude}search L = local(S) { evaluate e; neighbors distance 2 in full }`, [
            "[3:56] neighbors takes `distance <count>`",
        ]);
    });

    test("keep more ops than the edge has", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }
evaluator e = proxy(synflow)
policy P = op_pruning(S) { evaluate e; sample 100; keep 6 per edge }`, [
            "[3:57] keep 6 per edge is more than the 5 ops on each edge of space 'S'",
        ]);
    });

    test("keep 0%", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy P = random_shrink(S) { keep 0% }`, [
            "[2:36] keep 0% is outside (0%, 100%]",
        ]);
    });

    test("keep above 100%", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy P = random_shrink(S) { keep 150% }`, [
            "[2:36] keep 150% is outside (0%, 100%]",
        ]);
    });

    test("random_shrink without keep or match", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy P = random_shrink(S) { seed 1 }`, [
            "[2:8] random_shrink needs `keep <percent>` or `match <policy>` to know how much to keep",
        ]);
    });

    test("keep in an unknown form", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy P = random_shrink(S) { keep 2 edges }`, [
            "[2:38] keep takes one value: `keep <count>|<percent>`",
        ]);
    });

    test("unknown policy kind", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy P = lisnas(S)`, [
            "[2:12] unknown policy kind 'lisnas' (did you mean 'lissnas'?); expected lissnas, op_pruning, random_shrink",
        ]);
    });

    test("unknown stop argument", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; stop plateau(patience: 1, delt: 0.1) }`, [
            "[3:42] plateau takes patience, delta",
        ]);
    });

    test("unknown stop form", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; stop never }`, [
            "[3:42] stop expects plateau(patience: <count>, delta: <number>|noise|noise(<number>)), not never",
        ]);
    });

    test("policy without evaluate", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy P = lissnas(S)`, [
            "[2:8] a lissnas policy needs `evaluate <evaluator>`",
        ]);
    });

    test("tournament larger than population", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
search R = evolution(S) { evaluate e; population 5; tournament 10; budget 100 }`, [
            "[3:64] tournament 10 is larger than the population (5)",
        ]);
    });

    test("unknown search kind", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
search R = evolve(S) { evaluate e }`, [
            "[3:12] unknown search kind 'evolve'; expected random, evolution, local",
        ]);
    });

    test("search setting of another kind", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
search R = random(S) { evaluate e; population 5 }`, [
            "[3:36] unknown setting 'population' for a random search; it accepts evaluate, budget, batch, seed",
        ]);
    });

    test("unknown search target and evaluator", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
search R = random(T) { evaluate f }`, [
            "[3:19] unknown space or policy 'T'",
            "[3:33] unknown evaluator 'f'",
        ]);
    });

    test("network settings with bad values", async () => {
        await expectDiagnostics(`space S { network { stem 16; reduction wide; stages [16, 0] } }`, [
            "[1:40] reduction expects resnet or cell, not wide",
            "[1:53] each of stages must be a whole number >= 1, not 0",
        ]);
    });

    test("network keys of the other kind of network: cells_per_stage and reduction beside a chain, strides and head around a cell", async () => {
        await expectDiagnostics(`space C {
  layers 4 { kernel choice [3, 5]; expand choice [3, 6] }
  network { cells_per_stage 2; reduction resnet; stem 16 }
}
space N {
  cell { nodes 4 ops [none, skip_connect] }
  network { stages [8, 16, 32]; strides [1, 2, 2]; head 256 }
}
space I { layers 2 { kernel choice [3]; expand choice [6] } }
space O { arch I; lr choice [0.1, 0.01]; network { reduction resnet } }`, [
            '[3:13] `cells_per_stage` applies to cell networks, DARTS cell networks and NB101 graph networks only; this network block shapes a layer chain (docs/language.md "The network skeleton")',
            '[3:32] `reduction` applies to cell networks only; this network block shapes a layer chain (docs/language.md "The network skeleton")',
            '[7:33] `strides` applies to layer chains only; this network block shapes a cell network (docs/language.md "The network skeleton")',
            '[7:52] `head` applies to layer chains only; this network block shapes a cell network (docs/language.md "The network skeleton")',
            '[10:52] `reduction` applies to cell networks only; this network block shapes a layer chain (docs/language.md "The network skeleton")',
        ]);
    });

    test("a chain's skeleton: strides of 1 or 2, one per stage; stages need strides", async () => {
        const chain = (network: string) => `space C {\n  layers 4 { kernel choice [3, 5]; expand choice [3, 6] }\n  network { ${network} }\n}`;
        await expectDiagnostics(chain('stages [16, 32, 64]; strides [1, 2, 2]; stem 16; head 256'), []);
        await expectDiagnostics(chain('strides [1, 1, 2, 2, 1, 2, 2]'), []);
        await expectDiagnostics(chain('stages [16, 32, 64]; strides [1, 3, 2]'), ['[3:42] each of strides must be 1 or 2, not 3']);
        await expectDiagnostics(chain('strides [1, 0.5]'), ['[3:21] each of strides must be 1 or 2, not 0.5']);
        await expectDiagnostics(chain('strides []'), ['[3:21] strides needs a list of strides (1 or 2): `strides [1|2, ...]`']);
        await expectDiagnostics(chain('stages [16, 32, 64]; strides [1, 2]'), ['[3:34] strides has 2 values for the 3 stages of `stages`: one first-layer stride per stage']);
        await expectDiagnostics(chain('strides [1, 2, 2]'), ["[3:13] strides has 3 values for MobileNetV2's 7 stages (`stages` is not written): one first-layer stride per stage"]);
        await expectDiagnostics(chain('stages [16, 32, 64]'), ["[3:13] a layer chain's `stages` needs `strides` beside it: the first-layer stride (1 or 2) of each of its 3 stages, e.g. `strides [1, 2, 2]`"]);
        await expectDiagnostics(chain('head 0'), ['[3:18] head must be a whole number >= 1, not 0']);
    });

    test("evaluate in a network block", async () => {
        await expectDiagnostics(`space S { network { stem 16; evaluate e } }`, [
            "[1:39] unknown evaluator 'e'",
            "[1:30] unknown setting 'evaluate' for the network block; it accepts stem, stages, cells_per_stage, reduction, strides, head, classes, input, channels",
        ]);
    });

    test("sample larger than a constrained space", async () => {
        await expectDiagnostics(`ops O { none; skip_connect = identity; c = relu_conv_bn(kernel: 3) }
space S {
  cell { nodes 4 ops O }
  network { stem 16 }
  constraint params <= 0.3M
}
evaluator e = proxy(synflow)
policy P = lissnas(S) { evaluate e; sample 700 }`, [
            "[8:44] sample 700 is larger than space 'S', which has 64 architectures",
        ]);
    });

    test("sample larger than a product of choices", async () => {
        await expectDiagnostics(`space H { a choice [1, 2, 3]; b choice [true, false] }
evaluator e = proxy(synflow)
policy P = lissnas(H) { evaluate e; sample 7 }`, [
            "[3:44] sample 7 is larger than space 'H', which has 6 architectures",
        ]);
    });

    test("a continuous space is never too small", async () => {
        await expectDiagnostics(`space H { a uniform(0, 1) }
evaluator e = proxy(synflow)
policy P = lissnas(H) { evaluate e; sample 1000000 }`, [

        ]);
    });


    test("match of a policy on another space warns", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
space T { cell { nodes 3 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy L = lissnas(S) { evaluate e; sample 10 }
policy R = random_shrink(T) { match L }`, [
            "[5:37] (warning) 'L' shrinks space 'S', not 'T': the sizes are not comparable",
        ]);
    });

    test("keep and match together", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
evaluator e = proxy(synflow)
policy L = lissnas(S) { evaluate e; sample 10 }
policy R = random_shrink(S) { keep 5%; match L }`, [
            "[4:40] give either `keep` or `match`, not both",
        ]);
    });

    test("a policy matching itself", async () => {
        await expectDiagnostics(`space S { cell { nodes 4 ops [none, skip_connect] } }
policy R = random_shrink(S) { match R }`, [
            "[2:37] a policy cannot match itself",
        ]);
    });

});
