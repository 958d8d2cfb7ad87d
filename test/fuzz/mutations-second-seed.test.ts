/**
 * The mutation fuzz of test/fuzz/mutations.test.ts again, from the next seed: as many different mutants,
 * in a file of its own so that each file stays well under 30 s (see test/fuzz/fuzz-check.ts).
 */
import { test } from 'node:test';
import { assertMutantsClean, fuzzCount, fuzzSeed } from './fuzz-check.js';

const count = fuzzCount(1000);
const seed = fuzzSeed(1);

test(`${count} more mutants of tour.nas (seed ${seed}): no exception, every range inside its document`, async () => {
    await assertMutantsClean(count, seed);
});
