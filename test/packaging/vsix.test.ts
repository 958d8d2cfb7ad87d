/**
 * `npm run package` (scripts/package.mjs: minified bundles, then @vscode/vsce) run for real in a copy of the
 * working tree (so the bundles of this checkout, which other tests are using, are not rewritten): the .vsix holds
 * exactly the allow-listed files (.vscodeignore), no source maps (a map per bundle with LISSNAS_SOURCEMAPS=1), and the examples it ships run from it with the
 * table it ships, giving the same result.json as the checkout's CLI. The README's stated size is checked too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readZip } from './zip-reader.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-vsix-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));

/** What a .vsix may hold besides vsce's own two files: the allow-list of .vscodeignore, as paths. */
const ALLOWED = [
    /^package\.json$/,
    /^readme\.md$/,
    /^LICENSE\.txt$/,
    /^images\/icon\.png$/,
    /^out\/.+\.(cjs|js|css|ttf)$/,
    // The wasm back-end's binaries (the SIMD and plain builds only).
    /^out\/workers\/tfjs-backend-wasm(-simd)?\.wasm$/,
    /^bin\/[^/]+\.cjs$/,
    /^grammars\/[^/]+\.json$/,
    /^examples\/([^/]+\.nas|command\/(shrink\.nas|train\.py)|saved\/[^/]+\.json)$/,
    /^data\/nb201\/(nb201\.csv|README\.md|LICENSE-[^/]+\.txt)$/,
    /^docs\/[^/]+\.md$/,
    /^docs\/results\/[^/]+\.svg$/,
    /^test\/e2e\/screenshots\/(01-shrink-progress-live|03-pockets-cell)\.png$/,
];

/** The working tree as git sees it (tracked and untracked, not ignored), plus the generated parser, in `dir`. */
function copyCheckout(dir: string): void {
    const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' })
        .split('\0')
        .filter((f) => f !== '' && f !== 'node_modules');
    for (const file of files) {
        let isFile = false;
        try {
            isFile = statSync(join(ROOT, file)).isFile();
        } catch {
            continue; // deleted in the working tree, not yet in the index
        }
        if (!isFile) continue;
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        cpSync(join(ROOT, file), join(dir, file));
    }
    cpSync(join(ROOT, 'dsl/generated'), join(dir, 'dsl/generated'), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(dir, 'node_modules'), 'dir');
}

