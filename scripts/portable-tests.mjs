// Runs a representative subset of the tests from a checkout path with spaces and non-ASCII characters, so that a
// test that hard-codes a machine path or mishandles file URIs (percent-encoding, `ä`) fails in CI instead of on a
// newcomer's machine. Copies the tracked files (plus the generated parser) to `<tmp>/lissnas ä b/`, links the
// installed packages, runs the files below there, and removes the copy. Usage: `node scripts/portable-tests.mjs`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
// Each of these reads files through URIs or paths built from its own location: server documents in examples/,
// imports across files, the docs' examples, the NB201 table next to the examples, a real evaluator process.
const SUBSET = [
    'test/server/completion.test.ts',
    'test/server/hover.test.ts',
    'test/server/language-server.test.ts',
    'test/dsl/imports.test.ts',
    'test/dsl/docs.test.ts',
    'test/dsl/tables.test.ts',
    'test/engine/evaluate/table.test.ts',
    'test/engine/evaluate/command.test.ts',
];

const listed = spawnSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' });
if (listed.status !== 0) {
    console.error(`portable-tests: 'git ls-files' failed in ${root}; run this from a git checkout.\n${listed.stderr}`);
    process.exit(1);
}
if (!existsSync(join(root, 'dsl/generated/ast.ts'))) {
    console.error('portable-tests: dsl/generated is missing; run `npx langium generate` first.');
    process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'lissnas-portable-'));
const checkout = join(scratch, 'lissnas ä b');
let status = 1;
try {
    for (const file of [...listed.stdout.split('\0').filter(Boolean), 'dsl/generated/ast.ts', 'dsl/generated/grammar.ts', 'dsl/generated/module.ts']) {
        if (!existsSync(join(root, file))) continue; // deleted in the work tree but not yet in the index
        mkdirSync(dirname(join(checkout, file)), { recursive: true });
        cpSync(join(root, file), join(checkout, file));
    }
    symlinkSync(join(root, 'node_modules'), join(checkout, 'node_modules'), 'dir');
    console.log(`== running ${SUBSET.length} test files from ${checkout}`);
    const run = spawnSync(process.execPath, ['scripts/run-tests.mjs', ...SUBSET], { cwd: checkout, stdio: 'inherit' });
    status = run.status ?? 1;
} finally {
    rmSync(scratch, { recursive: true, force: true });
}
process.exit(status);
