/**
 * When an editor forks the CLI (VS Code's run manager: `child_process.fork`, so the child has an IPC channel), the
 * channel closes if the editor's extension host dies without cancelling the run (a crash, a killed window). The
 * run then stops as if it had received SIGTERM: finished evaluations are journaled, the lock is released, the
 * directory stays resumable, instead of running on unwatched with nobody to read its events.
 */
export function stopWhenParentGoes(): void {
    if (!process.channel) return;
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    // A 'disconnect' listener refs the channel; unref it so the channel alone never keeps a finished command alive.
    process.channel.unref();
}
