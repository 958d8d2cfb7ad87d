/**
 * Entry of the size worker: a `worker_threads` Worker that the language server starts (server/features/
 * size-jobs.ts) so that sizing a space (exact counts, unique-graph counts, sampled estimates: up to seconds)
 * never runs on the thread that answers requests. It sizes one job at a time under the editor's work budgets
 * (server/features/size-answer.ts); the server bounds it from outside: a time budget (it terminates the
 * worker) and a heap limit (`resourceLimits`). Bundled on its own as out/server/size-worker.cjs
 * (scripts/bundle.mjs); under tsx (tests, `bin/` without a bundle) this file runs as it is.
 *
 * Jobs are checked on arrival (protocol/size-worker.ts); a malformed one gets a `failed` answer when it has an
 * id, and a log line otherwise (the server's time budget then answers for it).
 */
import { parentPort } from 'node:worker_threads';
import { SizeJob } from '../protocol/size-worker.js';
import { answerJob } from './features/size-answer.js';

if (!parentPort) throw new Error('server/size-worker.ts runs as a worker thread of the language server');
// A worker's stdout is its parent's, which carries LSP over stdio: anything logged goes to stderr instead.
console.log = console.info = console.debug = console.error;
process.stdout.write = process.stderr.write.bind(process.stderr) as typeof process.stdout.write;
const port = parentPort;
port.on('message', (message: unknown) => {
    const problem = SizeJob.problem(message);
    if (problem === undefined) {
        port.postMessage(answerJob(message as SizeJob));
        return;
    }
    const id = (message as { id?: unknown } | null)?.id;
    if (typeof id === 'number' && Number.isInteger(id) && id >= 0) port.postMessage({ type: 'failed', id, message: `malformed size job (${problem})` });
    else console.error(`[nas] size worker: ignored a malformed job: ${problem}`);
});
