// One document's failure stays its own (issue 7: "a failure in one document ... affects that document only and is
// reported on it"). Every input known to throw is handled, so the failure is injected: a scope computation that
// throws for documents holding a marker, in the real document builder with the real validation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createNasServices } from '../../dsl/nas-module.js';
import { NasScopeComputation } from '../../dsl/scoping/throttled-passes.js';
import { setBuildFailureLogger } from '../../dsl/scoping/nas-document-builder.js';
import { render } from './helpers.js';

class ExplodingScopes extends NasScopeComputation {
    override collectLocalSymbols(...args: Parameters<NasScopeComputation['collectLocalSymbols']>): ReturnType<NasScopeComputation['collectLocalSymbols']> {
        if (args[0].textDocument.getText().includes('// explode')) throw new TypeError("Cannot read properties of undefined (reading 'name')");
        return super.collectLocalSymbols(...args);
    }
}

test('a document a build phase throws on gets one error saying so; the others are built; edited, it is built again', async () => {
    const logged: string[] = [];
    setBuildFailureLogger((m) => logged.push(m));
    const { shared } = createNasServices(EmptyFileSystem, { references: { ScopeComputation: (s) => new ExplodingScopes(s) } });
    const factory = shared.workspace.LangiumDocumentFactory;
    const documents = shared.workspace.LangiumDocuments;
    const open = (name: string, text: string): LangiumDocument => {
        const document = factory.fromString(text, URI.parse(`file:///build-failure/${name}`));
        documents.addDocument(document);
        return document;
    };
    const broken = open('broken.nas', '// explode\nspace A { x choice [1, 2] }\n');
    const healthy = open('healthy.nas', 'space B { y choice [1, 2] }\npolicy P = lissnas(B) { sample 300 }\n');
    await shared.workspace.DocumentBuilder.build([broken, healthy], { validation: true });

    assert.deepEqual(render(broken), [
        "[1:1] lissnas could not collect the names of this file (Cannot read properties of undefined (reading 'name')); the other files are not affected. Edit the file to try again; please report it with the server's log.",
    ]);
    assert.ok(render(healthy).some((d) => d.includes('sample 300 is larger than space')), render(healthy).join('\n'));
    assert.equal(logged.length, 1);
    assert.match(logged[0], /broken\.nas: lissnas could not collect the names[\s\S]*ExplodingScopes/);

    // Reset as an edit resets it (the marker gone from a fresh text), the file is built like any other.
    documents.deleteDocument(broken.uri);
    const edited = open('broken.nas', 'space A { x choice [1, 2] }\npolicy Q = lissnas(A) { sample 300 }\n');
    await shared.workspace.DocumentBuilder.build([edited], { validation: true });
    assert.ok(render(edited).some((d) => d.includes('sample 300 is larger than space')), render(edited).join('\n'));
});
