import { NodeFileSystem } from 'langium/node';
import { URI } from 'langium';
import { createNasServices } from '../dsl/nas-module.js';
const { shared } = createNasServices(NodeFileSystem);
const path = process.argv[2];
const doc = await shared.workspace.LangiumDocuments.getOrCreateDocument(URI.file(path));
await shared.workspace.DocumentBuilder.build([doc], { validation: true });
for (const d of doc.diagnostics ?? []) console.log(`${d.range.start.line + 1}:${d.range.start.character + 1} ${d.message}`);
console.log('lexer', doc.parseResult.lexerErrors.length, 'parser', doc.parseResult.parserErrors.length);
