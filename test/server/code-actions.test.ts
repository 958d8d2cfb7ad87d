import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHelper, testCodeAction } from 'langium/test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import { Nas } from './services.js';

const parse = parseHelper(Nas);

/** Validates `text`, asks for the quick fixes of the diagnostics matching `message`, applies each one. */
async function fixes(text: string, message: RegExp): Promise<Array<{ title: string; after: string; action: CodeAction }>> {
    const document = await parse(text, { validation: true });
    const diagnostics = (document.diagnostics ?? []).filter((d) => message.test(d.message));
    assert.equal(diagnostics.length, 1, `one diagnostic matching ${message}, got: ${(document.diagnostics ?? []).map((d) => d.message).join(' | ')}`);
    const actions = (await Nas.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() },
        range: diagnostics[0].range,
        context: { diagnostics },
    })) as CodeAction[];
    return actions.map((action) => {
        assert.equal(action.kind, CodeActionKind.QuickFix);
        assert.deepEqual(action.diagnostics, diagnostics);
        const edits = action.edit!.changes![document.uri.toString()];
        return { title: action.title, after: TextDocument.applyEdits(document.textDocument as TextDocument, edits), action };
    });
}

async function diagnosticsOf(text: string): Promise<string[]> {
    const document = await parse(text, { validation: true });
    return (document.diagnostics ?? []).map((d) => d.message);
}

describe('quick fixes', () => {
    test('swap inverted bounds, positional and named', async () => {
        const [positional] = await fixes('space S { lr uniform(1, 0.5) }', /must be less than high/);
        assert.equal(positional.title, 'Swap the bounds: uniform(0.5, 1)');
        assert.equal(positional.after, 'space S { lr uniform(0.5, 1) }');
        assert.deepEqual(await diagnosticsOf(positional.after), []);
        const [named] = await fixes('space S { lr loguniform(high: 1e-4, low: 1e-1) }', /must be less than high/);
        assert.equal(named.after, 'space S { lr loguniform(high: 1e-1, low: 1e-4) }');
    });

    test('remove a duplicate choice value or op', async () => {
        const [choice] = await fixes('space S { x choice [1, 2, 1] }', /duplicate choice/);
        assert.equal(choice.title, 'Remove the duplicate value 1');
        assert.equal(choice.after, 'space S { x choice [1, 2] }');
        const [op] = await fixes('space S { cell { nodes 3; ops [none, skip_connect, none] } }', /duplicate op/);
        assert.equal(op.after, 'space S { cell { nodes 3; ops [none, skip_connect] } }');
        assert.deepEqual(await diagnosticsOf(op.after), []);
    });

    test('a backwards edge is reversed, or removed when the reversed edge is already listed', async () => {
        const [reverse] = await fixes('space S { cell { nodes 3; edges [2 -> 1, 0 -> 1, 0 -> 2]; ops [none, skip_connect] } }', /goes backwards/);
        assert.equal(reverse.after, 'space S { cell { nodes 3; edges [1 -> 2, 0 -> 1, 0 -> 2]; ops [none, skip_connect] } }');
        const [remove] = await fixes('space S { cell { nodes 3; edges [0 -> 1, 2 -> 1, 1 -> 2]; ops [none, skip_connect] } }', /goes backwards/);
        assert.equal(remove.title, 'Remove the edge 2 -> 1 (1 -> 2 is already listed)');
        assert.equal(remove.after, 'space S { cell { nodes 3; edges [0 -> 1, 1 -> 2]; ops [none, skip_connect] } }');
    });

    test('an unknown op set is created before the space that uses it', async () => {
        await testCodeAction(Nas)(
            'space A { x choice [1] }\n\nspace S {\n  cell { nodes 4; ops Foo }\n}\n',
            'linking-error',
            'space A { x choice [1] }\n\nops Foo {\n  skip_connect = identity\n  conv_3x3 = relu_conv_bn(kernel: 3)\n}\n\nspace S {\n  cell { nodes 4; ops Foo }\n}\n',
        );
    });

    test('"did you mean": references, argument names, op implementations', async () => {
        const [reference] = await fixes('space NB201 { x choice [1] }\nevaluator e = proxy(synflow)\nsearch R = random(NB21) { evaluate e; budget 1 }', /unknown space or policy/);
        assert.equal(reference.title, "Change to 'NB201'");
        assert.ok(reference.action.isPreferred);
        assert.equal(reference.after, 'space NB201 { x choice [1] }\nevaluator e = proxy(synflow)\nsearch R = random(NB201) { evaluate e; budget 1 }');
        const [argument] = await fixes('space S { n randint(1, 10, stpe: 2) }', /no argument 'stpe'/);
        assert.equal(argument.after, 'space S { n randint(1, 10, step: 2) }');
        const [impl] = await fixes('ops O { c = relu_conv_b(kernel: 3) }\nspace S { cell { nodes 3; ops O } }', /unknown op implementation/);
        assert.equal(impl.after, 'ops O { c = relu_conv_bn(kernel: 3) }\nspace S { cell { nodes 3; ops O } }');
    });

    test('no fix where none applies', async () => {
        assert.deepEqual(await fixes('space S { x choice [] }', /empty choice/), []);
    });
});
