// `query_cost` on every evaluator kind (docs/cheap-shrinking.md): accepted where it is a number >= 0, refused
// at the value's range otherwise, and only on evaluators (a search or policy has no such setting).
import { describe, test } from 'node:test';
import { expectDiagnostics } from './helpers.js';

const TABLE = 'evaluator t = table("x.csv") {\n  key arch as nb201\n  metric val\n';
/** The in-memory document has no table file next to it: that diagnostic is expected wherever TABLE is used. */
const NO_FILE = (line: number) => `[${line}:21] cannot read table 'x.csv'`;

describe('validation: query_cost', () => {
    test('a number >= 0 on table, proxy, train and command evaluators is accepted', async () => {
        await expectDiagnostics(
            `${TABLE}  query_cost 1\n}\nevaluator p = proxy(params) { query_cost 0.001 }\nevaluator f = proxy(flops) { query_cost 0 }\n` +
                `evaluator n = train(fashion_mnist) { query_cost 30 }\nevaluator c = command("python t.py {arch}") { query_cost 1e-3 }`,
            [NO_FILE(1)],
        );
    });

    test('a negative cost is located at its value', async () => {
        await expectDiagnostics(`${TABLE}  query_cost -1\n}`, [NO_FILE(1), '[4:14] query_cost must be at least 0, not -1']);
        await expectDiagnostics(`evaluator p = proxy(params) { query_cost -0.5 }`, ['[1:42] query_cost must be at least 0, not -0.5']);
        await expectDiagnostics(`evaluator c = command("python t.py {arch}") {\n  query_cost -2\n}`, ['[2:14] query_cost must be at least 0, not -2']);
    });

    test('a cost that is not a plain number is refused', async () => {
        await expectDiagnostics(`evaluator p = proxy(flops) { query_cost cheap }`, ['[1:41] query_cost needs a plain number, not cheap']);
    });

    test('searches have no query_cost (the evaluator carries it)', async () => {
        await expectDiagnostics(
            `space S { x choice [1, 2] }\n${TABLE}}\nsearch R = random(S) { evaluate t; budget 10; query_cost 2 }`,
            [NO_FILE(2), "[6:47] unknown setting 'query_cost'"],
        );
    });
});
