import type { Domain } from '../spec.js';
import { randintMax, type ExportWarning } from './decisions.js';
import type { ExportInput } from './input.js';
import { py, pyCondition, pyDecoder, pyList } from './python.js';

/**
 * An Optuna module: `suggest(trial)` draws every active parameter with `trial.suggest_categorical/int/float`
 * (`log=True`, `step=`) and returns them as a flat dict; conditions are Python `if`s over what was drawn
 * (define-by-run expresses every `when` exactly). Optuna has no normal distributions: normal/lognormal
 * domains become a uniform draw over mu ± 3 sigma (in log space for lognormal), with a warning. Architecture
 * components come with `decode(params)` (python.ts).
 */
export function exportOptuna(input: ExportInput): { text: string; warnings: ExportWarning[] } {
    const warnings: ExportWarning[] = input.flat.warnings.filter((w) => !w.message.includes('graph validity'));
    const body: string[] = [];
    for (const d of input.flat.decisions) {
        const { expr, warning } = suggestExpr(d.name, d.domain, d.when ? '        ' : '    ');
        if (warning) warnings.push({ construct: d.name, message: warning });
        const line = `params[${py(d.name)}] = ${expr}`;
        if (d.when) body.push(`    if ${pyCondition(d.when, (n) => `params.get(${py(n)})`)}:`, `        ${line}`);
        else body.push(`    ${line}`);
    }
    for (const c of input.flat.components) {
        if (c.kind === 'graph') warnings.push({ construct: c.prefix, message: `graph ${c.prefix}: Optuna samples adjacency bits independently; decode(params) raises InvalidArchitecture for invalid graphs (report those trials as pruned or failed); isomorphism is lost` });
    }
    const text = [
        `"""Search space ${input.flat.name} for Optuna, exported by lissnas from ${input.source}.`,
        '',
        'Use: study.optimize(lambda trial: train(suggest(trial)), n_trials=...); inactive conditional',
        'parameters are not suggested (absent from the dict)."""',
        '',
        '',
        'def suggest(trial):',
        '    """Draws one configuration: a dict from parameter name to value."""',
        '    params = {}',
        ...body,
        '    return params',
        '',
        pyDecoder(input.flat.components),
    ].join('\n');
    return { text: text.replace(/\n+$/, '\n'), warnings };
}

function suggestExpr(name: string, d: Domain, indent: string): { expr: string; warning?: string } {
    const n = py(name);
    switch (d.type) {
        case 'choice':
            return { expr: `trial.suggest_categorical(${n}, ${pyList(d.values, indent)})` };
        case 'randint':
            return { expr: `trial.suggest_int(${n}, ${d.low}, ${randintMax(d)}${d.step !== 1 ? `, step=${d.step}` : ''})` };
        case 'uniform':
            return { expr: `trial.suggest_float(${n}, ${d.low}, ${d.high})` };
        case 'loguniform':
            return { expr: `trial.suggest_float(${n}, ${d.low}, ${d.high}, log=True)` };
        case 'quniform':
            // NNI/hyperopt quniform: round(uniform(low, high) / q) * q; Optuna's step grid starts at low.
            if (onGrid(d.low, d.q) && onGrid(d.high - d.low, d.q)) return { expr: `trial.suggest_float(${n}, ${d.low}, ${d.high}, step=${d.q})` };
            return { expr: `round(trial.suggest_float(${n}, ${d.low}, ${d.high}) / ${d.q}) * ${d.q}` };
        case 'qloguniform':
            return { expr: `round(trial.suggest_float(${n}, ${d.low}, ${d.high}, log=True) / ${d.q}) * ${d.q}` };
        case 'normal':
        case 'qnormal': {
            const draw = `trial.suggest_float(${n}, ${d.mu - 3 * d.sigma}, ${d.mu + 3 * d.sigma})`;
            return { expr: d.type === 'qnormal' ? `round(${draw} / ${d.q}) * ${d.q}` : draw, warning: `${name}: Optuna has no normal distribution; ${d.type}(${d.mu}, ${d.sigma}) exported as uniform over mu ± 3 sigma` };
        }
        case 'lognormal':
        case 'qlognormal': {
            const draw = `trial.suggest_float(${n}, ${Math.exp(d.mu - 3 * d.sigma)}, ${Math.exp(d.mu + 3 * d.sigma)}, log=True)`;
            return { expr: d.type === 'qlognormal' ? `round(${draw} / ${d.q}) * ${d.q}` : draw, warning: `${name}: Optuna has no lognormal distribution; ${d.type}(${d.mu}, ${d.sigma}) exported as log-uniform over exp(mu ± 3 sigma)` };
        }
    }
}

function onGrid(x: number, q: number): boolean {
    const r = x / q;
    return Math.abs(r - Math.round(r)) < 1e-9;
}
