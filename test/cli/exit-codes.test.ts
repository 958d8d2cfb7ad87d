// The exit-code table (cli/exit-codes.ts, docs/cli.md, `lissnas --help`), checked for every command and every
// fault class with the real CLI: the same fault always gives the same code, and every file-system message names
// the path and a next step (never a bare EISDIR/EEXIST).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, EXIT_TABLE } from '../../cli/exit-codes.js';
import { run } from './in-process.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nb201 = join(root, 'examples', 'nb201.nas');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-exit-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));


// Fixtures of the fault classes.
const missing = join(tmp, 'missing.nas');
const aDir = join(tmp, 'a-directory');
mkdirSync(aDir);
const broken = join(tmp, 'broken.nas');
writeFileSync(broken, 'space S {\n  cell { nodes 4; edges all; ops [a, b] }\n}\npolicy P = lissnas(Nowhere) { }\n');
const binary = join(tmp, 'binary.nas');
writeFileSync(binary, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256)));
const aFile = join(tmp, 'a-file.txt');
writeFileSync(aFile, 'not a directory\n');
const foreign = join(tmp, 'foreign');
mkdirSync(foreign);
writeFileSync(join(foreign, 'result.json'), '{"mine": true}\n');
const damagedRun = join(tmp, 'damaged-run');
mkdirSync(damagedRun);
writeFileSync(join(damagedRun, 'run.json'), '{"format": "lissnas-run/1", ');
const freshOut = (): string => join(tmp, `out-${Math.random().toString(36).slice(2)}`);

type Case = [string, () => string[], number, RegExp?];

