// Hover on a saved space (`space Found = shrunk(NB201, "...")`): its kind, its number of members, and where it
// came from (the file, the policy and seed of the shrink run), read through the language server's services.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URI } from 'langium';
import { Nas, shared } from './services.js';

const tmp = mkdtempSync(join(tmpdir(), 'lissnas-saved-hover-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

const A = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const B = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';
const C = '|avg_pool_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|nor_conv_3x3~2|';

test('hover on a saved space: shrunk space, its member count, the run it came from', async () => {
    mkdirSync(join(tmp, 'run'));
    const space = { format: 'lissnas-shrunk-space', version: 1, name: 'NB201.shrunk', base: 'NB201', size: 3, pockets: [{ seed: A, radius: 1, members: [A, B] }, { seed: C, radius: 0, members: [C] }] };
    writeFileSync(join(tmp, 'run', 'result.json'), JSON.stringify({ format: 'lissnas-result/1', command: 'shrink', name: 'Lissnas', policy: 'lissnas', seed: 7, dataset: 'c10', space }));
    const text = 'space NB201 { cell { nodes 4; edges all; ops [none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3] } }\nspace Found = shrunk(NB201, "run/result.json")\n';
    writeFileSync(join(tmp, 'found.nas'), text);
    const document = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(join(tmp, 'found.nas')));
    await shared.workspace.DocumentBuilder.build([document], { validation: true });
    assert.deepEqual(document.diagnostics?.map((d) => d.message), []);
    const offset = text.indexOf('Found') + 2;
    const hover = await Nas.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /^\*\*Found\*\* — shrunk space \(members of NB201 saved by a run\), 3 architectures/);
    assert.match(value, /saved in run\/result\.json by policy Lissnas \(seed 7, dataset c10\); 2 pocket\(s\)/);
});
