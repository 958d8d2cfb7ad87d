/**
 * Registers every validation check of the language. Checks live in one file per concern, each exporting a
 * `ValidationChecks` table keyed by AST type; this file only assembles them.
 */
import type { ValidationChecks } from 'langium';
import type { NasAstType } from '../generated/ast.js';
import type { NasServices } from '../nas-module.js';
import { nameChecks } from './names.js';
import { importChecks } from './imports.js';
import { opChecks } from './ops.js';
import { domainChecks } from './domains.js';
import { conditionChecks } from './conditions.js';
import { cellChecks } from './cells.js';
import { spaceChecks } from './spaces.js';
import { settingChecks } from './settings.js';
import { networkKeyChecks } from './network-keys.js';
import { evaluatorChecks } from './evaluators.js';
import { policyChecks } from './policies.js';
import { searchChecks } from './searches.js';
import { registerPassMemo } from './pass-memo.js';
import { quotedNameChecks } from './quoted-names.js';
import { limitChecks } from './limits.js';
import { savedSpaceChecks } from './saved-spaces.js';

export function registerValidationChecks(services: NasServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.NasValidator;
    registerPassMemo(registry);
    for (const checks of validator.allChecks()) registry.register(checks, validator);
}

/** Builds the check tables; kept as a service so a language-server module can extend or replace it. */
export class NasValidator {
    constructor(protected readonly services: NasServices) {}

    allChecks(): Array<ValidationChecks<NasAstType>> {
        const s = this.services;
        return [
            nameChecks(s),
            importChecks(s),
            opChecks(s),
            domainChecks(),
            conditionChecks(),
            cellChecks(),
            spaceChecks(),
            settingChecks(),
            networkKeyChecks(),
            evaluatorChecks(s.shared.workspace.FileSystemProvider),
            savedSpaceChecks(s.shared.workspace.FileSystemProvider),
            policyChecks(),
            searchChecks(),
            quotedNameChecks(),
            limitChecks(),
        ];
    }
}