const CASES: Case[] = [
    // 2: usage errors: unknown option, missing argument, unknown name, invalid value.
    ...['check', 'size', 'shrink', 'search', 'resume', 'report', 'map', 'study', 'demo'].map((c): Case => [`${c}: unknown option`, () => [c, 'x', '--frobnicate'], EXIT.usage, /unknown option '--frobnicate'/]),
    ['check: missing argument', () => ['check'], EXIT.usage, /missing argument/],
    ['shrink: unknown policy', () => ['shrink', nb201, '--policy', 'Nope', '--out', freshOut()], EXIT.usage, /no policy named 'Nope'/],
    ['search: unknown search', () => ['search', nb201, '--search', 'Nope', '--out', freshOut()], EXIT.usage, /no search named 'Nope'/],
    ['study: unknown policy', () => ['study', nb201, '--policies', 'Lissnas,Nope', '--out', freshOut()], EXIT.usage, /no policy named 'Nope'/],
    ['study: unknown search', () => ['study', nb201, '--policies', 'ABS', '--searches', 'Nope', '--out', freshOut()], EXIT.usage, /no search named 'Nope'/],
    ['size: unknown space', () => ['size', nb201, '--space', 'Nope'], EXIT.usage, /no space named 'Nope'/],
    ['shrink: unknown dataset', () => ['shrink', nb201, '--policy', 'ABS', '--dataset', 'mnist'], EXIT.usage, /unknown dataset 'mnist'/],
    ['study: unknown dataset', () => ['study', nb201, '--policies', 'ABS', '--datasets', 'mnist'], EXIT.usage, /unknown dataset 'mnist'/],
    ['search: --budget 0', () => ['search', nb201, '--search', 'RS', '--budget', '0'], EXIT.usage, /--budget must be a whole number >= 1/],
    ['study: --budgets 0', () => ['study', nb201, '--policies', 'ABS', '--budgets', '100,0'], EXIT.usage, /--budgets must be a whole number >= 1/],
    ['study: --seeds 0', () => ['study', nb201, '--policies', 'ABS', '--seeds', '0'], EXIT.usage, /--seeds must be a whole number >= 1/],
    ['demo: --seeds 0', () => ['demo', '--seeds', '0'], EXIT.usage, /--seeds must be a whole number >= 1/],
    // 3: file-system problems: a missing path, a directory for a file (or a file for a directory), an --out refused.
    ...['check', 'size'].map((c): Case => [`${c}: missing file`, () => [c, missing], EXIT.fileSystem, /no such file: .*missing\.nas; check the path/]),
    ['shrink: missing file', () => ['shrink', missing, '--policy', 'ABS'], EXIT.fileSystem, /no such file: .*missing\.nas; check the path/],
    ['search: missing file', () => ['search', missing, '--search', 'RS'], EXIT.fileSystem, /no such file: .*missing\.nas; check the path/],
    ['study: missing file', () => ['study', missing, '--policies', 'ABS'], EXIT.fileSystem, /no such file: .*missing\.nas; check the path/],
    ...['check', 'size'].map((c): Case => [`${c}: a directory`, () => [c, aDir], EXIT.fileSystem, /a-directory is a directory, not a \.nas file; give a file inside it/]),
    ['shrink: a directory', () => ['shrink', aDir, '--policy', 'ABS'], EXIT.fileSystem, /a-directory is a directory, not a \.nas file/],
    ['search: a directory', () => ['search', aDir, '--search', 'RS'], EXIT.fileSystem, /a-directory is a directory, not a \.nas file/],
    ['study: a directory', () => ['study', aDir, '--policies', 'ABS'], EXIT.fileSystem, /a-directory is a directory, not a \.nas file/],
    ...['resume', 'report', 'map'].map((c): Case => [`${c}: missing directory`, () => [c, join(tmp, 'nowhere')], EXIT.fileSystem, /no such directory: .*nowhere; give the --out directory/]),
    ...['resume', 'report', 'map'].map((c): Case => [`${c}: a file`, () => [c, aFile], EXIT.fileSystem, /a-file\.txt is a file, not a run directory/]),
    ['map: not a run directory', () => ['map', foreign], EXIT.fileSystem, /foreign is not a run directory \(no run\.json\); lissnas map needs the --out directory of a shrink or search/],
    ...['resume', 'report'].map((c): Case => [`${c}: not a run directory`, () => [c, foreign], EXIT.fileSystem, /foreign is not a run or study directory/]),
    ['shrink: --out on a file', () => ['shrink', nb201, '--policy', 'ABS', '--out', aFile], EXIT.fileSystem, /a-file\.txt is a file, not a directory; choose a new --out/],
    ['search: --out with foreign files', () => ['search', nb201, '--search', 'RS', '--out', foreign], EXIT.fileSystem, /foreign holds files lissnas did not create \(result\.json\); choose a new --out or empty it/],
    ['study: --out on a file', () => ['study', nb201, '--policies', 'ABS', '--out', aFile], EXIT.fileSystem, /a-file\.txt is a file, not a directory/],
    ['demo: --out with foreign files', () => ['demo', '--out', foreign], EXIT.fileSystem, /foreign holds files lissnas did not create/],
    ['shrink: --out under a file', () => ['shrink', nb201, '--policy', 'ABS', '--out', join(aFile, 'sub')], EXIT.fileSystem, /cannot create the run directory .*a-file\.txt.sub \(a parent of it is a file\)/],
    // 1: errors in a file (a binary file included) and damaged run files.
    ...['check', 'size'].map((c): Case => [`${c}: errors in the file`, () => [c, broken], EXIT.failed, /broken\.nas:4:\d+: error: .*Nowhere/]),
    ['shrink: errors in the file', () => ['shrink', broken, '--policy', 'P'], EXIT.failed, /broken\.nas has errors; fix them first/],
    ['search: errors in the file', () => ['search', broken, '--search', 'X'], EXIT.failed, /broken\.nas has errors; fix them first/],
    ['study: errors in the file', () => ['study', broken, '--policies', 'P'], EXIT.failed, /broken\.nas has errors; fix them first/],
    ...['check', 'size'].map((c): Case => [`${c}: a binary file`, () => [c, binary], EXIT.failed, /binary\.nas:\d+:\d+: error: this is not a UTF-8 text file/]),
    ...['resume', 'report', 'map'].map((c): Case => [`${c}: damaged run.json`, () => [c, damagedRun], EXIT.failed, /run\.json is damaged/]),
    // export and import (docs/interop.md): the same classes, the same codes.
    ...['export', 'import'].map((c): Case => [`${c}: unknown option`, () => [c, 'x', '--frobnicate'], EXIT.usage, /unknown option '--frobnicate'/]),
    ['export: unknown space', () => ['export', nb201, '--space', 'Nope', '--to', 'nni'], EXIT.usage, /no space named 'Nope'/],
    ['export: unknown policy', () => ['export', nb201, '--policy', 'Nope', '--to', 'nni'], EXIT.usage, /no policy named 'Nope'/],
    ['import: unknown format', () => ['import', nb201, '--from', 'hyperopt'], EXIT.usage, /unknown format 'hyperopt'/],
    ['export: missing file', () => ['export', missing, '--space', 'NB201', '--to', 'nni'], EXIT.fileSystem, /no such file: .*missing\.nas; check the path/],
    ['import: missing file', () => ['import', missing, '--from', 'nni'], EXIT.fileSystem, /no such file: .*missing\.nas; check the path/],
    ...['export', 'import'].map((c): Case => [`${c}: a directory`, () => (c === 'export' ? [c, aDir, '--space', 'S', '--to', 'nni'] : [c, aDir, '--from', 'nni']), EXIT.fileSystem, /a-directory is a directory, not a \.nas file/]),
    ['export: --run missing directory', () => ['export', '--run', join(tmp, 'nowhere'), '--to', 'nni'], EXIT.fileSystem, /no such directory: .*nowhere; give the --out directory/],
    ['export: --run on a file', () => ['export', '--run', aFile, '--to', 'nni'], EXIT.fileSystem, /a-file\.txt is not a run directory \(no run\.json\)/],
    ['export: --run not a run directory', () => ['export', '--run', foreign, '--to', 'csv'], EXIT.fileSystem, /foreign is not a run directory \(no run\.json\)/],
    ['export: --out on an existing file', () => ['export', nb201, '--space', 'NB201', '--to', 'nni', '--out', aFile], EXIT.fileSystem, /a-file\.txt already exists; lissnas does not overwrite files/],
    ['export: --out on a directory', () => ['export', nb201, '--space', 'NB201', '--to', 'nni', '--out', aDir], EXIT.fileSystem, /a-directory is a directory; lissnas does not overwrite files/],
    ['export: errors in the file', () => ['export', broken, '--space', 'S', '--to', 'nni'], EXIT.failed, /broken\.nas has errors; fix them first/],
    ['export: --run damaged run.json', () => ['export', '--run', damagedRun, '--to', 'nni'], EXIT.failed, /run\.json is damaged/],
    ['import: a binary file', () => ['import', binary, '--from', 'nni'], EXIT.failed, /binary\.nas: this is not a UTF-8 text file/],
];

