/**
 * Entry of the `.nas` language server (`lissnas-language-server --stdio`, or node-ipc when VS Code starts it).
 * The transport comes from the command line (`--stdio`, `--node-ipc`, `--socket=N`), which
 * `createConnection` reads itself. Wiring only: the language lives in `dsl/`, the editor features in
 * `server/features/`, the custom requests in `server/size-requests.ts`.
 */
import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createNasServices } from '../dsl/nas-module.js';
import { NasLspModule } from './nas-lsp-module.js';
import { setGuardLogger } from './features/guard.js';
import { installCrashGuards, makeLogger } from './crash-guard.js';
import { registerSizeRequests } from './size-requests.js';
import { registerSizeRefresh } from './size-refresh.js';

const connection = createConnection(ProposedFeatures.all);
installCrashGuards(connection);
// Errors the feature guards catch go to the client's output channel, not to stderr nobody reads.
setGuardLogger(makeLogger(connection));

const { shared } = createNasServices({ connection, ...NodeFileSystem }, NasLspModule);
registerSizeRequests(connection, shared);
registerSizeRefresh(connection, shared);
startLanguageServer(shared);
