import type { ImportedSpace, ImportFormat } from './imported.js';
import { importKatib } from './katib.js';
import { importNni } from './nni.js';
import { importOptunaJson } from './optuna-json.js';
import { importWandb } from './wandb.js';

export { IMPORT_FORMATS, type ImportFormat, type ImportedSpace } from './imported.js';
export { nasText } from './nas-text.js';

export function importSpace(format: ImportFormat, text: string, name: string): ImportedSpace {
    switch (format) {
        case 'nni':
            return importNni(text, name);
        case 'wandb':
            return importWandb(text, name);
        case 'katib':
            return importKatib(text, name);
        case 'optuna-json':
            return importOptunaJson(text, name);
    }
}

/**
 * The format of a file when `--from` is not given: YAML `kind: Experiment` is Katib, other YAML W&B; JSON whose
 * values carry `_type` is NNI, whose values carry Optuna's `name`/`attributes` (or strings of them) optuna-json.
 */
export function guessFormat(path: string, text: string): ImportFormat | undefined {
    const lower = path.toLowerCase();
    if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return /^kind:\s*Experiment\s*$/m.test(text) ? 'katib' : 'wandb';
    if (/"_type"\s*:/.test(text)) return 'nni';
    if (/Distribution/.test(text)) return 'optuna-json';
    return undefined;
}

/** A space name from a file name: `search_space.json` -> `search_space`, `my-sweep.yaml` -> `my_sweep`. */
export function spaceNameOf(path: string): string {
    const base = path.split(/[\\/]/).pop() ?? 'Imported';
    const stem = base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
    return stem === '' ? 'Imported' : /^[0-9]/.test(stem) ? `S${stem}` : stem;
}
