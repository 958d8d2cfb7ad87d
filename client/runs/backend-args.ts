/**
 * The `--backend` flag of a run from the `lissnas.runs.backend` setting (no `vscode`: tested without an editor).
 * `auto` adds nothing, so the CLI's own choice (docs/proxies.md, "Back-ends") applies and is reported; a value the
 * settings UI cannot produce (a hand-edited settings.json) is passed on as well, and the CLI refuses it with its
 * list of names rather than the extension guessing.
 */
export function backendArgs(setting: string | undefined): string[] {
    const name = (setting ?? 'auto').trim();
    return name === '' || name === 'auto' ? [] : ['--backend', name];
}
