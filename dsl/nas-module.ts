/**
 * Dependency-injection wiring of the `.nas` language: the parts every consumer needs (parser, linking,
 * scoping across imports, validation). Editor features (hover, completion, ...) live in `server/` and are
 * passed in as extra modules, so the CLI can check documents without any LSP code.
 */
import { inject, type Module } from 'langium';
import {
    createDefaultModule,
    createDefaultSharedModule,
    type DefaultSharedModuleContext,
    type LangiumServices,
    type LangiumSharedServices,
    type PartialLangiumServices,
    type PartialLangiumSharedServices,
} from 'langium/lsp';
import { NasGeneratedModule, NasGeneratedSharedModule } from './generated/module.js';
import { registerValidationChecks, NasValidator } from './validation/nas-validator.js';
import { NasScopeProvider } from './scoping/nas-scope-provider.js';
import { NasParserErrorMessageProvider } from './validation/parser-messages.js';
import { NasLinker } from './scoping/nas-linker.js';
import { NasReferenceDescriptionProvider, NasScopeComputation } from './scoping/throttled-passes.js';
import { NasDocumentBuilder } from './scoping/nas-document-builder.js';
import { createTunedParser } from './parser-tuning.js';
import { NasValueConverter } from './value-converter.js';
import { NasDocumentValidator } from './validation/document-validator.js';
import { NasValidationRegistry } from './validation/sync-registry.js';

/** Services this language adds to Langium's defaults. */
export interface NasAddedServices {
    validation: {
        NasValidator: NasValidator;
    };
}

export type NasServices = LangiumServices & NasAddedServices;

export const NasModule: Module<NasServices, PartialLangiumServices & NasAddedServices> = {
    parser: {
        ParserErrorMessageProvider: () => new NasParserErrorMessageProvider(),
        LangiumParser: (services) => createTunedParser(services),
        ValueConverter: () => new NasValueConverter(),
    },
    validation: {
        NasValidator: (services) => new NasValidator(services),
        DocumentValidator: (services) => new NasDocumentValidator(services),
        ValidationRegistry: (services) => new NasValidationRegistry(services),
    },
    references: {
        ScopeProvider: (services) => new NasScopeProvider(services),
        Linker: (services) => new NasLinker(services),
        ScopeComputation: (services) => new NasScopeComputation(services),
    },
    workspace: {
        ReferenceDescriptionProvider: (services) => new NasReferenceDescriptionProvider(services),
    },
};

/** Shared services: the document builder loads imported files that are not in the workspace. */
export const NasSharedModule: Module<LangiumSharedServices, PartialLangiumSharedServices> = {
    workspace: {
        DocumentBuilder: (services) => new NasDocumentBuilder(services),
    },
};

/** Creates the shared and language services; `extra` modules (the server's LSP features) override defaults. */
export function createNasServices(
    context: DefaultSharedModuleContext,
    ...extra: Array<Module<NasServices, PartialLangiumServices>>
): { shared: LangiumSharedServices; Nas: NasServices } {
    const shared = inject(createDefaultSharedModule(context), NasGeneratedSharedModule, NasSharedModule);
    const Nas = inject(createDefaultModule({ shared }), NasGeneratedModule, NasModule, ...(extra as Array<Module<NasServices, unknown>>)) as NasServices;
    shared.ServiceRegistry.register(Nas);
    registerValidationChecks(Nas);
    if (!context.connection) {
        // Without a connection nothing triggers the configuration update that documents wait for.
        shared.workspace.ConfigurationProvider.initialized({});
    }
    return { shared, Nas };
}
