/**
 * Entry of the `.nas` language server (`lissnas-language-server --stdio`, or node-ipc when VS Code starts it).
 * The transport comes from the command line (`--stdio`, `--node-ipc`, `--socket=N`), which
 * `createConnection` reads itself. Wiring only: the language lives in `dsl/`, the editor features in
 * `server/features/`, the custom requests in `server/size-requests.ts` and `server/declarations-request.ts`.
 */
import { DocumentState } from 'langium';
import { startLanguageServer } from 'langium/lsp';
import { NasNodeFileSystem } from '../dsl/node-file-system.js';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node.js';
import { createNasServices } from '../dsl/nas-module.js';
import { NasLspModule } from './nas-lsp-module.js';
import { setGuardLogger } from './features/guard.js';
import { setBuildFailureLogger } from '../dsl/scoping/nas-document-builder.js';
import { setLeakReporter } from '../dsl/messages.js';
import { installCrashGuards, makeLogger } from './crash-guard.js';
import { registerSizeRequests } from './size-requests.js';
import { registerSizeRefresh } from './size-refresh.js';
import { registerDeclarationsRequest } from './declarations-request.js';

const connection = createConnection(ProposedFeatures.all);
installCrashGuards(connection);
// Errors the feature guards catch go to the client's output channel, not to stderr nobody reads.
const log = makeLogger(connection);
setGuardLogger(log);
setBuildFailureLogger(log);
// A message that needed an internal value replaced shows '?' to the user; its source is a bug worth a report.
setLeakReporter((message) => log(`[nas] a message carried an internal value (shown cleaned): ${message}`));

const { shared } = createNasServices({ connection, ...NasNodeFileSystem }, NasLspModule);
registerSizeRequests(connection, shared);
registerSizeRefresh(connection, shared);
registerDeclarationsRequest(connection, shared);
// The requests an editor sends after every keystroke to redraw decorations (semantic tokens, symbols,
// folding, code lens, inlay hints) wait until the document is validated. By default they ran between the
// build's phases, each a pass over the whole file, so on a 5,000-line file the diagnostics of a keystroke
// came after all of them (docs/benchmarks.md, "Keystrokes over stdio"). Hover, completion and the other
// requests a user waits for keep Langium's earlier states.
const afterValidation = DocumentState.Validated;
startLanguageServer(shared, {
    SemanticTokenProvider: afterValidation,
    DocumentSymbolProvider: afterValidation,
    FoldingRangeProvider: afterValidation,
    CodeLensProvider: afterValidation,
    InlayHintProvider: afterValidation,
});
