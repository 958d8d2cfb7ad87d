/**
 * The webview end of the message channel: posts validated messages to the host, accepts only messages that
 * pass the view's check (a malformed one is logged, reported to the host and ignored), and keeps the state
 * VS Code restores after a window reload.
 */
import type { Validator } from '../protocol/check.js';
import { FromWebviewCheck, type FromWebview, type PanelState } from '../protocol/webview.js';

interface VsCodeApi {
    postMessage(message: unknown): void;
    getState(): unknown;
    setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

// acquireVsCodeApi may be called once per page.
const api: VsCodeApi = acquireVsCodeApi();

export function post(message: FromWebview): void {
    const problem = FromWebviewCheck.problem(message);
    if (problem) {
        console.error(`lissnas webview: not posting a malformed message: ${problem}`);
        return;
    }
    api.postMessage(message);
}

/** The panel's saved state: what the host's serializer reopens the panel from after a reload. */
export function saveState(state: PanelState): void {
    api.setState(state);
}

/** Listens for host messages of one view; call `post({ type: 'ready' })` after this, never before. */
export function listen<T>(check: Validator<T>, handle: (message: T) => void): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => {
        const problem = check.problem(event.data);
        if (problem) {
            console.warn(`lissnas webview: ignored a malformed message: ${problem}`);
            post({ type: 'problem', message: `ignored a malformed message: ${problem}` });
            return;
        }
        try {
            handle(event.data as T);
        } catch (error) {
            const text = error instanceof Error ? `${error.message}` : String(error);
            console.error(error);
            post({ type: 'problem', message: `failed to draw: ${text}` });
        }
    });
}
