import type { ExportWarning } from './decisions.js';
import type { ExportInput } from './input.js';
import { exportKatib } from './katib.js';
import { exportNni } from './nni.js';
import { exportOptuna } from './optuna.js';
import { exportRay } from './ray.js';
import { exportWandb } from './wandb.js';

/** The space formats of `lissnas export --to`, each with its file extension; `json`/`csv` are architectures.ts. */
export const SPACE_FORMATS = {
    nni: { extension: 'json', run: exportNni, what: 'NNI search-space JSON (_type/_value, nested choices for conditionals)' },
    optuna: { extension: 'py', run: exportOptuna, what: 'Python module with suggest(trial) for Optuna' },
    ray: { extension: 'py', run: exportRay, what: 'Python module with a Ray Tune param_space' },
    wandb: { extension: 'yaml', run: exportWandb, what: 'W&B sweep configuration (YAML)' },
    katib: { extension: 'yaml', run: exportKatib, what: 'Katib Experiment (YAML)' },
} as const;

export type SpaceFormat = keyof typeof SPACE_FORMATS;
export const TABLE_FORMATS = { json: 'architectures with pockets and metrics (JSON)', csv: 'architectures with pockets and metrics (CSV)' } as const;
export type TableFormat = keyof typeof TABLE_FORMATS;
export const FORMATS = [...Object.keys(SPACE_FORMATS), ...Object.keys(TABLE_FORMATS)] as Array<SpaceFormat | TableFormat>;

export function isSpaceFormat(f: string): f is SpaceFormat {
    return Object.hasOwn(SPACE_FORMATS, f);
}

export function exportSpace(format: SpaceFormat, input: ExportInput): { text: string; warnings: ExportWarning[] } {
    const out = SPACE_FORMATS[format].run(input);
    // One warning per message: a space with several equal components repeats them.
    const seen = new Set<string>();
    return { text: out.text, warnings: out.warnings.filter((w) => (seen.has(w.message) ? false : (seen.add(w.message), true))) };
}
