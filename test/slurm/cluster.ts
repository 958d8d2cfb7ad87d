// A real single-node Slurm cluster for the tests (Debian's slurm-wlm and munge, as root; recipe in
// ../shared/notes/slurm.md): its own munged (private socket and key), slurmctld and slurmd in the foreground,
// every file under one temporary folder, ports picked at random. `stop()` ends exactly the daemons it started,
// by pid, and removes the folder.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

const DAEMONS = ['/usr/sbin/munged', '/usr/sbin/slurmctld', '/usr/sbin/slurmd', '/usr/bin/sbatch'];

/** Why the cluster cannot start here (`skip` of node:test), or false. */
export function slurmAbsent(): false | string {
    if (process.platform !== 'linux') return 'Slurm tests need Linux';
    const missing = DAEMONS.filter((d) => !existsSync(d));
    if (missing.length > 0) return `Slurm absent (${missing.join(', ')}): apt-get install slurm-wlm munge`;
    if (process.getuid?.() !== 0) return 'the Slurm fixture runs slurmd as root';
    return false;
}

export interface Cluster {
    dir: string;
    /** Environment for lissnas and the Slurm commands (SLURM_CONF, the munge socket through slurm.conf). */
    env: Record<string, string>;
    /** Runs a Slurm command against this cluster. */
    run(program: string, args: string[]): { status: number | null; stdout: string; stderr: string };
    stop(): Promise<void>;
}

export async function startCluster(): Promise<Cluster> {
    const dir = mkdtempSync(join(tmpdir(), 'lissnas-slurm-'));
    for (const d of ['state', 'spool', 'log', 'munge']) mkdirSync(join(dir, d), { mode: 0o700 });
    const key = join(dir, 'munge', 'munge.key');
    writeFileSync(key, randomBytes(1024), { mode: 0o400 });
    const socket = join(dir, 'munge', 'munge.socket');
    const children: ChildProcess[] = [];
    const start = (program: string, args: string[]): ChildProcess => {
        const child = spawn(program, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } });
        let err = '';
        child.stderr!.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
        child.on('exit', (code) => {
            if (code !== 0 && code !== null && !stopping) console.error(`# ${program} exited ${code}: ${err}`);
        });
        children.push(child);
        return child;
    };
    let stopping = false;
    const stop = async (): Promise<void> => {
        stopping = true;
        // Reverse order: slurmd, slurmctld, munged; each by its own pid, SIGKILL after 5 s.
        for (const child of [...children].reverse()) {
            if (child.exitCode !== null || child.signalCode !== null) continue;
            const gone = new Promise((r) => child.once('exit', r));
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
            await gone;
            clearTimeout(timer);
        }
        // A job still running when slurmd stopped (a test that failed mid-way) keeps its slurmstepd and its processes,
        // reparented to init: ours are the ones whose environment names this cluster's slurm.conf.
        for (const pid of clusterProcesses(join(dir, 'slurm.conf'))) {
            try {
                process.kill(pid, 'SIGKILL');
            } catch {
                // already gone
            }
        }
        rmSync(dir, { recursive: true, force: true });
    };
    try {
        start('/usr/sbin/munged', ['--force', '--foreground', `--socket=${socket}`, `--key-file=${key}`, `--pid-file=${join(dir, 'munge', 'munged.pid')}`, `--log-file=${join(dir, 'log', 'munged.log')}`, `--seed-file=${join(dir, 'munge', 'seed')}`]);
        await until('munged', () => existsSync(socket), 10_000);
        const host = hostname().split('.')[0];
        const port = 20000 + Math.floor(Math.random() * 20000);
        const conf = join(dir, 'slurm.conf');
        writeFileSync(
            conf,
            [
                'ClusterName=lissnastest',
                `SlurmctldHost=${host}`,
                `SlurmctldPort=${port}`,
                `SlurmdPort=${port + 1}`,
                'AuthType=auth/munge',
                `AuthInfo=socket=${socket}`,
                'CredType=cred/munge',
                'ProctrackType=proctrack/linuxproc',
                'TaskPlugin=task/none',
                'SelectType=select/cons_tres',
                'SelectTypeParameters=CR_Core',
                'SlurmUser=root',
                'SlurmdUser=root',
                `StateSaveLocation=${join(dir, 'state')}`,
                `SlurmdSpoolDir=${join(dir, 'spool')}`,
                `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
                `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
                `SlurmctldLogFile=${join(dir, 'log', 'ctld.log')}`,
                `SlurmdLogFile=${join(dir, 'log', 'd.log')}`,
                'ReturnToService=2',
                'JobAcctGatherType=jobacct_gather/none',
                'AccountingStorageType=accounting_storage/none',
                'MpiDefault=none',
                // 8 job slots whatever the machine has (config_overrides), so parallel trials can be seen.
                'SlurmdParameters=config_overrides',
                `NodeName=${host} CPUs=8 RealMemory=4000 State=UNKNOWN`,
                // Preemption as clusters set it up: a job of partition `high` cancels jobs of the others it needs
                // the slots of (PreemptMode=CANCEL: they end PREEMPTED, not requeued).
                'PreemptType=preempt/partition_prio',
                'PreemptMode=CANCEL',
                `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP PriorityTier=1`,
                `PartitionName=high Nodes=${host} MaxTime=INFINITE State=UP PriorityTier=2`,
                '',
            ].join('\n'),
        );
        const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', SLURM_CONF: conf, HOME: process.env.HOME ?? dir };
        start('/usr/sbin/slurmctld', ['-D', '-i', '-f', conf]);
        start('/usr/sbin/slurmd', ['-D', '-f', conf]);
        const run = (program: string, args: string[]) => {
            const r = spawnSync(program, args, { env, encoding: 'utf8', timeout: 30_000 });
            return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
        };
        await until('an idle node', () => /idle/.test(run('sinfo', ['-h', '-o', '%T']).stdout), 60_000, () => readTail(join(dir, 'log', 'ctld.log')) + readTail(join(dir, 'log', 'd.log')));
        return { dir, env, run, stop };
    } catch (e) {
        await stop();
        throw e;
    }
}

function readTail(path: string): string {
    return existsSync(path) ? readFileSync(path, 'utf8').slice(-1500) : '';
}

async function until(what: string, ok: () => boolean, ms: number, logs?: () => string): Promise<void> {
    const deadline = Date.now() + ms;
    while (!ok()) {
        if (Date.now() > deadline) throw new Error(`Slurm fixture: no ${what} after ${ms / 1000} s${logs ? `\n${logs()}` : ''}`);
        await new Promise((r) => setTimeout(r, 250));
    }
}

/**
 * Live (not zombie) processes of the cluster whose configuration is `conf`: step daemons and job processes carry
 * it as SLURM_CONF in their environment (read from /proc; none off Linux).
 */
export function clusterProcesses(conf: string): number[] {
    let pids: string[];
    try {
        pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid);
    } catch {
        return [];
    }
    return pids
        .filter((pid) => {
            try {
                return readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(`SLURM_CONF=${conf}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
            } catch {
                return false; // gone meanwhile, or not ours to read
            }
        })
        .map(Number);
}