describe('exit codes: one table for every command', () => {
    test('lissnas --help states the table, and docs/cli.md lists the same codes', async () => {
        const help = await run('--help');
        assert.equal(help.code, 0);
        for (const [code, meaning] of EXIT_TABLE) assert.ok(help.out.includes(`${String(code).padStart(3)}  ${meaning}`), `--help lists ${code}`);
        for (const code of [0, 1, 2, 3, 130, 143]) assert.match(help.out, new RegExp(`\\b${code}\\b`), `--help mentions ${code}`);
        const doc = readFileSync(join(root, 'docs', 'cli.md'), 'utf8');
        for (const code of [0, 1, 2, 3, 130, 143]) assert.match(doc, new RegExp(`^\\| \\*\\*${code}\\*\\* \\|`, 'm'), `docs/cli.md has a row for ${code}`);
    });

    for (const [name, argv, code, message] of CASES) {
        test(`${name} -> ${code}`, async () => {
            const r = await run(...argv());
            assert.equal(r.code, code, `${name}: ${r.err}`);
            if (message) assert.match(r.err + r.out, message, name);
            // No bare errno code and no raw control byte in any message.
            assert.doesNotMatch(r.err, /^lissnas \w+: E[A-Z]+[:\s]/m, 'a bare errno message');
            // eslint-disable-next-line no-control-regex
            assert.doesNotMatch(r.err + r.out, /[\u0000-\u0008\u000B\u000E-\u001F\u007F]/, 'raw control bytes');
        });
    }

    test('every command is covered by every fault class it can meet', () => {
        const names = CASES.map(([n]) => n);
        for (const c of ['check', 'size', 'shrink', 'search', 'study']) {
            for (const fault of ['unknown option', 'missing file', 'a directory', 'errors in the file']) assert.ok(names.includes(`${c}: ${fault}`), `${c}: ${fault}`);
        }
        for (const c of ['resume', 'report', 'map']) for (const fault of ['unknown option', 'missing directory', 'a file', 'not a run directory', 'damaged run.json']) assert.ok(names.includes(`${c}: ${fault}`), `${c}: ${fault}`);
        for (const c of ['shrink', 'search', 'study', 'demo']) assert.ok(names.some((n) => n.startsWith(`${c}: --out`)), `${c}: --out refused`);
    });
});

describe('exit codes through the real process', () => {
    const cli = [join(root, 'cli', 'main.ts')];
    const node = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', ...cli, ...args], { cwd: root, encoding: 'utf8' });

    test('a missing file is 3, a usage error 2, a file with errors 1, success 0', () => {
        assert.equal(node(['check', missing]).status, 3);
        assert.equal(node(['size', nb201, '--space', 'Nope']).status, 2);
        assert.equal(node(['check', broken]).status, 1);
        assert.equal(node(['check', nb201]).status, 0);
    });

    test('Ctrl-C (SIGINT) during a run is 130 and says how to continue', async () => {
        const out = freshOut();
        const child = spawn(process.execPath, ['--import', 'tsx', ...cli, 'shrink', nb201, '--policy', 'ABS', '--out', out], {
            cwd: root,
            env: { ...process.env, LISSNAS_EVAL_DELAY_MS: '20' },
        });
        let err = '';
        child.stderr.on('data', (d: Buffer) => {
            err += d.toString();
        });
        // Wait until the run has started evaluating (its journal exists), then interrupt it.
        for (let i = 0; i < 300 && !existsSync(join(out, 'journal.jsonl')); i++) await new Promise((r) => setTimeout(r, 100));
        child.kill('SIGINT');
        const code = await new Promise<number | null>((r) => child.on('close', (c) => r(c)));
        assert.equal(code, 130, err);
        assert.match(err, /lissnas resume/);
    });
});

