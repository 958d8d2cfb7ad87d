/** Shared set-up of the server tests: the language services with the editor features, and document helpers. */
import { EmptyFileSystem } from 'langium';
import { createNasServices } from '../../dsl/nas-module.js';
import { NasLspModule } from '../../server/nas-lsp-module.js';

export const { shared, Nas } = createNasServices(EmptyFileSystem, NasLspModule);
