/**
 * The fuzz benchmark: crashes are not the only failure, a request that takes seconds or memory that grows is one
 * too. Runs (1) the language-services fuzz of test/fuzz/driver.ts on mutants of examples/tour.nas (build, hover,
 * completion, formatting) and (2) the formatting property of test/fuzz/format-check.ts on mutated and
 * whitespace-scrambled examples, and prints for each: documents, problems, the slowest single response (which
 * step, which mutant) and the peak resident memory and heap.
 * `npm run bench:fuzz` (node --import tsx bench/fuzz.ts). Options: --fuzz N (default 2000), --format N
 * (default 2000), --seed N. docs/benchmarks.md records the numbers.
 */
import { cpus, loadavg } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { EmptyFileSystem } from 'langium';
import { createNasServices } from '../dsl/nas-module.js';
import { NasLspModule } from '../server/nas-lsp-module.js';
import { Rng } from '../engine/rng.js';
import { fuzz } from '../test/fuzz/driver.js';
import { mutate, tokensOf } from '../test/fuzz/mutate.js';
import { checkFormatting, scrambleWhitespace } from '../test/fuzz/format-check.js';

function option(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const FUZZ = option('fuzz', 2000);
const FORMAT = option('format', 2000);
const SEED = option('seed', 7);
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, load average ${loadavg()[0].toFixed(1)}, node ${process.version}`);

if (FUZZ > 0) {
    const tourPath = resolve('examples/tour.nas');
    const started = performance.now();
    const report = await fuzz(tourPath, readFileSync(tourPath, 'utf8'), FUZZ, SEED);
    const seconds = (performance.now() - started) / 1000;
    console.log(
        `services fuzz: ${report.documents} mutants of tour.nas in ${seconds.toFixed(1)} s, ${report.problems.length} problems; ` +
            `slowest response ${report.slowest.ms.toFixed(0)} ms (${report.slowest.what}, mutant #${report.slowest.index}); ` +
            `peak rss ${mb(report.peakRss)}, peak heap ${mb(report.peakHeap)}`,
    );
    for (const problem of report.problems.slice(0, 5)) console.log(`  #${problem.index} [${problem.steps.join('; ')}] ${problem.problem.split('\n')[0]}`);
}

if (FORMAT > 0) {
    const { Nas } = createNasServices(EmptyFileSystem, NasLspModule);
    const examples = resolve('examples');
    const bases = readdirSync(examples).filter((f) => f.endsWith('.nas')).sort().map((f) => readFileSync(join(examples, f), 'utf8'));
    const vocabularies = bases.map((base) => [...new Set(tokensOf(base).filter((t) => t.trim() !== ''))]);
    const rng = new Rng(`format:${SEED}`);
    let problems = 0;
    let formatted = 0;
    let slowest = { ms: 0, index: -1 };
    let peakRss = 0;
    let peakHeap = 0;
    const started = performance.now();
    for (let index = 0; index < FORMAT; index++) {
        const which = rng.int(bases.length);
        const mutant = mutate(rng, bases[which], vocabularies[which], 1 + rng.int(3));
        const text = rng.next() < 0.5 ? scrambleWhitespace(rng, rng.next() < 0.4 ? bases[which] : mutant.text) : mutant.text;
        const check = await checkFormatting(Nas, text, rng);
        if (check.formatted) formatted++;
        if (check.problems.length > 0) {
            problems++;
            if (problems <= 5) console.log(`  #${index}: ${check.problems[0]}`);
        }
        if (check.slowestMs > slowest.ms) slowest = { ms: check.slowestMs, index };
        const memory = process.memoryUsage();
        peakRss = Math.max(peakRss, memory.rss);
        peakHeap = Math.max(peakHeap, memory.heapUsed);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
        `formatting property: ${FORMAT} documents (${formatted} parsed) in ${seconds.toFixed(1)} s, ${problems} breaking it; ` +
            `slowest formatter response ${slowest.ms.toFixed(0)} ms (document #${slowest.index}); peak rss ${mb(peakRss)}, peak heap ${mb(peakHeap)}`,
    );
}
