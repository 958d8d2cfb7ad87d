// The trial protocol of `command` evaluators: what a trial program is given (placeholders, environment, files)
// and how its answer is read. No process access here: the local runner (command.ts) and a scheduler back-end
// use the same rules, and the tests check them without spawning anything.
import { lastNumber } from './last-number.js';

/** Everything one trial is told about itself. */
export interface TrialContext {
    arch: string;
    key: string;
    genotype: readonly number[];
    trialId: string;
    /** The trial's own folder: `<run dir>/trials/<trial id>`. */
    trialDir: string;
    runDir: string;
    resultFile: string;
    progressFile: string;
    seed: number;
    attempt: number;
}

/** The placeholders a command line may hold, and the environment variable carrying the same value. */
export const PLACEHOLDERS = ['arch', 'key', 'genotype', 'trial_id', 'params_json', 'result_file', 'run_dir', 'seed'] as const;

function placeholderValues(t: TrialContext): Record<(typeof PLACEHOLDERS)[number], string> {
    return {
        arch: t.arch,
        key: t.key,
        genotype: JSON.stringify(t.genotype),
        trial_id: t.trialId,
        params_json: JSON.stringify({ arch: t.arch, key: t.key, genotype: t.genotype, trial_id: t.trialId, seed: t.seed }),
        result_file: t.resultFile,
        run_dir: t.runDir,
        seed: String(t.seed),
    };
}

/** The argument array of one trial: each `{name}` replaced in each argument (no shell, no splitting). */
export function trialArgv(template: readonly string[], t: TrialContext): string[] {
    const values = placeholderValues(t);
    return template.map((a) => a.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? values[name as keyof typeof values] : whole)));
}

/**
 * Variables of the parent kept in a trial's environment; nothing else leaks (no tokens, no editor variables).
 * `LISSNAS_*` of the parent pass too (a wrapper may configure its script that way); the trial's own
 * `LISSNAS_*` values below override them.
 */
export const KEPT_ENV = ['PATH', 'HOME', 'USER', 'LOGNAME', 'LANG', 'LC_ALL', 'LC_CTYPE', 'TZ', 'TMPDIR', 'CUDA_VISIBLE_DEVICES', 'PYTHONPATH', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'SLURM_CONF', 'SYSTEMROOT'] as const;

/** The environment of one trial: the kept variables of `parent` plus `LISSNAS_<PLACEHOLDER>` for each placeholder. */
export function trialEnv(parent: Readonly<Record<string, string | undefined>>, t: TrialContext): Record<string, string> {
    const env = keptEnv(parent);
    for (const [name, value] of Object.entries(placeholderValues(t))) env[`LISSNAS_${name.toUpperCase()}`] = value;
    env.LISSNAS_TRIAL_DIR = t.trialDir;
    env.LISSNAS_PROGRESS_FILE = t.progressFile;
    env.LISSNAS_ATTEMPT = String(t.attempt);
    return env;
}

/** The kept variables of `parent` (KEPT_ENV and LISSNAS_*): a trial's base environment, and Slurm commands'. */
export function keptEnv(parent: Readonly<Record<string, string | undefined>>): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, value] of Object.entries(parent)) {
        if (value !== undefined && ((KEPT_ENV as readonly string[]).includes(name) || name.startsWith('LISSNAS_'))) env[name] = value;
    }
    return env;
}

/** How a trial's answer is read: a JSON object (result file, else last JSON line of stdout), or the old last number. */
export type OutputMode = 'json' | 'last_number';

export interface TrialAnswer {
    metric: number;
    report: number | undefined;
    /** Fields of the result object besides the metric and report (kept in the journal). */
    extra?: Record<string, unknown>;
    /** Where the answer came from, for messages. */
    from: 'result_file' | 'stdout' | 'last_number';
}

export interface AnswerFields {
    metric: string;
    report?: string;
}

/** The last line of `text` that parses as a JSON object, if any. */
export function lastJsonObject(text: string): Record<string, unknown> | undefined {
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i].trim();
        if (!line.startsWith('{')) continue;
        try {
            const value: unknown = JSON.parse(line);
            if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
        } catch {
            // not JSON: keep looking upwards
        }
    }
    return undefined;
}

/** The answer an object gives, or the sentence saying what is wrong with it. */
export function answerOf(object: Record<string, unknown>, fields: AnswerFields, from: TrialAnswer['from']): TrialAnswer | string {
    const metric = object[fields.metric];
    const where = from === 'result_file' ? 'the result file' : 'the last JSON line of stdout';
    if (typeof metric !== 'number' || !Number.isFinite(metric)) return `${where} has no finite number '${fields.metric}' (it has ${Object.keys(object).join(', ') || 'no field'})`;
    let report: number | undefined;
    if (fields.report !== undefined) {
        const r = object[fields.report];
        if (typeof r !== 'number' || !Number.isFinite(r)) return `${where} has no finite number '${fields.report}' (the report)`;
        report = r;
    }
    const extra = Object.fromEntries(Object.entries(object).filter(([k]) => k !== fields.metric && k !== fields.report));
    return { metric, report: fields.report === undefined ? metric : report, ...(Object.keys(extra).length > 0 ? { extra } : {}), from };
}

/**
 * Reads a finished trial's answer. `resultText`: the result file's content (undefined when the trial wrote none);
 * it wins over stdout. In `last_number` mode the last number printed on stdout is the metric (the old protocol).
 */
export function readTrialAnswer(mode: OutputMode, fields: AnswerFields, resultText: string | undefined, stdout: string): TrialAnswer | string {
    if (mode === 'last_number') {
        const x = lastNumber(stdout);
        return x === undefined ? 'printed no number on stdout' : { metric: x, report: x, from: 'last_number' };
    }
    if (resultText !== undefined) {
        let value: unknown;
        try {
            value = JSON.parse(resultText);
        } catch {
            return `the result file is not JSON: ${resultText.slice(0, 80)}`;
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'the result file does not hold a JSON object';
        return answerOf(value as Record<string, unknown>, fields, 'result_file');
    }
    const object = lastJsonObject(stdout);
    if (!object) return `wrote no result file and printed no JSON object on stdout (expected e.g. {"${fields.metric}": 91.2})`;
    return answerOf(object, fields, 'stdout');
}

/** The last lines of a log, on one line, for an error message. */
export function tail(text: string, lines = 3): string {
    return text.trim().split('\n').slice(-lines).join(' | ').slice(-400);
}
