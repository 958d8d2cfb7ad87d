#!/usr/bin/env node
/**
 * Entry point of the `lissnas` command (bundled to out/cli/main.cjs; `bin/lissnas.cjs` runs it).
 * Development: `node --import tsx cli/main.ts <command> ...`.
 */
import { runCli } from './cli.js';
import { processIo } from './io.js';
import { stopWhenParentGoes } from './parent-watch.js';

stopWhenParentGoes();

runCli(process.argv.slice(2), processIo()).then(
    (code) => {
        process.exitCode = code;
    },
    (error: unknown) => {
        process.stderr.write(`lissnas: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
        process.exitCode = 1;
    },
);
