/**
 * Theme colours for the charts: read from VS Code's CSS variables on start and again whenever VS Code switches
 * theme (it changes the body's class: vscode-light, vscode-dark, vscode-high-contrast).
 */
export interface Theme {
    foreground: string;
    muted: string;
    background: string;
    grid: string;
    accent: string;
    error: string;
    palette: string[];
    font: string;
}

function cssVar(name: string, fallback: string): string {
    const value = getComputedStyle(document.body).getPropertyValue(name).trim();
    return value || fallback;
}

export function readTheme(): Theme {
    const dark = !document.body.classList.contains('vscode-light');
    return {
        foreground: cssVar('--vscode-foreground', dark ? '#cccccc' : '#333333'),
        muted: cssVar('--vscode-descriptionForeground', dark ? '#9d9d9d' : '#717171'),
        background: cssVar('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
        grid: cssVar('--vscode-editorWidget-border', dark ? '#454545' : '#c8c8c8'),
        accent: cssVar('--vscode-charts-blue', '#3794ff'),
        error: cssVar('--vscode-charts-red', '#f14c4c'),
        // VS Code's own chart colours, so series match the rest of the workbench in every theme.
        palette: ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red'].map((v, i) =>
            cssVar(v, ['#3794ff', '#d18616', '#89d185', '#b180d7', '#cca700', '#f14c4c'][i]),
        ),
        font: cssVar('--vscode-font-family', 'sans-serif'),
    };
}

/** Calls `redraw` with the new theme whenever the body's class list changes. */
export function onThemeChange(redraw: (theme: Theme) => void): void {
    new MutationObserver(() => redraw(readTheme())).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