test('npm run package: allow-listed files only, minified without maps (unless LISSNAS_SOURCEMAPS=1), examples run from the unpacked .vsix', () => {
    const src = join(tmp, 'lissnas');
    copyCheckout(src);
    // A map left by an earlier development build must not reach the package.
    mkdirSync(join(src, 'out/cli'), { recursive: true });
    writeFileSync(join(src, 'out/cli/main.cjs.map'), '{"version":3,"stale":true}');
    const vsix = join(tmp, 'lissnas.vsix');
    const packaged = spawnSync('npm', ['run', 'package', '--silent', '--', '--out', vsix], { cwd: src, encoding: 'utf8' });
    assert.equal(packaged.status, 0, packaged.stdout + packaged.stderr);

    const zip = readZip(vsix);
    const names = [...zip.keys()].sort();
    assert.ok(names.includes('extension.vsixmanifest') && names.includes('[Content_Types].xml'), names.join(', '));
    const inside = names.filter((n) => n.startsWith('extension/')).map((n) => n.slice('extension/'.length));
    assert.deepEqual(inside.filter((n) => !ALLOWED.some((re) => re.test(n))), [], 'nothing outside the allow-list');
    assert.equal(names.length, inside.length + 2, 'only vsce files outside extension/');
    for (const required of [
        'package.json',
        'readme.md',
        'LICENSE.txt',
        'images/icon.png',
        'out/client/extension.cjs',
        'out/server/main.cjs',
        'out/server/size-worker.cjs',
        'out/cli/main.cjs',
        // The wasm neural back-end: its worker and tfjs-backend-wasm's binaries (docs/proxies.md).
        'out/workers/tfjs-worker.cjs',
        'out/workers/tfjs-backend-wasm-simd.wasm',
        'out/workers/tfjs-backend-wasm.wasm',
        'bin/lissnas.cjs',
        'bin/lissnas-language-server.cjs',
        'grammars/nas.tmLanguage.json',
        'grammars/language-configuration.json',
    ]) {
        assert.ok(inside.includes(required), `${required} is packaged`);
    }
    // Every example, and every table an example reads, resolved from the example's folder as the loader does.
    for (const example of readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.nas'))) {
        assert.ok(inside.includes(`examples/${example}`), example);
        // Tables and saved spaces (`shrunk(B, "...")`) alike.
        for (const [, table] of readFileSync(join(ROOT, 'examples', example), 'utf8').matchAll(/(?:table\(|shrunk\(\w+, )"([^"]+)"\)/g)) {
            const path = join('examples', table).split('\\').join('/');
            assert.ok(inside.includes(path), `${example} reads ${path}: packaged`);
        }
    }
    assert.ok(!inside.includes('data/nb201/nb201_latency.csv'), 'the latency table (read by no example) stays out');
    assert.deepEqual(inside.filter((n) => n.endsWith('.map') || n.endsWith('.ts')), []);

    // Minified bundles, without a sourceMappingURL pointing at a map that is not there.
    const cli = zip.get('extension/out/cli/main.cjs')!.toString('utf8');
    assert.doesNotMatch(cli, /sourceMappingURL/);
    assert.ok(cli.length / cli.split('\n').length > 1000, 'minified: long lines');
    assert.ok(cli.length < statSync(join(src, 'out/cli/main.cjs')).size + 1);

    // The manifest of the package: icon, categories, keywords; the README image-free of files that do not exist.
    const manifest = JSON.parse(zip.get('extension/package.json')!.toString('utf8')) as { icon: string; categories: string[]; keywords: string[] };
    assert.ok(inside.includes(manifest.icon));
    assert.equal(zip.get(`extension/${manifest.icon}`)!.subarray(1, 4).toString('ascii'), 'PNG');
    assert.ok(manifest.categories.length >= 2 && manifest.keywords.length >= 5);

    // Unpacked, the shipped CLI runs the shipped example on the shipped table: same result as this checkout's CLI.
    const unpacked = join(tmp, 'unpacked');
    for (const [name, data] of zip) {
        mkdirSync(dirname(join(unpacked, name)), { recursive: true });
        writeFileSync(join(unpacked, name), data);
    }
    const fromPackage = join(tmp, 'from-package');
    const run = spawnSync(process.execPath, [join(unpacked, 'extension/bin/lissnas.cjs'), 'shrink', join(unpacked, 'extension/examples/nb201.nas'), '--policy', 'Lissnas', '--out', fromPackage], {
        cwd: tmp,
        encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const fromCheckout = join(tmp, 'from-checkout');
    const reference = spawnSync(process.execPath, [join(ROOT, 'bin/lissnas.cjs'), 'shrink', join(ROOT, 'examples/nb201.nas'), '--policy', 'Lissnas', '--out', fromCheckout], { cwd: tmp, encoding: 'utf8' });
    assert.equal(reference.status, 0, reference.stderr);
    assert.equal(readFileSync(join(fromPackage, 'result.json'), 'utf8'), readFileSync(join(fromCheckout, 'result.json'), 'utf8'));

    // LISSNAS_SOURCEMAPS=1: the same package plus a map for every bundle, each bundle pointing at its map.
    const withMaps = join(tmp, 'lissnas-maps.vsix');
    const mapped = spawnSync('npm', ['run', 'package', '--silent', '--', '--out', withMaps], { cwd: src, encoding: 'utf8', env: { ...process.env, LISSNAS_SOURCEMAPS: '1' } });
    assert.equal(mapped.status, 0, mapped.stdout + mapped.stderr);
    const mappedNames = [...readZip(withMaps).keys()];
    const bundles = inside.filter((n) => n.startsWith('out/') && (n.endsWith('.cjs') || n === 'out/webview/main.js' || n === 'out/webview/main.css'));
    assert.deepEqual(mappedNames.filter((n) => n.endsWith('.map')).sort(), bundles.map((n) => `extension/${n}.map`).sort());
    assert.match(readZip(withMaps).get('extension/out/cli/main.cjs')!.toString('utf8'), /sourceMappingURL=main\.cjs\.map/);

    // The README states the size; it must stay true (within 0.15 MB).
    const stated = /`\.vsix` is about ([\d.]+) MB/.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'));
    assert.ok(stated, 'the README states the package size as "`.vsix` is about N MB"');
    const actual = statSync(vsix).size / 1e6;
    assert.ok(Math.abs(actual - Number(stated[1])) <= 0.15, `the README says ${stated[1]} MB, the package is ${actual.toFixed(2)} MB`);
});
