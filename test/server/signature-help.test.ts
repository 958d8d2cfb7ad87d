import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHelper } from 'langium/test';
import type { SignatureHelp } from 'vscode-languageserver';
import { signatureHelpAt } from '../../server/features/signature-help.js';
import { Nas } from './services.js';

/** Signature help at the `|` of `text`: the label and the active parameter's label. */
function at(text: string): [string, string] | undefined {
    const help = signatureHelpAt(text.replace('|', ''), text.indexOf('|'));
    return help ? describe_(help) : undefined;
}

function describe_(help: SignatureHelp): [string, string] {
    const signature = help.signatures[help.activeSignature ?? 0];
    return [signature.label, String(signature.parameters?.[help.activeParameter ?? 0]?.label)];
}

describe('signature help', () => {
    test('distributions: positional and named arguments', () => {
        assert.deepEqual(at('space S { lr loguniform(|'), ['loguniform(low, high)', 'low']);
        assert.deepEqual(at('space S { lr loguniform(1e-4, |'), ['loguniform(low, high)', 'high']);
        assert.deepEqual(at('space S { n randint(1, 10, step: 2, |)'), ['randint(low, high, step, inclusive)', 'inclusive']);
        assert.deepEqual(at('space S { n randint(1, 10, st|'), ['randint(low, high, step, inclusive)', 'step']);
        assert.deepEqual(at('space S { n randint(1, 10, inclusive: tr|'), ['randint(low, high, step, inclusive)', 'inclusive']);
        assert.deepEqual(at('space S { q quniform(0, [1, 2], |'), ['quniform(low, high, q)', 'q'], 'commas inside a list do not count');
    });
    test('op implementations, evaluator kinds, policy spaces, setting calls', () => {
        assert.deepEqual(at('ops O { c = dil_conv(kernel: 3, |'), ['dil_conv(kernel, dilation)', 'dilation']);
        assert.deepEqual(at('evaluator e = table(|'), ['table("path.csv")', '"path.csv"']);
        assert.deepEqual(at('evaluator e = command("python {arch}, x", |'), ['command("command {arch}")', '"command {arch}"'], 'commas inside strings do not count');
        assert.deepEqual(at('policy P = lissnas(|'), ['lissnas(space)', 'space']);
        assert.deepEqual(at('policy P = lissnas(S) { stop plateau(patience: 2, |'), ['plateau(patience, delta)', 'delta']);
    });
    test('nothing outside a call or after it closes', () => {
        assert.equal(at('space S { lr loguniform(1e-4, 1e-1) |}'), undefined);
        assert.equal(at('space S { x choice [1, |'), undefined);
        assert.equal(at('space S { x unknownfn(|'), undefined);
    });
    test('through the registered provider', async () => {
        const document = await parseHelper(Nas)('space S { lr uniform(0, 1) }');
        const help = await Nas.lsp.SignatureHelp!.provideSignatureHelp(document, {
            textDocument: { uri: document.uri.toString() },
            position: { line: 0, character: 24 },
        });
        assert.deepEqual(describe_(help!), ['uniform(low, high)', 'high']);
        assert.deepEqual(Nas.lsp.SignatureHelp!.signatureHelpOptions.triggerCharacters, ['(', ',']);
    });
});
