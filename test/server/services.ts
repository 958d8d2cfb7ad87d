/**
 * Shared set-up of the server tests: the language services with the editor features, and document helpers.
 * The services read files through Node's file system, as the server does (tables in data/, imports).
 */
import { fileURLToPath } from 'node:url';
import { URI } from 'langium';
import { NasNodeFileSystem } from '../../dsl/node-file-system.js';
import { createNasServices } from '../../dsl/nas-module.js';
import { NasLspModule } from '../../server/nas-lsp-module.js';
import { sizeWorkerLimits } from '../../server/features/size-jobs.js';

export const { shared, Nas } = createNasServices(NasNodeFileSystem, NasLspModule);

// These tests check what a hover says once the size is known; on a loaded machine a job can outlast the editor's
// 750 ms hover wait. The wait itself is checked over stdio with the real bound (test/protocol/size-worker.test.ts).
sizeWorkerLimits.hoverWaitMs = 600_000;

/**
 * The URI of a (virtual) document in this checkout's examples/ folder, built from this file's location so that the
 * tests pass from any checkout path (spaces, non-ASCII characters), never from a hard-coded machine path.
 * Documents live there so that relative table paths (`../data/nb201/nb201.csv`) and imports resolve to real files.
 */
export function examplesUri(name: string): string {
    return URI.file(fileURLToPath(new URL(`../../examples/${name}`, import.meta.url))).toString();
}
