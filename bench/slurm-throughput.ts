/**
 * Throughput of the Slurm executor on the test cluster (test/slurm/cluster.ts: one node, 8 job slots):
 * `node --import tsx bench/slurm-throughput.ts [TRIALS]` (as root, with slurm-wlm and munge installed).
 * Evaluates TRIALS trivial trials (a Node one-liner answering at once) in one batch with `array_limit 8`, then the
 * same trials as local processes (`parallel 8`), and prints one JSON object: trials per minute both ways, the
 * per-trial overhead of Slurm, and the scheduler calls made (sbatch, squeue).
 */
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandEvaluator } from '../engine/evaluate/command.js';
import { nb201Space } from '../engine/space/nb201.js';
import { startCluster } from '../test/slurm/cluster.js';

const n = Number(process.argv[2] ?? 64);
const space = nb201Space();
const genotypes = Array.from({ length: n }, (_, i) => [0, 1, 2, 3, 4, 5].map((d) => Math.floor(i / 5 ** d) % 5));
const argv = [process.execPath, '-e', 'console.log(JSON.stringify({ metric: process.argv[1].length }))', '{arch}'];
const tmp = mkdtempSync(join(tmpdir(), 'lissnas-slurm-bench-'));
const cluster = await startCluster();
try {
    const slurm = new CommandEvaluator({ name: 'bench', argv, runDir: join(tmp, 'slurm'), executor: { kind: 'slurm', arrayLimit: 8 }, parentEnv: { ...cluster.env, LISSNAS_SLURM_POLL_MS: process.env.LISSNAS_SLURM_POLL_MS ?? '1000' } });
    let t = performance.now();
    const rs = await slurm.evaluate(genotypes, space);
    const slurmSeconds = (performance.now() - t) / 1000;
    if (rs.some((r) => r.error)) throw new Error(rs.find((r) => r.error)!.error);
    const local = new CommandEvaluator({ name: 'bench', argv, runDir: join(tmp, 'local'), parallel: 8 });
    t = performance.now();
    await local.evaluate(genotypes, space);
    const localSeconds = (performance.now() - t) / 1000;
    console.log(JSON.stringify({
        trials: n,
        slots: 8,
        pollMs: Number(process.env.LISSNAS_SLURM_POLL_MS ?? 1000),
        slurm: { seconds: +slurmSeconds.toFixed(2), trialsPerMinute: Math.round((n / slurmSeconds) * 60), sbatch: slurm.slurm!.submissions, squeue: slurm.slurm!.polls },
        local: { seconds: +localSeconds.toFixed(2), trialsPerMinute: Math.round((n / localSeconds) * 60) },
        overheadPerTrialSeconds: +(((slurmSeconds - localSeconds) * 8) / n).toFixed(3),
    }));
} finally {
    await cluster.stop();
    rmSync(tmp, { recursive: true, force: true });
}
