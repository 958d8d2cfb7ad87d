/**
 * Entry of the webview bundle (out/webview/main.js), shared by the three panels: the host's HTML says which view
 * this page is (`<body data-view>`). Only the VS Code Elements this UI uses are imported (each registers itself).
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import './style.css';
import { post } from './bridge.js';
import { startPockets } from './pocket-view.js';
import { startProgress } from './progress-view.js';
import { startStudy } from './study-view.js';

const root = document.getElementById('app')!;
const view = document.body.dataset.view;
if (view === 'progress') startProgress(root);
else if (view === 'pockets') startPockets(root);
else if (view === 'study') startStudy(root);
// Listening now (each start* added its message listener): the host may send data.
post({ type: 'ready' });
