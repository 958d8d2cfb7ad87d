// Every ```nas example of docs/language.md checks without any diagnostic, as if it were a file in docs/
// (so `../data/...` and `../examples/tour.nas` resolve to the repository's files).
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createNasServices } from '../../dsl/nas-module.js';
import { assertDiagnostics, render } from './helpers.js';

const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const markdown = readFileSync(`${DOCS}language.md`, 'utf8');
const examples = [...markdown.matchAll(/```nas\n([\s\S]*?)```/g)].map((m) => m[1]);

describe('docs/language.md examples', () => {
    test('the page has examples', () => {
        if (examples.length < 12) throw new Error(`only ${examples.length} examples`);
    });
    examples.forEach((text, index) => {
        const firstLine = text.split('\n').find((l) => l.trim() && !l.startsWith('//') && !l.startsWith('import')) ?? '';
        test(`example ${index + 1}: ${firstLine.trim().slice(0, 50)}`, async () => {
            const services = createNasServices(NodeFileSystem);
            const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(`${DOCS}example-${index + 1}.nas`));
            services.shared.workspace.LangiumDocuments.addDocument(document);
            await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
            assertDiagnostics(render(document), []);
        });
    });
});
