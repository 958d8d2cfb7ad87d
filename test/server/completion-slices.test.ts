/**
 * Completion parses and lexes from the start of a top-level declaration instead of the start of the file
 * (server/features/completion-slices.ts). That must never change what is offered: here both ways answer
 * at many offsets of the tour and of broken mutants of it, and the lists must be identical.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { Nas, shared } from './services.js';
import { NasCompletionProvider } from '../../server/features/completion.js';
import { parseStart, startBefore, topLevelStarts } from '../../server/features/completion-slices.js';
import { mutate, tokensOf } from '../fuzz/mutate.js';
import { Rng } from '../../engine/rng.js';

const tour = readFileSync(resolve('examples/tour.nas'), 'utf8');
const local = new NasCompletionProvider(Nas);
const whole = new NasCompletionProvider(Nas);
whole.declarationLocal = false;

let id = 0;
async function build(text: string): Promise<LangiumDocument> {
    const document = shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///slices/doc-${id++}.nas`));
    shared.workspace.LangiumDocuments.addDocument(document);
    await shared.workspace.DocumentBuilder.build([document], { validation: false });
    return document;
}

async function answer(provider: NasCompletionProvider, document: LangiumDocument, offset: number): Promise<string[]> {
    const position = document.textDocument.positionAt(offset);
    const list = await provider.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position });
    return (list?.items ?? []).map((i) => `${i.label}|${i.kind}|${i.detail}|${i.sortText}|${i.textEdit ? JSON.stringify(i.textEdit) : ''}`);
}

/** Compares both ways at `offsets`; returns how many offsets had a non-empty answer. */
async function compare(document: LangiumDocument, offsets: number[]): Promise<number> {
    let answered = 0;
    for (const offset of offsets) {
        const expected = await answer(whole, document, offset);
        const actual = await answer(local, document, offset);
        assert.deepEqual(actual, expected, `offset ${offset} (${JSON.stringify(document.textDocument.getText().slice(Math.max(0, offset - 30), offset))}|)`);
        if (expected.length > 0) answered++;
    }
    return answered;
}

describe('declaration-local completion', () => {
    test('top-level starts: one per declaration/import, and where parsing may start', async () => {
        const document = await build('space A { x choice [1] }\n// note\nspace B { y choice [2] }\nevaluator e = proxy(synflow)\n');
        const index = topLevelStarts(document)!;
        assert.deepEqual(index.starts, [0, 33, 58]);
        assert.equal(index.firstError, Infinity);
        assert.equal(startBefore(index.starts, 0), -1);
        assert.equal(startBefore(index.starts, 33), 0);
        assert.equal(startBefore(index.starts, 34), 1);
        // The start of the declaration before the one holding the offset; 0 inside the first two.
        assert.equal(parseStart(index, 40), 0);
        assert.equal(parseStart(index, 60), 33);
        const broken = await build('space A { x choice [1] }\nspace B { y choice [ }\nspace C { z choice [3] }\nspace D { }\n');
        const brokenIndex = topLevelStarts(broken)!;
        assert.ok(brokenIndex.firstError > 25 && brokenIndex.firstError < 48, `first error at ${brokenIndex.firstError}`);
        // D's previous declaration C starts after the error: parse from 0.
        assert.equal(parseStart(brokenIndex, brokenIndex.starts.at(-1)! + 3), 0);
    });

    test('the tour: the same items at every third offset', async () => {
        const document = await build(tour);
        const offsets = Array.from({ length: Math.ceil((tour.length + 1) / 3) }, (_, i) => 3 * i);
        const answered = await compare(document, offsets);
        assert.ok(answered > offsets.length / 2, `only ${answered} of ${offsets.length} offsets had items`);
    });

    test('broken mutants of the tour: the same items at random offsets', async () => {
        const rng = new Rng('completion-slices');
        const vocabulary = [...new Set(tokensOf(tour).filter((t) => t.trim() !== ''))];
        let answered = 0;
        for (let m = 0; m < 40; m++) {
            const text = mutate(rng, tour, vocabulary).text;
            const document = await build(text);
            answered += await compare(document, Array.from({ length: 25 }, () => rng.int(text.length + 1)));
        }
        assert.ok(answered > 500, `only ${answered} answered probes`);
    });
});
