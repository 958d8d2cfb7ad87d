/**
 * Evaluators: the kind must exist, its arguments fit it, and a `table` evaluator's file and columns must exist
 * (the path is relative to the .nas file). The `metric` and `report` columns get a warning when some of their
 * cells are not numbers (those rows fail at run time). The file is read through the language's
 * `FileSystemProvider`, cached until it changes (dsl/file-access.ts), so the check works on any file system
 * (disk, a browser worker's); the check is asynchronous, as Langium allows, so a provider may be too.
 */
import { AstUtils, UriUtils, type FileSystemProvider, type ValidationAcceptor, type ValidationChecks } from 'langium';
import * as ast from '../generated/ast.js';
import { didYouMean } from '../scoping/closest-name.js';
import { readCsvHeader } from './csv-header.js';
import { kindDeclaration, kindsOf } from '../../engine/registry/index.js';
import { csvColumnQuality, qualityText } from './csv-values.js';
import { textOf } from './units.js';
import { displayPath } from '../file-access.js';

export function evaluatorChecks(fs: FileSystemProvider): ValidationChecks<ast.NasAstType> {
    return {
        Evaluator: [checkKindAndArguments, (evaluator, accept) => checkTableColumns(fs, evaluator, accept)],
    };
}

function checkKindAndArguments(evaluator: ast.Evaluator, accept: ValidationAcceptor): void {
    const kinds = kindsOf('evaluator');
    const schema = kindDeclaration('evaluator', evaluator.kind);
    if (!schema) {
        if (!evaluator.kind) return; // no kind: the syntax error says so
        accept('error', `unknown evaluator kind '${evaluator.kind}'${didYouMean(evaluator.kind, kinds)}; expected ${kinds.join(', ')}`, { node: evaluator, property: 'kind' });
        return;
    }
    const expected = schema.args;
    if (evaluator.args.length < expected.length) {
        accept('error', `${evaluator.kind}(...) needs ${expected.map((a) => a.syntax).join(', ')} (${expected.map((a) => a.doc).join(', ')})`, { node: evaluator, property: 'kind' });
        return;
    }
    evaluator.args.forEach((arg, index) => {
        const parameter = expected[index];
        if (!parameter || arg.name) {
            accept('error', `${evaluator.kind}(...) takes ${expected.length === 1 ? 'one argument' : `${expected.length} arguments`}: ${evaluator.kind}(${expected.map((a) => a.syntax).join(', ')})`, { node: evaluator, property: 'args', index });
            return;
        }
        const value = arg.value;
        if (parameter.shape === 'string') {
            if (!ast.isStringValue(value)) accept('error', `${evaluator.kind}(...) needs a string: ${evaluator.kind}(${parameter.syntax})`, { node: arg, property: 'value' });
            else if (value.value.trim() === '') accept('error', `${evaluator.kind}(...) needs a non-empty ${parameter.noun}`, { node: arg, property: 'value' });
            return;
        }
        const words = parameter.words ?? [];
        const word = ast.isWordValue(value) ? value.word : ast.isStringValue(value) ? value.value : undefined;
        if (word === undefined || !words.includes(word)) {
            accept('error', `unknown ${parameter.noun} ${word !== undefined ? `'${word}'` : textOf(value)}${word ? didYouMean(word, words) : ''}; expected ${words.join(', ')}`, { node: arg, property: 'value' });
        }
    });
}

/** The setting whose first value names a column (`key`, `metric`, `report`). */
function columnSetting(evaluator: ast.Evaluator, key: string): ast.GenericSetting | undefined {
    return evaluator.settings.find((s): s is ast.GenericSetting => ast.isGenericSetting(s) && s.key === key);
}

function columnName(value: ast.Value | undefined): string | undefined {
    if (!value) return undefined;
    if (ast.isWordValue(value)) return value.word;
    if (ast.isStringValue(value)) return value.value;
    return undefined;
}

async function checkTableColumns(fs: FileSystemProvider, evaluator: ast.Evaluator, accept: ValidationAcceptor): Promise<void> {
    if (evaluator.kind !== 'table') return;
    const arg = evaluator.args[0];
    if (!arg || !ast.isStringValue(arg.value) || arg.value.value.trim() === '') return;
    const document = AstUtils.getDocument(evaluator);
    if (document.uri.scheme === 'untitled') return; // an unsaved editor buffer has no folder to resolve against
    const uri = UriUtils.resolvePath(UriUtils.dirname(document.uri), arg.value.value);
    const header = await readCsvHeader(fs, uri);
    if ('error' in header) {
        const why = header.error === 'not-found' ? 'no such file' : header.error === 'not-a-file' ? 'not a file' : header.error === 'empty' ? 'the file has no header line' : header.error;
        accept('error', `cannot read table '${arg.value.value}': ${why} (looked for ${displayPath(uri)})`, { node: arg, property: 'value' });
        return;
    }
    const columns = header.columns;
    for (const key of ['key', 'metric', 'report']) {
        const setting = columnSetting(evaluator, key);
        const name = columnName(setting?.values[0]);
        if (!setting || name === undefined || columns.includes(name)) continue;
        accept('error', `no column '${name}' in ${arg.value.value}${didYouMean(name, columns)}; available columns: ${columns.join(', ')}`, { node: setting, property: 'values', index: 0 });
    }
    const keyName = columnName(columnSetting(evaluator, 'key')?.values[0]);
    let quality: Awaited<ReturnType<typeof csvColumnQuality>> | null = null; // read lazily: only when a column is named
    for (const key of ['metric', 'report']) {
        const setting = columnSetting(evaluator, key);
        const name = columnName(setting?.values[0]);
        if (!setting || name === undefined || !columns.includes(name)) continue;
        if (quality === null) quality = await csvColumnQuality(fs, uri, keyName !== undefined && columns.includes(keyName) ? keyName : undefined);
        const text = quality?.get(name) && qualityText(quality.get(name)!);
        if (!text) continue;
        const consequence = key === 'metric' ? 'those rows will be failed evaluations' : 'those rows will have no report value';
        accept('warning', `column ${name}: ${text}; ${consequence}`, { node: setting, property: 'values', index: 0 });
    }
}
