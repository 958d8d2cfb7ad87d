/**
 * What a tree view showed of one list of rows, and which rows changed since: a tree re-renders only what
 * changed. Every re-render of a row disposes the command of its previous render in the workbench, so a click
 * that lands on the previous render runs nothing ("Actual command not found, wanted to execute ..." in the
 * browser console); a view that re-renders unchanged rows on every file event loses clicks.
 */
import type * as vscode from 'vscode';

/** One list of rows, by stable key (the TreeItem's id), in display order, with what each row shows. */
export type Rows<N> = Map<string, { node: N; signature: string }>;

/** What the workbench shows of a TreeItem, as a string: two items with the same signature render alike. */
export function itemSignature(item: vscode.TreeItem): string {
    const command = item.command && [item.command.command, item.command.title, item.command.tooltip, item.command.arguments];
    return JSON.stringify([
        item.id,
        item.label,
        item.description,
        typeof item.tooltip === 'object' ? item.tooltip.value : item.tooltip,
        icon(item.iconPath),
        item.contextValue,
        command,
        item.collapsibleState,
        item.resourceUri?.toString(),
        item.accessibilityInformation,
        item.checkboxState,
    ]);
}

function icon(path: vscode.TreeItem['iconPath']): unknown {
    if (path === undefined || typeof path === 'string') return path;
    if ('id' in path) return [path.id, path.color?.id]; // a ThemeIcon
    if ('light' in path) return [path.light.toString(), path.dark.toString()];
    return path.toString();
}

/** Whether the list itself changed: a row added, removed or moved (the parent must be rendered again). */
export function listChanged<N>(before: Rows<N>, after: Rows<N>): boolean {
    if (before.size !== after.size) return true;
    const keys = [...after.keys()];
    return [...before.keys()].some((key, i) => key !== keys[i]);
}

/** The rows of the same list whose signature changed (each must be rendered again, alone). */
export function changedRows<N>(before: Rows<N>, after: Rows<N>): N[] {
    return [...after].filter(([key, row]) => before.get(key)?.signature !== row.signature).map(([, row]) => row.node);
}
